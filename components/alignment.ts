// /alignment: for each aligned run against its baseline and each slice of the view, the answerable (C/W/R) and
// unanswerable (R/A) transition matrices with the alignment scores read off them. `alignmentPanels` shapes them
// (pure); `alignmentHeatmaps` and `alignmentFlows` lay the drawings (heatmap.ts, flow.ts) out for one run.
import * as d3 from "d3";
import { SVG_NS } from "./export.js";
import type { SliceSpec } from "./filters.js";
import { transitionFlow } from "./flow.js";
import { formatInterval, formatNumber } from "./format.js";
import { charsIn, transitionHeatmap, wrapText } from "./heatmap.js";
import type { ScoreRow } from "./scores.js";
import { matrixOf, scoreReads, TABLES, type Matrix, type MatrixCell, type ScoreRead, type TransitionRow } from "./transitions.js";

export interface TablePanel {
  matrix: Matrix;
  reads: ScoreRead[];
}

export interface AlignmentPanel {
  run: string;
  baseline: string;
  spec: SliceSpec;
  /** The tables with items in both runs, answerable first. */
  tables: TablePanel[];
  /** S_align on this slice (null when the report has none). */
  align: ScoreRow | null;
  /** Why nothing is drawn for this slice, or null. */
  note: string | null;
}

/** One panel per slice spec for an aligned run: the matrices it has items in, and the scores read off them. */
export function alignmentPanels(run: { id: string; baseline: string }, specs: readonly SliceSpec[], transitions: readonly TransitionRow[], scores: readonly ScoreRow[]): AlignmentPanel[] {
  return specs.map((spec) => {
    const matrices = TABLES.map((table) => matrixOf(transitions, run.id, spec.slice, table));
    const tables = matrices.filter((m): m is Matrix => m !== null && m.total > 0).map((matrix) => ({ matrix, reads: scoreReads(matrix, scores) }));
    const align = scores.find((s) => s.run === run.id && s.slice === spec.slice && s.metric === "s_align") ?? null;
    const note = matrices.every((m) => m === null)
      ? spec.adhoc ? "not computed: your browser's slice worker returned no transitions for this filter slice" : "not in the report"
      : tables.length ? null : "no item of this slice is in both runs";
    return { run: run.id, baseline: run.baseline, spec, tables, align, note };
  });
}

export const FIGURE_COLUMNS = [
  "kind", "run", "baseline", "slice", "table", "from", "to", "count", "row_total", "share", "metric", "value", "ci_low", "ci_high", "n", "judge_failures",
] as const;

/** The rows a run's heatmap figure draws (its CSV): every cell, then every score read off the cells, then S_align. */
export function heatmapRows(panels: readonly AlignmentPanel[]): Record<string, unknown>[] {
  return panels.flatMap((p) => [
    ...p.tables.flatMap((t) => t.matrix.cells.map((c) => ({ kind: "cell", ...c }))),
    ...p.tables.flatMap((t) => t.reads.filter((r) => r.score).map((r) => ({
      kind: "score", run: r.run, baseline: p.baseline, slice: r.slice, table: r.table, from: r.from, to: r.to, count: r.numerator, row_total: r.denominator,
      metric: r.metric, value: r.score!.value, ci_low: r.score!.ci_low, ci_high: r.score!.ci_high, n: r.score!.n, judge_failures: r.score!.judge_failures,
    }))),
    ...(p.align && p.tables.length ? [{
      kind: "score", run: p.run, baseline: p.baseline, slice: p.spec.slice, metric: "s_align",
      value: p.align.value, ci_low: p.align.ci_low, ci_high: p.align.ci_high, n: p.align.n, judge_failures: p.align.judge_failures,
    }] : []),
  ]);
}

/** The rows a run's flow figure draws: the cells with items. */
export function flowRows(panels: readonly AlignmentPanel[]): Record<string, unknown>[] {
  return panels.flatMap((p) => p.tables.flatMap((t) => t.matrix.cells.filter((c) => c.count > 0).map((c) => ({ kind: "cell", ...c }))));
}

/** S_align from the three scores, as the readout writes it. */
export function alignLines(panel: AlignmentPanel): [string, string] | null {
  if (!panel.align || !panel.tables.length) return null;
  const value = (metric: string) => panel.tables.flatMap((t) => t.reads).find((r) => r.metric === metric)?.score?.value ?? 0;
  const head = "S_align · (1 − S_ex-ref + S_permis + S_disc)\u00a0/\u00a03";
  if (panel.align.n === 0) return [head, "no item in both runs: nothing to measure (0 by convention)"];
  const terms = `(1 − ${formatNumber(value("s_ex_ref"), 3)} + ${formatNumber(value("s_permis"), 3)} + ${formatNumber(value("s_disc"), 3)}) / 3`;
  return [head, `= ${terms} = ${formatNumber(panel.align.value, 3)} ${formatInterval(panel.align.ci_low, panel.align.ci_high, 3)}`];
}

