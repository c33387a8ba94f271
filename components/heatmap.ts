// One transition matrix as an annotated heatmap (d3): rows are the baseline's outcomes (f), columns the aligned
// run's (f'), each cell its count and its share of the row, shaded by that share. The alignment scores read off
// the matrix are marked where they come from: the numerator cell outlined, the denominator row dashed, and a
// readout under the matrix (value, interval, n) that carries the score's test hooks. Every cell links to the
// error explorer with the cell's items. Layout is pure (`heatmapLayout`); `transitionHeatmap` draws it.
import * as d3 from "d3";
import { SVG_NS } from "./export.js";
import { formatInterval, formatNumber, formatCount } from "./format.js";
import { SERIES_COLORS } from "./palette.js";
import { SHORT_LABELS, TABLE_TITLES, type Matrix, type MatrixCell, type ScoreRead } from "./transitions.js";

/** Okabe-Ito blue: the one hue of the shading (its strength is the share, so no hue has to be told apart). */
export const HEAT_COLOR = SERIES_COLORS[0];

/** A share as a percentage with one decimal; never "100%" or "0%" for a share that is not exactly that. */
export function formatShare(share: number | null): string {
  if (share === null) return "–";
  if (share === 0 || share === 1) return `${share * 100}%`;
  const text = (share * 100).toFixed(1);
  if (text === "100.0") return ">99.9%";
  if (text === "0.0") return "<0.1%";
  return `${text}%`;
}

/** Fill strength of a cell: nothing for an empty cell, at least a tint for any item. */
export function cellOpacity(cell: Pick<MatrixCell, "count" | "share">): number {
  if (!cell.count || cell.share === null) return 0;
  return Math.round((0.1 + 0.8 * cell.share) * 1000) / 1000;
}

/** Text on a strongly shaded cell is white; elsewhere it takes the page's text colour. */
export const darkCell = (cell: Pick<MatrixCell, "count" | "share">) => cellOpacity(cell) >= 0.55;

export function cellTitle(cell: MatrixCell, total: number): string {
  const row = cell.row_total
    ? `${formatShare(cell.share)} of the ${formatCount(cell.row_total)} items the baseline scored ${cell.from} (row ${cell.from})`
    : `row ${cell.from} is empty`;
  const all = total ? `; ${formatShare(cell.count / total)} of all ${formatCount(total)} ${TABLE_TITLES[cell.table]} in both runs` : "";
  return `baseline ${cell.from} (${SHORT_LABELS[cell.from]}) → aligned ${cell.to} (${SHORT_LABELS[cell.to]}): ${formatCount(cell.count)} item${cell.count === 1 ? "" : "s"}, ${row}${all}`;
}

/** The two lines under the matrix for one score: what it is, then where it is read from and its value. */
export function readoutLines(read: ScoreRead): [string, string] {
  const head = `${read.label} · ${read.name} (${read.better} is better)`;
  const source = `${read.from}→${read.to} ÷ row ${read.from} = ${formatCount(read.numerator)} ÷ ${formatCount(read.denominator)}`;
  if (!read.score) return [head, `${source}: not in the report`];
  if (read.denominator === 0) return [head, `${source}: nothing to measure (0 by convention)`];
  const failures = read.score.judge_failures ? ` · ${read.score.judge_failures} judge failure${read.score.judge_failures === 1 ? "" : "s"}` : "";
  return [head, `${source} = ${formatNumber(read.score.value, 3)} ${formatInterval(read.score.ci_low, read.score.ci_high, 3)}${failures}`];
}

export interface HeatmapOptions {
  /** The most the drawing may take. */
  width: number;
  /** What the slice is, for the title: "all items", "category: object" ... */
  sliceLabel: string;
  /** Where a cell links to (the error explorer). */
  href: (cell: MatrixCell) => string;
  fontSize?: number;
}

