// /pairs: what each run does with an unanswerable question u and its answerable twin t (README, "Twin pairs"):
// the shares of pairs it tells apart (refuses u, answers t correctly), refuses both, answers both, and the rest,
// per run and slice, from the report's scores (pair_acc, pair_refuse_both, pair_answer_both, pair_other) or the
// worker's for a filter slice. Two drawings: a bar per run and slice split into the four shares (the composition,
// with the interval of "tells them apart", which starts at 0), and one panel per share with every interval.
// Every mark links to the list of its pairs (a URL patch of run, split and class, `data-pick`). Data shaping is
// pure (tested in Node); the drawings take `document`.
import * as d3 from "d3";
import * as Plot from "@observablehq/plot";
import { middleEllipsis } from "./categories.js";
import { SVG_NS } from "./export.js";
import { sliceSpecs, type Filters, type SliceSpec } from "./filters.js";
import type { PairClassName } from "./finder-types.js";
import { formatInterval, formatNumber, formatCount } from "./format.js";
import { swatches } from "./legend.js";
import { categoryColor, PAIR_CLASS_COLORS, SERIES_COLORS } from "./palette.js";
import { stampHooks } from "./plot-hooks.js";
import type { Metric, ScoreRow } from "./scores.js";

export interface PairClassInfo {
  class: PairClassName;
  metric: Metric;
  label: string;
  /** The pair's outcomes that put it in the class. */
  outcomes: string;
}

/** The four classes in the order they are stacked; the shares add up to 1 over them. */
export const PAIR_CLASSES: readonly PairClassInfo[] = [
  { class: "apart", metric: "pair_acc", label: "tells them apart", outcomes: "refuses the unanswerable question, answers its twin correctly" },
  { class: "refuse_both", metric: "pair_refuse_both", label: "refuses both", outcomes: "refuses the unanswerable question and its twin" },
  { class: "answer_both", metric: "pair_answer_both", label: "answers both", outcomes: "answers the unanswerable question and its twin (rightly or wrongly)" },
  { class: "other", metric: "pair_other", label: "other", outcomes: "refuses the unanswerable question but answers its twin wrongly, answers it but refuses its twin, or a judgment failed" },
];

export const PAIR_CLASS_NAMES: readonly PairClassName[] = PAIR_CLASSES.map((c) => c.class);

export function classInfo(name: PairClassName): PairClassInfo {
  return PAIR_CLASSES.find((c) => c.class === name)!;
}

/** A series of the figures: the view's items, or one value of the split field. */
export interface PairSeries {
  /** The split value (null: every item the filters keep). */
  split: string | null;
  label: string;
  spec: SliceSpec;
}

/**
 * The series for these filters: every item the filters keep ("all pairs"), then one per split value (category by
 * default). The first is left out when the split gives a single series (it would repeat it).
 */
export function pairSeries(filters: Filters, by: string, precomputed: ReadonlySet<string>, splitValues: readonly string[]): PairSeries[] {
  const [base] = sliceSpecs({ ...filters, by: null }, precomputed);
  const splits = sliceSpecs({ ...filters, by }, precomputed, splitValues).map((spec) => ({
    split: spec.split, label: by === "category" ? spec.split! : `${by}: ${spec.split}`, spec,
  }));
  const all = { split: null, label: base!.label === "all items" ? "all pairs" : `all pairs (${base!.label})`, spec: base! };
  return splits.length === 1 ? splits : [all, ...splits];
}

/** Where a click goes: the list of a run's pairs in a series, of one class or all of them. */
export interface PairPick {
  run: string;
  split: string | null;
  class: PairClassName | null;
}

export interface PairShare {
  run: string;
  split: string | null;
  series: string;
  slice: string;
  adhoc: boolean;
  class: PairClassName;
  metric: Metric;
  value: number;
  n: number;
  ci_low: number;
  ci_high: number;
  judge_failures: number;
  /** Where the share starts and ends in its stacked bar. */
  x0: number;
  x1: number;
}

export interface PairBar {
  run: string;
  split: string | null;
  series: string;
  slice: string;
  adhoc: boolean;
  /** Pairs of the run in the slice (both items judged): the shares' common denominator. */
  n: number;
  judge_failures: number;
  shares: PairShare[];
}

/**
 * One bar per (series, run) with pairs (n > 0), series in order, then runs in order; the four shares stacked in
 * PAIR_CLASSES order. A (series, run) without all four scores is left out (nothing is drawn half).
 */
