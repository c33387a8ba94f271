// /slices (the slice finder): the rows loaders/metrics/slice-finder.ts ranks (computed in the page's worker), as the
// page shows them: what each slice is in words, its link to the error explorer, the drawing (rate and interval
// per slice against the rate over everything) and the table. Shaping is pure (tested in Node); the drawing and
// the table take `document`.
import * as d3 from "d3";
import { SVG_NS } from "./export.js";
import type { FindKind, FindRequest, FoundRow } from "./finder-types.js";
import { formatInterval, formatNumber, formatCount } from "./format.js";
import { swatches } from "./legend.js";
import { OUTCOME_COLORS, SERIES_COLORS } from "./palette.js";
import { link } from "./url-state.js";

export const FIND_KINDS: readonly FindKind[] = ["over_refusal", "under_refusal", "difference"];

export const KIND_LABELS: Readonly<Record<FindKind, string>> = {
  over_refusal: "over-refusal: refusals of answerable questions",
  under_refusal: "under-refusal: answers to unanswerable questions",
  difference: "two runs: where they differ",
};

/** The fields the finder slices by, in its order (loaders/metrics FINDER_FIELDS). */
export const FINDER_FIELDS = ["category", "question_type", "source", "dataset", "flags", "video"] as const;
export const DEFAULT_MIN_SUPPORT = 20;

/** What the event and the population are, in words, for captions and labels. */
export function kindWords(request: FindRequest): { population: string; event: string; rate: string; metric: string } {
  if (request.kind !== "difference") {
    return request.kind === "over_refusal"
      ? { population: "answerable items", event: "refused", rate: "refusal rate on answerable items", metric: "over_refusal" }
      : { population: "unanswerable items", event: "answered", rate: "answer rate on unanswerable items", metric: "under_refusal" };
  }
  const what = request.outcome === "refused" ? "refused" : "correct";
  return { population: "items both runs have", event: "discordant", rate: `share ${what}: ${request.b} minus ${request.a}`, metric: what };
}

/** "question_type = what · flags = edited-question". */
export function sliceLabel(row: Pick<FoundRow, "fields" | "values">): string {
  return row.fields.map((f, k) => `${f} = ${row.values[k]}`).join(" · ");
}

/** The order of a finder link's keys: the explorer's own, then the filter bar's item keys, then the slice. */
export const FINDER_LINK_ORDER = ["run", "outcome", "dataset", "category", "flag", "slice"];

/**
 * The error explorer on a finder row's slice: `slice=<expr>` (the generic key, for any field) with the named keys
 * the explorer has where the slice uses their fields (dataset, category, flag), the run(s), and the population
 * (answerable items for over-refusal, unanswerable ones for under-refusal). `events`: only the slice's events
 * (the refusals, or the answers); two runs have no such filter (their discordant items are told apart there).
 */
export function finderHref(row: Pick<FoundRow, "fields" | "values" | "slice">, request: FindRequest, unanswerable: readonly string[], events = false): string {
  const named = (field: string) => {
    const k = row.fields.indexOf(field);
    return k < 0 ? null : [row.values[k]!];
  };
  const state: Record<string, string[] | null> = { dataset: named("dataset"), flag: named("flags"), slice: [row.slice] };
  if (request.kind === "difference") {
    state.run = [request.a, request.b];
    state.category = named("category");
  } else {
    state.run = [request.run];
    state.category = request.kind === "over_refusal" ? ["answerable"] : named("category") ?? [...unanswerable];
    if (events) state.outcome = [request.kind === "over_refusal" ? "R" : "A"];
  }
  return link("./explorer", state, FINDER_LINK_ORDER);
}

/** p and q in a few characters: three decimals, or two significant digits below 0.001. */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return String(p);
  if (p >= 0.001 || p === 0) return p.toFixed(3);
  return p.toExponential(1);
}

export interface ShownRow extends FoundRow {
  rank: number;
  label: string;
  href: string;
  events_href: string | null;
}

/** The first `top` rows (0: every row), each with its rank, label and links. */
export function shownRows(rows: readonly FoundRow[], request: FindRequest, unanswerable: readonly string[], top: number): ShownRow[] {
  return rows.slice(0, top > 0 ? top : rows.length).map((row, k) => ({
    ...row, rank: k + 1, label: sliceLabel(row),
    href: finderHref(row, request, unanswerable),
    events_href: request.kind === "difference" ? null : finderHref(row, request, unanswerable, true),
  }));
}

/** The CSV columns of the drawn rows. */
export function finderColumns(kind: FindKind): string[] {
  const base = ["rank", "slice", "fields", "values", "n", "count", "rate", "ci_low", "ci_high", "baseline", "lift", "p", "q"];
  return kind === "difference" ? [...base, "mcnemar_b", "mcnemar_c"] : base;
}

