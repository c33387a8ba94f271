// DOM for the score tables. Every string goes in as a text node (model and run names are untrusted text), and
// every score cell carries data-run, data-metric, data-slice and the full-precision data-value for tests.
import { formatCell, formatNumber } from "./format.js";
import type { BreakdownRow } from "./breakdown.js";
import type { Cell, Column, TableRow } from "./overview.js";
import { CATEGORIES } from "./scores.js";

type Child = Node | string | null | undefined | false;

export function element(doc: Document, tag: string, attrs: Record<string, string | number> = {}, children: Child[] = []): HTMLElement {
  const node = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? doc.createTextNode(child) : child);
  }
  return node;
}

/** A measured score: value, interval and denominator, each in its own span. */
export function scoreCell(doc: Document, run: string, cell: Cell | undefined, metric: string, slice: string): HTMLElement {
  if (!cell) {
    return element(doc, "td", { class: "score missing", "data-run": run, "data-metric": metric, "data-slice": slice, title: "not computed for this run (alignment scores need a baseline run)" }, ["–"]);
  }
  const text = formatCell({ value: cell.value, n: cell.n ?? 0, ci_low: cell.ci_low ?? 0, ci_high: cell.ci_high ?? 0, judge_failures: cell.judge_failures });
  return element(doc, "td", {
    class: text.empty ? "score empty" : "score",
    "data-run": run, "data-metric": metric, "data-slice": slice,
    "data-value": String(cell.value), "data-n": String(cell.n), "data-ci-low": String(cell.ci_low), "data-ci-high": String(cell.ci_high),
    "data-judge-failures": String(cell.judge_failures),
    title: text.empty ? "denominator is 0: the value is 0 by convention, not a measurement" : "value [95% bootstrap interval], denominator",
  }, [
    element(doc, "span", { class: "value" }, [text.value]),
    " ",
    element(doc, "span", { class: "ci" }, [text.interval]),
    " ",
    element(doc, "span", { class: "n" }, [text.n]),
    text.failures ? element(doc, "span", { class: "failures" }, [text.failures]) : null,
  ]);
}

/** A published value: no interval or denominator exists for it. */
function paperCell(doc: Document, row: TableRow, cell: Cell | undefined, metric: string): HTMLElement {
  const attrs = { class: "score paper", "data-paper": row.key, "data-metric": metric, "data-slice": "all" };
  if (!cell) return element(doc, "td", { ...attrs, title: "not published" }, ["–"]);
  return element(doc, "td", { ...attrs, "data-value": String(cell.value), title: "published value (the paper gives no interval)" }, [
    element(doc, "span", { class: "value" }, [formatNumber(cell.value)]),
  ]);
}

function header(doc: Document, columns: readonly Column[], first: string[]): HTMLElement {
  return element(doc, "thead", {}, [element(doc, "tr", {}, [
    ...first.map((label) => element(doc, "th", {}, [label])),
    ...columns.map((c) => element(doc, "th", { class: "metric", "data-metric": c.metric, title: `${c.title} (${c.better} is better)` }, [
      c.label, " ", element(doc, "span", { class: "better" }, [c.better === "higher" ? "↑" : "↓"]),
    ])),
  ])]);
}

/** The run's own line under its model name: prompt, variant and baseline, so the table needs no extra columns. */
function runDetails(doc: Document, row: TableRow): HTMLElement {
  const parts: Child[] = [];
  if (row.source === "run" && row.prompt !== row.variant) parts.push(element(doc, "span", { class: "prompt", title: "prompt" }, [row.prompt ?? "–"]), " · ");
  parts.push(element(doc, "span", { class: "variant", title: "alignment variant" }, [row.variant]));
  if (row.baseline) parts.push(" · vs ", element(doc, "span", { class: "baseline", title: "baseline run" }, [row.baseline]));
  return element(doc, "div", { class: "run-details" }, parts);
}

/**
 * Runs, then the paper's rows, by the paper's columns. The first column (model, run id, prompt, variant, baseline)
 * stays in view while the metrics scroll sideways on a narrow screen.
 */
export function overviewTable(doc: Document, columns: readonly Column[], runs: readonly TableRow[], paper: readonly TableRow[], slice = "all"): HTMLElement {
  const span = 1 + columns.length;
  const section = (label: string, cls: string) =>
    element(doc, "tr", { class: `section ${cls}` }, [element(doc, "th", { colspan: span }, [label])]);
  const runBody = element(doc, "tbody", { class: "runs" }, [
    section(runs.length ? "Your runs" : "Your runs: none match these filters", "runs"),
    ...runs.map((row) => element(doc, "tr", { class: "run", "data-run": row.key }, [
      element(doc, "th", { scope: "row", class: "model" }, [row.model, element(doc, "div", { class: "run-id" }, [row.key]), runDetails(doc, row)]),
      ...columns.map((c) => scoreCell(doc, row.key, row.cells[c.metric], c.metric, slice)),
    ])),
  ]);
  const paperBody = element(doc, "tbody", { class: "paper" }, paper.length ? [
    section("Published (paper, ICLR 2025 main table; all items; no intervals published)", "paper"),
    ...paper.map((row) => element(doc, "tr", { class: "paper", "data-paper": row.key }, [
      element(doc, "th", { scope: "row", class: "model" }, [row.model, " ", element(doc, "span", { class: "badge" }, ["paper"]), runDetails(doc, row)]),
      ...columns.map((c) => paperCell(doc, row, row.cells[c.metric], c.metric)),
    ])),
  ] : []);
  return element(doc, "table", { class: "scores overview" }, [header(doc, columns, ["model / run"]), runBody, paperBody]);
}

/**
 * Rows (run, metric) x columns (categories), one `<tbody data-run>` per run so that `showRuns` can hide a run's
 * rows without drawing the table again.
 */
export function breakdownTable(doc: Document, rows: readonly BreakdownRow[], labels: Record<string, string>): HTMLElement {
  const bodies: HTMLElement[] = [];
  rows.forEach((row, i) => {
    const first = i === 0 || rows[i - 1].run !== row.run;
    if (first) bodies.push(element(doc, "tbody", { "data-run": row.run }));
    bodies.at(-1)!.append(element(doc, "tr", {}, [
      element(doc, "th", { scope: "row", class: "run-id" }, [first ? row.run : ""]),
      element(doc, "td", { class: "metric-name" }, [labels[row.metric] ?? row.metric]),
      ...CATEGORIES.map((category) => scoreCell(doc, row.run, row.cells[category], row.metric, `category:${category}`)),
    ]));
  });
  return element(doc, "table", { class: "scores breakdown" }, [
    element(doc, "thead", {}, [element(doc, "tr", {}, [
      element(doc, "th", {}, ["run"]), element(doc, "th", {}, ["metric"]),
      ...CATEGORIES.map((c) => element(doc, "th", { "data-category": c }, [c])),
    ])]),
    ...bodies,
  ]);
}

/**
 * Shows the runs of `shown` in a table of `tbody[data-run]` (breakdownTable) and hides the others: a filter change
 * touches one attribute per run instead of building every cell again. Returns how many runs are shown.
 */
export function showRuns(table: Element, shown: ReadonlySet<string>): number {
  let count = 0;
  for (const body of table.querySelectorAll<HTMLElement>("tbody[data-run]")) {
    const show = shown.has(body.dataset.run!);
    if (body.hidden === show) body.hidden = !show;
    if (show) count++;
  }
  return count;
}