export function pairBars(series: readonly PairSeries[], runs: readonly string[], scores: readonly ScoreRow[]): PairBar[] {
  const index = new Map<string, ScoreRow>();
  for (const s of scores) index.set(`${s.run}\u0000${s.slice}\u0000${s.metric}`, s);
  const bars: PairBar[] = [];
  for (const { split, label, spec } of series) {
    for (const run of runs) {
      const rows = PAIR_CLASSES.map((c) => index.get(`${run}\u0000${spec.slice}\u0000${c.metric}`));
      if (rows.some((r) => !r) || rows[0]!.n === 0) continue;
      let x = 0;
      const shares = rows.map((r, k): PairShare => {
        const x0 = x;
        x += r!.value;
        return {
          run, split, series: label, slice: spec.slice, adhoc: spec.adhoc, class: PAIR_CLASSES[k]!.class, metric: r!.metric,
          value: r!.value, n: r!.n, ci_low: r!.ci_low, ci_high: r!.ci_high, judge_failures: r!.judge_failures, x0, x1: x,
        };
      });
      bars.push({ run, split, series: label, slice: spec.slice, adhoc: spec.adhoc, n: rows[0]!.n, judge_failures: rows[0]!.judge_failures, shares });
    }
  }
  return bars;
}

/** The rows both figures draw (their CSV): one per share. */
export function pairShareRows(bars: readonly PairBar[]): PairShare[] {
  return bars.flatMap((b) => b.shares);
}

export const PAIR_COLUMNS = ["run", "series", "split", "slice", "class", "metric", "value", "n", "ci_low", "ci_high", "judge_failures"] as const;

const percent = (value: number) => {
  const text = (value * 100).toFixed(0);
  return value > 0 && text === "0" ? "<1%" : value < 1 && text === "100" ? ">99%" : `${text}%`;
};

export function shareTitle(share: PairShare): string {
  const info = classInfo(share.class);
  const count = Math.round(share.value * share.n);
  const failures = share.judge_failures ? ` · ${share.judge_failures} judge failure${share.judge_failures === 1 ? "" : "s"}` : "";
  return `${share.run} · ${share.series} · ${info.label} (${info.outcomes}): ${count} of ${share.n} pairs = ${formatNumber(share.value, 3)} ${formatInterval(share.ci_low, share.ci_high, 3)}${failures}`;
}

export interface PairFigureOptions {
  width: number;
  series: readonly PairSeries[];
  runs: readonly string[];
  /** The link of a pick (the page with the pick in its URL). */
  href: (pick: PairPick) => string;
  /** Called on a plain click of a mark (the link is not followed): the page lists the pairs in place. */
  onPick?: (pick: PairPick) => void;
  fontSize?: number;
}

/** A plain click on a mark carrying `data-pick` calls `onPick`; a modified click (new tab) follows the link. */
function listenForPicks(container: Element, onPick: ((pick: PairPick) => void) | undefined): void {
  if (!onPick) return;
  container.addEventListener("click", (event) => {
    const mouse = event as MouseEvent;
    if (mouse.button !== 0 || mouse.metaKey || mouse.ctrlKey || mouse.shiftKey || mouse.altKey) return;
    const target = (event.target as Element | null)?.closest?.("a[data-pick]");
    if (!target || !container.contains(target)) return;
    event.preventDefault();
    onPick(JSON.parse(target.getAttribute("data-pick")!) as PairPick);
  });
}

const pickOf = (bar: Pick<PairBar, "run" | "split">, cls: PairClassName | null): PairPick => ({ run: bar.run, split: bar.split, class: cls });

/** Bar layout: label column, bar, `n` column; on a narrow panel the label goes above its bar. */
export function barLayout(panelWidth: number, runs: readonly string[], fontSize = 12) {
  const stacked = panelWidth < 520;
  const longest = Math.max(8, ...runs.map((r) => r.length));
  const label = stacked ? 0 : Math.round(Math.min(panelWidth * 0.4, 12 + longest * fontSize * 0.56));
  const count = Math.round(fontSize * 6);
  const bar = Math.max(60, panelWidth - label - count - 8);
  const row = stacked ? Math.round(fontSize * 4) : Math.round(fontSize * 3);
  const maxChars = stacked ? Math.floor(panelWidth / (fontSize * 0.56)) : Math.max(8, Math.floor((label - 12) / (fontSize * 0.56)));
  return { stacked, label, count, bar, row, top: Math.round(fontSize * 2.2), barHeight: Math.round(fontSize * 1.4), maxChars };
}