/** The drawn rows as CSV records (fields and values joined with " & "). */
export function finderCsvRows(rows: readonly ShownRow[], kind: FindKind): Record<string, unknown>[] {
  const columns = finderColumns(kind);
  return rows.map((r) => Object.fromEntries(columns.map((c) => [c, c === "fields" || c === "values" ? (r[c] as string[]).join(" & ") : (r as unknown as Record<string, unknown>)[c]])));
}

/** The hooks of a row's mark: one run's rate, or two runs' difference (data-a, data-b, data-diff). */
export function finderHooks(row: FoundRow, request: FindRequest): Record<string, string> {
  const metric = kindWords(request).metric;
  if (request.kind === "difference") return { a: request.a, b: request.b, slice: row.slice, metric, diff: String(row.rate), n: String(row.n), q: String(row.q) };
  return { run: request.run, slice: row.slice, metric, value: String(row.rate), n: String(row.n), q: String(row.q) };
}

export function rowTitle(row: ShownRow, request: FindRequest): string {
  const words = kindWords(request);
  const head = `#${row.rank} ${row.label}`;
  if (request.kind === "difference") {
    return `${head}: ${words.rate} = ${formatNumber(row.rate, 3)} ${formatInterval(row.ci_low, row.ci_high, 3)} over ${row.n} items (${row.mcnemar_b} right only in ${request.a}, ${row.mcnemar_c} only in ${request.b}); over every shared item ${formatNumber(row.baseline, 3)}; McNemar p = ${formatP(row.p)}, q = ${formatP(row.q)}`;
  }
  return `${head}: ${row.count} of ${row.n} ${words.population} ${words.event} = ${formatNumber(row.rate, 3)} ${formatInterval(row.ci_low, row.ci_high, 3)}; over all ${words.population} ${formatNumber(row.baseline, 3)} (lift ${row.lift === null ? "–" : formatNumber(row.lift, 2)}); Fisher p = ${formatP(row.p)}, q = ${formatP(row.q)}`;
}

/** The x domain: [0, a bit above the largest upper limit] for a rate, symmetric around 0 for a difference. */
export function finderDomain(rows: readonly FoundRow[], kind: FindKind): [number, number] {
  if (kind === "difference") {
    const m = Math.max(0.05, ...rows.flatMap((r) => [Math.abs(r.ci_low), Math.abs(r.ci_high), Math.abs(r.baseline)]));
    const edge = Math.min(1, Math.ceil(m * 10) / 10);
    return [-edge, edge];
  }
  const m = Math.max(0.05, ...rows.flatMap((r) => [r.ci_high, r.baseline]));
  return [0, Math.min(1, Math.ceil(m * 10) / 10)];
}

export interface FinderPlotOptions {
  width: number;
  request: FindRequest;
  /** q below this is drawn filled. */
  alpha?: number;
  fontSize?: number;
}