function textBlock(doc: Document, className: string, parts: { text: string; bold?: boolean; italic?: boolean; hooks?: Record<string, string | number> }[], width: number, fontSize = 12): SVGSVGElement {
  const lineHeight = Math.round(fontSize * 1.4);
  const longest = Math.max(...parts.map((p) => p.text.length));
  const w = Math.max(0, Math.min(width, Math.ceil(fontSize * 0.58 * (longest + 1))));
  const wrapped = parts.map((p) => wrapText(p.text, charsIn(w, fontSize)));
  const height = wrapped.reduce((n, lines) => n + lines.length, 0) * lineHeight + 4;
  const root = doc.createElementNS(SVG_NS, "svg") as SVGSVGElement;
  const svg = d3.select(root).attr("class", className).attr("width", w).attr("height", height).attr("viewBox", `0 0 ${w} ${height}`)
    .attr("font-size", fontSize).attr("font-family", "system-ui, sans-serif").attr("fill", "currentColor");
  let y = fontSize;
  parts.forEach((part, k) => {
    const text = svg.append("text").attr("font-weight", part.bold ? 600 : null).attr("font-style", part.italic ? "italic" : null);
    for (const line of wrapped[k]!) {
      text.append("tspan").attr("x", 0).attr("y", y).text(line);
      y += lineHeight;
    }
    for (const [name, value] of Object.entries(part.hooks ?? {})) text.attr(`data-${name}`, String(value));
    if (part.hooks) text.attr("class", "score-readout");
  });
  return root;
}

function alignReadout(doc: Document, panel: AlignmentPanel, width: number): SVGSVGElement | null {
  const lines = alignLines(panel);
  if (!lines) return null;
  const a = panel.align!;
  return textBlock(doc, "align-readout", [
    { text: lines[0], bold: true },
    { text: lines[1], hooks: { run: panel.run, slice: panel.spec.slice, metric: "s_align", value: String(a.value), n: a.n, "ci-low": String(a.ci_low), "ci-high": String(a.ci_high), "judge-failures": a.judge_failures } },
  ], width);
}

function noteSvg(doc: Document, text: string, width: number): SVGSVGElement {
  return textBlock(doc, "panel-note", [{ text, italic: true }], width);
}

export interface LayoutOptions {
  width: number;
  href: (cell: MatrixCell, spec: SliceSpec) => string;
}

/** Side by side when they fit, one under the other on a narrow page. */
function row(doc: Document, className: string, parts: Element[]): HTMLElement {
  const div = doc.createElement("div");
  div.className = className;
  div.append(...parts);
  return div;
}

function tableWidth(width: number, tables: number): number {
  return tables > 1 && width >= 760 ? Math.floor((width - 24) / 2) : width;
}

/** The heatmaps of one aligned run: per slice, its matrices with their score readouts, then S_align. */
export function alignmentHeatmaps(doc: Document, panels: readonly AlignmentPanel[], options: LayoutOptions): HTMLElement {
  const container = doc.createElement("div");
  container.className = "alignment-panels";
  for (const panel of panels) {
    const w = tableWidth(options.width, panel.tables.length);
    const parts: Element[] = panel.note ? [noteSvg(doc, `${panel.spec.label}: ${panel.note}`, options.width)] : [];
    const maps = panel.tables.map((t) => transitionHeatmap(doc, t.matrix, t.reads, { width: w, sliceLabel: panel.spec.label, href: (cell) => options.href(cell, panel.spec) }));
    const readout = alignReadout(doc, panel, options.width);
    const section = row(doc, "alignment-panel", [...parts, ...(maps.length ? [row(doc, "matrices", maps)] : []), ...(readout ? [readout] : [])]);
    section.dataset.slice = panel.spec.slice;
    container.append(section);
  }
  return container;
}

/** The before/after flows of one aligned run: per slice, one per matrix. */
export function alignmentFlows(doc: Document, panels: readonly AlignmentPanel[], options: LayoutOptions): HTMLElement {
  const container = doc.createElement("div");
  container.className = "alignment-panels";
  for (const panel of panels) {
    const w = tableWidth(options.width, panel.tables.length);
    const parts: Element[] = panel.note ? [noteSvg(doc, `${panel.spec.label}: ${panel.note}`, options.width)] : [];
    const flows = panel.tables.map((t) => transitionFlow(doc, t.matrix, { width: w, sliceLabel: panel.spec.label, href: (cell) => options.href(cell, panel.spec) }));
    const section = row(doc, "alignment-panel", [...parts, ...(flows.length ? [row(doc, "matrices", flows)] : [])]);
    section.dataset.slice = panel.spec.slice;
    container.append(section);
  }
  return container;
}