/** One panel (SVG) per series: each run's bar split into the four shares, its n, the interval of "tells them apart". */
export function pairBarsChart(doc: Document, bars: readonly PairBar[], options: PairFigureOptions): HTMLElement {
  const fontSize = options.fontSize ?? 12;
  const container = doc.createElement("div");
  container.className = "small-multiples pair-bars";
  container.append(swatches(doc, [
    ...PAIR_CLASSES.map((c) => ({ label: c.label, color: PAIR_CLASS_COLORS[c.class] })),
    { label: "95% interval of “tells them apart”", color: "currentColor", shape: "line" as const },
  ], options.width));
  const columns = options.width >= 1000 ? 2 : 1;
  const panelWidth = Math.floor((options.width - (columns - 1) * 24) / columns);
  const L = barLayout(panelWidth, options.runs, fontSize);
  const grid = doc.createElement("div");
  grid.className = "panels";
  grid.style.gridTemplateColumns = `repeat(${columns}, minmax(0, 1fr))`;
  for (const series of options.series) {
    const mine = bars.filter((b) => b.split === series.split);
    if (!mine.length) continue;
    const height = L.top + mine.length * L.row + 4;
    const root = doc.createElementNS(SVG_NS, "svg") as SVGSVGElement;
    const svg = d3.select(root).attr("class", "pair-panel").attr("width", panelWidth).attr("height", height)
      .attr("viewBox", `0 0 ${panelWidth} ${height}`).attr("font-size", fontSize).attr("font-family", "system-ui, sans-serif")
      .attr("fill", "currentColor").attr("role", "group").attr("aria-label", `twin pairs by run: ${series.label}`)
      .attr("data-slice", mine[0]!.slice);
    svg.append("text").attr("class", "panel-title").attr("x", 0).attr("y", fontSize + 2).attr("font-weight", 600)
      .text(middleEllipsis(series.label, Math.floor(panelWidth / (fontSize * 0.6))));
    const x = d3.scaleLinear().domain([0, 1]).range([L.label, L.label + L.bar]);
    mine.forEach((bar, k) => {
      const y = L.top + k * L.row + (L.stacked ? fontSize + 4 : 0);
      const row = svg.append("g").attr("class", "pair-row").attr("data-run", bar.run);
      const label = row.append("text").attr("x", L.stacked ? 0 : L.label - 8).attr("text-anchor", L.stacked ? "start" : "end")
        .attr("y", L.stacked ? y - 4 : y + L.barHeight / 2).attr("dy", L.stacked ? 0 : "0.35em")
        .text(middleEllipsis(bar.run, L.maxChars));
      label.append("title").text(bar.run);
      for (const share of bar.shares) {
        if (share.value <= 0) continue; // nothing to draw or to click; the share panels show it with its interval
        const a = row.append("a").attr("class", "pair-segment").attr("href", options.href(pickOf(bar, share.class)))
          .attr("data-pick", JSON.stringify(pickOf(bar, share.class)))
          .attr("aria-label", `${shareTitle(share)}; list these pairs`);
        a.append("title").text(shareTitle(share));
        const x0 = x(share.x0), w = Math.max(1, x(Math.min(1, share.x1)) - x0);
        a.append("rect").attr("x", x0).attr("y", y).attr("width", w).attr("height", L.barHeight)
          .attr("fill", PAIR_CLASS_COLORS[share.class])
          .attr("data-run", share.run).attr("data-slice", share.slice).attr("data-metric", share.metric)
          .attr("data-value", String(share.value)).attr("data-n", share.n).attr("data-class", share.class);
        const text = percent(share.value);
        if (w >= text.length * fontSize * 0.6 + 6) {
          a.append("text").attr("x", x0 + w / 2).attr("y", y + L.barHeight / 2).attr("dy", "0.35em").attr("text-anchor", "middle")
            .attr("font-size", fontSize * 0.9).attr("fill", share.class === "other" ? "#000000" : "#ffffff")
            .attr("pointer-events", "none").text(text);
        }
      }
      // The interval of "tells them apart" (its share starts at 0, so it reads on the same axis), under the bar.
      const apart = bar.shares[0]!;
      const wy = y + L.barHeight + 4;
      const whisker = row.append("g").attr("class", "apart-interval").attr("stroke", "currentColor").attr("stroke-width", 1.2)
        .attr("data-ci-low", String(apart.ci_low)).attr("data-ci-high", String(apart.ci_high));
      whisker.append("title").text(`tells them apart: ${formatNumber(apart.value, 3)} ${formatInterval(apart.ci_low, apart.ci_high, 3)}`);
      whisker.append("line").attr("x1", x(apart.ci_low)).attr("x2", x(apart.ci_high)).attr("y1", wy).attr("y2", wy);
      for (const v of [apart.ci_low, apart.ci_high]) whisker.append("line").attr("x1", x(v)).attr("x2", x(v)).attr("y1", wy - 3).attr("y2", wy + 3);
      const all = row.append("a").attr("class", "pair-all").attr("href", options.href(pickOf(bar, null)))
        .attr("data-pick", JSON.stringify(pickOf(bar, null)))
        .attr("aria-label", `${bar.run} · ${bar.series}: list all ${bar.n} pairs`);
      all.append("title").text(`list all ${bar.n} pairs of ${bar.run} in ${bar.series}${bar.judge_failures ? ` (${bar.judge_failures} with a failed judgment)` : ""}`);
      all.append("text").attr("x", L.label + L.bar + 8).attr("y", y + L.barHeight / 2).attr("dy", "0.35em")
        .attr("text-decoration", "underline").text(`n = ${formatCount(bar.n)}`);
    });
    grid.append(root);
  }
  container.append(grid);
  listenForPicks(container, options.onPick);
  return container;
}