/** One row per slice: its rate (dot, filled when q < alpha) with its interval, against the rate over everything. */
export function finderPlot(doc: Document, rows: readonly ShownRow[], options: FinderPlotOptions): HTMLElement {
  const { request, width } = options;
  const fontSize = options.fontSize ?? 12;
  const alpha = options.alpha ?? 0.05;
  const color = request.kind === "over_refusal" ? OUTCOME_COLORS.R : request.kind === "under_refusal" ? OUTCOME_COLORS.A : SERIES_COLORS[3];
  const words = kindWords(request);
  const container = doc.createElement("div");
  container.className = "finder-plot";
  container.append(swatches(doc, [
    { label: `q < ${alpha} (Benjamini-Hochberg)`, color },
    { label: `q ≥ ${alpha}`, color, shape: "hollow" },
    { label: request.kind === "difference" ? "over every shared item" : `over all ${words.population}`, color: "currentColor", shape: "line" },
  ], width));

  const narrow = width < 640;
  const right = Math.round(fontSize * 9.5);
  const texts = rows.map((r) => `${r.rank}. ${r.label}`);
  const label = narrow ? 0 : Math.round(Math.min(width * 0.42, 16 + Math.max(10, ...texts.map((t) => t.length)) * fontSize * 0.6));
  const rowHeight = narrow ? Math.round(fontSize * 3.4) : Math.round(fontSize * 2);
  const top = Math.round(fontSize * 3);
  const plotLeft = label + (narrow ? 16 : 10), plotRight = width - right;
  const height = top + rows.length * rowHeight + 6;
  const x = d3.scaleLinear().domain(finderDomain(rows, request.kind)).range([plotLeft, plotRight]);
  const root = doc.createElementNS(SVG_NS, "svg") as SVGSVGElement;
  const svg = d3.select(root).attr("class", "finder-rows").attr("width", width).attr("height", height).attr("viewBox", `0 0 ${width} ${height}`)
    .attr("font-size", fontSize).attr("font-family", "system-ui, sans-serif").attr("fill", "currentColor")
    .attr("role", "group").attr("aria-label", `slices ranked: ${words.rate}`);
  // The y of each row's dot; on a narrow drawing the label takes the line above it.
  const dotY = (k: number) => top + k * rowHeight + (narrow ? rowHeight - fontSize * 0.9 : rowHeight / 2);
  // Vertical rules (grid, 0, the rate over everything) run through the rows, or, narrow, through each dot's band
  // only, so they never cross a label.
  const vertical = (g: d3.Selection<SVGGElement, unknown, null, undefined>, at: number) => {
    if (!narrow) return g.append("line").attr("x1", at).attr("x2", at).attr("y1", top - 4).attr("y2", height - 4);
    rows.forEach((_, k) => g.append("line").attr("x1", at).attr("x2", at).attr("y1", dotY(k) - 7).attr("y2", dotY(k) + 7));
    return g;
  };

  // Axis on top, with the rate over everything (and 0 for a difference) as rules through every row.
  const axis = svg.append("g").attr("class", "axis").attr("font-size", fontSize * 0.85).attr("fill-opacity", 0.8);
  const ticks = x.ticks(narrow ? 4 : 6);
  const tickText = x.tickFormat(narrow ? 4 : 6);
  const grid = svg.append("g").attr("class", "grid").attr("stroke", "currentColor").attr("stroke-opacity", 0.1);
  for (const tick of ticks) {
    vertical(grid, x(tick));
    axis.append("text").attr("x", x(tick)).attr("y", top - 8).attr("text-anchor", "middle").text(tickText(tick).replace("−", "-"));
  }
  svg.append("text").attr("x", plotLeft).attr("y", fontSize).attr("font-size", fontSize * 0.85).attr("fill-opacity", 0.8).text(`${words.rate} →`);
  svg.append("text").attr("x", width).attr("y", top - 8).attr("text-anchor", "end").attr("font-size", fontSize * 0.85).attr("fill-opacity", 0.8).text("n · q");
  if (request.kind === "difference") vertical(svg.append("g").attr("class", "zero").attr("stroke", "currentColor").attr("stroke-opacity", 0.35), x(0));
  const baseline = rows[0]?.baseline ?? 0;
  vertical(svg.append("g").attr("class", "finder-baseline").attr("data-baseline", String(baseline))
    .attr("stroke", "currentColor").attr("stroke-dasharray", "4 3").attr("stroke-width", 1.2), x(baseline));

  // Narrow: the label has the whole line above its dot; n and q go at the end of the dot's line.
  const maxChars = narrow ? Math.floor(width / (fontSize * 0.58)) : Math.max(8, Math.floor((label - 12) / (fontSize * 0.56)));
  rows.forEach((row, k) => {
    const y = dotY(k);
    const a = svg.append("a").attr("class", "finder-row").attr("href", row.href)
      .attr("aria-label", `${rowTitle(row, request)}; open this slice in the error explorer`);
    a.append("title").text(rowTitle(row, request));
    a.append("rect").attr("x", 0).attr("y", top + k * rowHeight).attr("width", width).attr("height", rowHeight)
      .attr("fill", "currentColor").attr("fill-opacity", k % 2 ? 0.035 : 0);
    const text = texts[k]!;
    const short = text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
    a.append("text").attr("class", "finder-label").attr("x", narrow ? 0 : label).attr("text-anchor", narrow ? "start" : "end")
      .attr("y", narrow ? top + k * rowHeight + fontSize + 1 : y).attr("dy", narrow ? 0 : "0.35em").text(short);
    a.append("line").attr("x1", x(row.ci_low)).attr("x2", x(row.ci_high)).attr("y1", y).attr("y2", y).attr("stroke", color).attr("stroke-width", 2);
    const dot = a.append("circle").attr("cx", x(row.rate)).attr("cy", y).attr("r", 4.5)
      .attr("fill", row.q < alpha ? color : "none").attr("stroke", color).attr("stroke-width", 1.5);
    for (const [name, value] of Object.entries(finderHooks(row, request))) dot.attr(`data-${name}`, value);
    a.append("text").attr("class", "finder-support").attr("x", width).attr("text-anchor", "end")
      .attr("y", y).attr("dy", "0.35em").attr("font-size", fontSize * 0.9)
      .text(`${formatCount(row.n)} · ${formatP(row.q)}`);
  });
  container.append(root);
  return container;
}