/** Greedy word wrap to at most `max` characters a line (a longer word gets a line of its own). */
export function wrapText(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Characters of 12 px system-ui text that fit in `width` (0.58 em a character, a conservative average). */
export const charsIn = (width: number, fontSize = 12) => Math.max(12, Math.floor(width / (fontSize * 0.58)));

export interface HeatmapLayout {
  width: number;
  label: number;
  cell: { width: number; height: number };
  top: number;
  total: number;
  tag: number;
  readoutTop: number;
  lineHeight: number;
}

export function heatmapLayout(matrix: Pick<Matrix, "axis">, width: number, fontSize = 12): HeatmapLayout {
  const label = Math.round(fontSize * 7.2);
  const total = Math.round(fontSize * 4.2);
  const tag = Math.round(fontSize * 5.6);
  const n = matrix.axis.length;
  const cellWidth = Math.max(44, Math.min(88, Math.floor((width - label - total - tag) / n)));
  const top = Math.round(fontSize * 5.4);
  const cellHeight = Math.round(fontSize * 3.6);
  const lineHeight = Math.round(fontSize * 1.4);
  const readoutTop = top + n * cellHeight + Math.round(fontSize * 1.6);
  // Room for a readout line of about 50 characters even when the matrix is small, never more than the width.
  const grid = label + n * cellWidth + total + tag;
  return {
    width: Math.max(grid, Math.min(Math.max(width, 0), Math.ceil(fontSize * 0.58 * 52))),
    label, cell: { width: cellWidth, height: cellHeight }, top, total, tag, readoutTop, lineHeight,
  };
}

export function transitionHeatmap(doc: Document, matrix: Matrix, reads: readonly ScoreRead[], options: HeatmapOptions): SVGSVGElement {
  const fontSize = options.fontSize ?? 12;
  const L = heatmapLayout(matrix, options.width, fontSize);
  const chars = charsIn(L.width, fontSize);
  const readouts = reads.map((read) => readoutLines(read).map((line) => wrapText(line, chars)));
  const height = L.readoutTop + readouts.reduce((h, [head, value]) => h + (head!.length + value!.length) * L.lineHeight + 6, 0);
  const root = doc.createElementNS(SVG_NS, "svg") as SVGSVGElement;
  const svg = d3.select(root)
    .attr("class", "transition-heatmap")
    .attr("width", L.width).attr("height", height).attr("viewBox", `0 0 ${L.width} ${height}`)
    .attr("font-size", fontSize).attr("font-family", "system-ui, sans-serif").attr("fill", "currentColor")
    .attr("role", "group")
    .attr("aria-label", `transitions on ${TABLE_TITLES[matrix.table]}, ${matrix.baseline} to ${matrix.run}, ${options.sliceLabel}`)
    .attr("data-table", matrix.table).attr("data-run", matrix.run).attr("data-baseline", matrix.baseline).attr("data-slice", matrix.slice);

  const x0 = L.label, y0 = L.top;
  const cx = (i: number) => x0 + i * L.cell.width;
  const cy = (i: number) => y0 + i * L.cell.height;
  const gridRight = cx(matrix.axis.length);

  // The title takes the width it is given (wider than the matrix if need be), then wraps (a long filter);
  // everything under it moves down by the extra lines.
  const heading = `${TABLE_TITLES[matrix.table]} · ${options.sliceLabel} · ${formatCount(matrix.total)} in both runs`;
  const width = Math.max(L.width, Math.min(options.width, Math.ceil(((heading.length + 1) * fontSize * 0.58) / 0.9)));
  const title = wrapText(heading, Math.floor(charsIn(width, fontSize) * 0.9));
  const titleText = svg.append("text").attr("class", "heatmap-title").attr("font-weight", 600);
  title.forEach((line, i) => titleText.append("tspan").attr("x", 0).attr("y", fontSize + i * L.lineHeight).text(line));
  const offset = (title.length - 1) * L.lineHeight;
  svg.attr("width", width).attr("height", height + offset).attr("viewBox", `0 0 ${width} ${height + offset}`);
  const body = svg.append("g").attr("transform", `translate(0,${offset})`);
  body.append("text").attr("x", (x0 + gridRight) / 2).attr("y", fontSize * 2.6).attr("text-anchor", "middle").attr("fill-opacity", 0.7)
    .text("aligned run (f′) →");
  body.append("text").attr("x", x0 - 8).attr("y", y0 - 6).attr("text-anchor", "end").attr("font-size", fontSize * 0.85).attr("fill-opacity", 0.7)
    .text("baseline (f) ↓");
  body.append("text").attr("x", gridRight + L.total - 6).attr("y", y0 - 6).attr("text-anchor", "end").attr("font-size", fontSize * 0.85).attr("fill-opacity", 0.7).text("row");

  // Column and row labels: the outcome's letter and a short word.
  matrix.axis.forEach((o, i) => {
    const col = body.append("text").attr("x", cx(i) + L.cell.width / 2).attr("y", y0 - fontSize * 1.5).attr("text-anchor", "middle");
    col.append("tspan").attr("font-weight", 600).text(o);
    col.append("tspan").attr("x", cx(i) + L.cell.width / 2).attr("dy", "1.15em").attr("font-size", fontSize * 0.85).attr("fill-opacity", 0.75).text(SHORT_LABELS[o]);
    const row = body.append("text").attr("x", x0 - 8).attr("y", cy(i) + L.cell.height / 2).attr("text-anchor", "end");
    row.append("tspan").attr("font-weight", 600).attr("dy", "-0.2em").text(o);
    row.append("tspan").attr("x", x0 - 8).attr("dy", "1.15em").attr("font-size", fontSize * 0.85).attr("fill-opacity", 0.75).text(SHORT_LABELS[o]);
  });

  const cells = body.append("g").attr("class", "cells");
  matrix.cells.forEach((cell) => {
    const i = matrix.axis.indexOf(cell.from), j = matrix.axis.indexOf(cell.to);
    const a = cells.append("a").attr("href", options.href(cell)).attr("class", "cell")
      .attr("aria-label", `${cellTitle(cell, matrix.total)}; open these items in the error explorer`)
      .attr("data-run", cell.run).attr("data-table", cell.table).attr("data-from", cell.from).attr("data-to", cell.to)
      .attr("data-count", cell.count).attr("data-row-total", cell.row_total);
    a.append("title").text(cellTitle(cell, matrix.total));
    a.append("rect").attr("x", cx(j) + 1).attr("y", cy(i) + 1).attr("width", L.cell.width - 2).attr("height", L.cell.height - 2)
      .attr("rx", 2).attr("fill", HEAT_COLOR).attr("fill-opacity", cellOpacity(cell))
      .attr("stroke", "currentColor").attr("stroke-opacity", 0.15);
    const dark = darkCell(cell);
    const text = a.append("text").attr("x", cx(j) + L.cell.width / 2).attr("y", cy(i) + L.cell.height / 2).attr("text-anchor", "middle")
      .attr("fill", dark ? "#ffffff" : "currentColor");
    text.append("tspan").attr("font-weight", 600).attr("dy", "-0.15em").text(formatCount(cell.count));
    text.append("tspan").attr("x", cx(j) + L.cell.width / 2).attr("dy", "1.2em").attr("font-size", fontSize * 0.85)
      .attr("fill-opacity", dark ? 1 : 0.75).text(formatShare(cell.share));
  });

  // Row totals (the denominators of the shares).
  matrix.axis.forEach((o, i) => {
    body.append("text").attr("class", "row-total").attr("x", gridRight + L.total - 6).attr("y", cy(i) + L.cell.height / 2)
      .attr("dy", "0.35em").attr("text-anchor", "end").attr("data-from", o)
      .text(formatCount(matrix.rowTotals.get(o) ?? 0));
  });

  // Each score where it is read from: the numerator cell outlined, the denominator row dashed, the name beside it.
  const marks = body.append("g").attr("class", "score-sources").attr("fill", "none").attr("stroke", "currentColor").attr("pointer-events", "none");
  for (const read of reads) {
    const i = matrix.axis.indexOf(read.from), j = matrix.axis.indexOf(read.to);
    if (i < 0 || j < 0) continue;
    marks.append("rect").attr("class", "denominator").attr("data-metric", read.metric)
      .attr("x", x0 - 2).attr("y", cy(i) - 1).attr("width", gridRight - x0 + L.total + 4).attr("height", L.cell.height + 2)
      .attr("rx", 4).attr("stroke-dasharray", "4 3").attr("stroke-width", 1.2);
    marks.append("rect").attr("class", "numerator").attr("data-metric", read.metric)
      .attr("x", cx(j) + 2.5).attr("y", cy(i) + 2.5).attr("width", L.cell.width - 5).attr("height", L.cell.height - 5)
      .attr("rx", 2).attr("stroke-width", 2.5);
    body.append("text").attr("class", "score-tag").attr("x", gridRight + L.total + 6).attr("y", cy(i) + L.cell.height / 2)
      .attr("dy", "0.35em").attr("font-weight", 600).text(read.label);
  }

  // The readouts: what each score is, the cell and row it is read from, its value with interval.
  let y = L.readoutTop;
  reads.forEach((read, k) => {
    const [head, value] = readouts[k]!;
    const lines = (text: d3.Selection<SVGTextElement, unknown, null, undefined>, parts: string[]) => {
      parts.forEach((part, i) => text.append("tspan").attr("x", 0).attr("y", y + fontSize + i * L.lineHeight).text(part));
      y += parts.length * L.lineHeight;
      return text;
    };
    lines(body.append("text").attr("class", "readout-head").attr("font-weight", 600), head!);
    const line = lines(body.append("text").attr("class", "score-readout"), value!);
    y += 6;
    if (read.score) {
      line.attr("data-run", read.run).attr("data-slice", read.slice).attr("data-metric", read.metric)
        .attr("data-value", String(read.score.value)).attr("data-n", read.score.n)
        .attr("data-ci-low", String(read.score.ci_low)).attr("data-ci-high", String(read.score.ci_high))
        .attr("data-numerator", read.numerator).attr("data-denominator", read.denominator)
        .attr("data-judge-failures", read.score.judge_failures);
    }
  });
  return root;
}