/** The colour of a series in the share panels: the category's, the page's text colour for "all pairs". */
export function seriesColor(series: PairSeries, all: readonly PairSeries[]): string {
  if (series.split === null) return "currentColor";
  const c = categoryColor(series.split);
  if (c !== "#999999") return c;
  const k = all.filter((s) => s.split !== null).indexOf(series);
  return SERIES_COLORS[Math.max(0, k) % SERIES_COLORS.length]!;
}

/** One Plot panel per share: runs down the side, a dot and its 95% interval per series. */
export function pairSharePanels(doc: Document, bars: readonly PairBar[], options: PairFigureOptions): HTMLElement {
  const container = doc.createElement("div");
  container.className = "small-multiples pair-shares";
  const drawn = options.series.filter((s) => bars.some((b) => b.split === s.split));
  container.append(swatches(doc, drawn.map((s) => ({ label: s.label, color: seriesColor(s, options.series) })), options.width));
  const columns = options.width >= 880 ? 2 : 1;
  const panelWidth = Math.floor((options.width - (columns - 1) * 16) / columns);
  const runs = options.runs.filter((r) => bars.some((b) => b.run === r));
  const longest = Math.max(8, ...runs.map((r) => r.length));
  const marginLeft = Math.round(Math.min(panelWidth * 0.45, 20 + longest * 6.2));
  const maxChars = Math.max(8, Math.floor((marginLeft - 14) / 5.8));
  const band = Math.max(18, 8 + drawn.length * 7);
  const spacing = Math.min(7, (band - 6) / Math.max(1, drawn.length));
  const grid = doc.createElement("div");
  grid.className = "panels";
  grid.style.gridTemplateColumns = `repeat(${columns}, minmax(0, 1fr))`;
  const shares = pairShareRows(bars);
  for (const info of PAIR_CLASSES) {
    const marks: Plot.Markish[] = [Plot.gridX({ stroke: "currentColor", strokeOpacity: 0.1 })];
    drawn.forEach((series, k) => {
      const data = shares.filter((s) => s.class === info.class && s.split === series.split);
      if (!data.length) return;
      const dy = (k - (drawn.length - 1) / 2) * spacing;
      const color = seriesColor(series, options.series);
      marks.push(
        Plot.ruleY(data, { y: "run", x1: "ci_low", x2: "ci_high", stroke: color, strokeWidth: 1.5, dy }),
        Plot.dot(data, {
          y: "run", x: "value", fill: color, r: 3.5, dy, title: shareTitle,
          href: (d: PairShare) => options.href(pickOf(d, d.class)),
          ariaLabel: (d: PairShare) => `${shareTitle(d)}; list these pairs`,
          render: stampHooks(data, (d) => ({
            run: d.run, slice: d.slice, metric: d.metric, value: String(d.value), n: d.n, pick: JSON.stringify(pickOf(d, d.class)),
          })),
        }),
      );
    });
    const plot = Plot.plot({
      document: doc,
      width: panelWidth,
      height: 44 + runs.length * band,
      marginLeft,
      marginRight: 12,
      x: { domain: [0, 1], label: info.label, labelAnchor: "center", ticks: 5 },
      y: { domain: runs, label: null, tickFormat: (d: string) => middleEllipsis(d, maxChars) },
      marks,
      ariaLabel: `${info.label}: share of twin pairs per run and series`,
    }) as SVGSVGElement;
    plot.classList.add("panel");
    plot.setAttribute("data-metric", info.metric);
    grid.append(plot);
  }
  container.append(grid);
  listenForPicks(container, options.onPick);
  return container;
}