/** The table of the same rows: every figure of the finder, the links to the explorer. */
export function finderTable(doc: Document, rows: readonly ShownRow[], request: FindRequest): HTMLTableElement {
  const table = doc.createElement("table");
  table.className = "scores finder-table";
  const words = kindWords(request);
  const head = request.kind === "difference"
    ? ["#", "slice", "n", `right only in ${request.a}`, `right only in ${request.b}`, "difference [95%]", "overall", "p (McNemar)", "q"]
    : ["#", "slice", "n", words.event, "rate [95%]", "overall", "lift", "p (Fisher)", "q"];
  if (request.kind === "difference" && request.outcome === "refused") { head[3] = `refused only by ${request.a}`; head[4] = `refused only by ${request.b}`; }
  const thead = table.createTHead().insertRow();
  for (const h of head) {
    const th = doc.createElement("th");
    th.textContent = h;
    th.scope = "col";
    thead.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.slice = row.slice;
    const cell = (content: string | Node, className?: string) => {
      const td = tr.insertCell();
      if (className) td.className = className;
      td.append(content);
      return td;
    };
    cell(String(row.rank));
    const a = doc.createElement("a");
    a.href = row.href;
    a.textContent = row.label;
    a.title = "open this slice in the error explorer";
    cell(a, "finder-slice");
    cell(formatCount(row.n), "num");
    if (request.kind === "difference") {
      cell(String(row.mcnemar_b ?? ""), "num");
      cell(String(row.mcnemar_c ?? ""), "num");
    } else {
      const events = doc.createElement("a");
      events.href = row.events_href!;
      events.textContent = formatCount(row.count);
      events.title = `open the ${row.count} ${words.event} items of this slice in the error explorer`;
      cell(events, "num");
    }
    const rate = cell(`${formatNumber(row.rate, 3)} ${formatInterval(row.ci_low, row.ci_high, 3)}`, "score num");
    for (const [name, value] of Object.entries(finderHooks(row, request))) rate.setAttribute(`data-${name}`, value);
    cell(formatNumber(row.baseline, 3), "num");
    if (request.kind !== "difference") cell(row.lift === null ? "–" : formatNumber(row.lift, 2), "num");
    cell(formatP(row.p), "num");
    cell(formatP(row.q), "num");
  }
  return table;
}

/** The caption's sentence on what was tested (pure, so the count reads the same in the test). */
export function finderSummary(rows: readonly FoundRow[], shown: number, alpha = 0.05): string {
  const significant = rows.filter((r) => r.q < alpha).length;
  return `${formatCount(rows.length)} slice${rows.length === 1 ? "" : "s"} tested, ${formatCount(significant)} with q < ${alpha}; the first ${formatCount(Math.min(shown, rows.length))} shown`;
}

/**
 * The finder has no `uvqa` command: its reproduction is loaders/metrics run by Node over the report's own inputs
 * (items.jsonl, predictions.jsonl), in a checkout of the code version the report names, which is what the page's
 * worker runs too.
 */
export function finderReproduce(request: FindRequest, codeVersion: string): { cli: string; note: string } {
  const { kind, ...rest } = request;
  const options: Record<string, unknown> = {};
  for (const key of ["fields", "pairs", "minSupport", "level", "outcome"] as const) if ((rest as Record<string, unknown>)[key] !== undefined) options[key] = (rest as Record<string, unknown>)[key];
  const call = request.kind === "difference"
    ? `findDifferenceSlices(index, runs.get(${JSON.stringify(request.a)}), runs.get(${JSON.stringify(request.b)}), ${JSON.stringify(options)})`
    : `findRefusalSlices(index, runs.get(${JSON.stringify(request.run)}), ${JSON.stringify(kind)}, ${JSON.stringify(options)})`;
  const code = [
    `import { readItemsJsonl } from "./loaders/datasets/items-jsonl.ts";`,
    `import { readLocatedPredictions } from "./loaders/cli/score.ts";`,
    `import { judgeLocated } from "./loaders/pipeline/score.ts";`,
    `import { columnsByRun, findDifferenceSlices, findRefusalSlices, indexItems } from "./loaders/metrics/index.ts";`,
    `const items = await readItemsJsonl("items.jsonl");`,
    `const index = indexItems(items);`,
    `const runs = columnsByRun(index, judgeLocated(items, await readLocatedPredictions("predictions.jsonl")));`,
    `console.log(JSON.stringify(${call}, null, 1));`,
  ].join("\n");
  const quoted = `'${code.replace(/'/g, `'\\''`)}'`;
  return {
    cli: `node --import tsx --input-type=module --eval ${quoted}`,
    note: `The ranking is loaders/metrics/slice-finder.ts (${request.kind === "difference" ? "findDifferenceSlices" : "findRefusalSlices"}), run in your browser by the page's worker; the command below runs it in Node, from a checkout of code version ${codeVersion} with the report's items.jsonl and predictions.jsonl copied into it. A slice's own bootstrap interval: uvqa score --slice '<slice>'.`,
  };
}
