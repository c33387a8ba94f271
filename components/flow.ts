// The before/after flow of one transition matrix (d3): the baseline's outcomes stacked on the left, the aligned
// run's on the right, each band as tall as its count, a ribbon per non-empty cell coloured by where the items go.
// Every ribbon links to the error explorer with its items. Layout is pure (`flowLayout`); `transitionFlow` draws.
import * as d3 from "d3";
import { SVG_NS } from "./export.js";
import { OUTCOME_COLORS } from "./palette.js";
import { charsIn, formatShare, wrapText } from "./heatmap.js";
import { SHORT_LABELS, TABLE_TITLES, type Matrix, type MatrixCell, type Outcome } from "./transitions.js";
import { formatCount } from "./format.js";

export interface FlowNode {
  side: "from" | "to";
  outcome: Outcome;
  count: number;
  y0: number;
  y1: number;
  /** Where the label sits (moved apart from its neighbours when bands are thin). */
  labelY: number;
}

export interface FlowLink {
  cell: MatrixCell;
  /** The ribbon's top and bottom at the left band and at the right band. */
  sy0: number;
  sy1: number;
  ty0: number;
  ty1: number;
}

export interface FlowLayout {
  width: number;
  height: number;
  top: number;
  x0: number;
  x1: number;
  nodeWidth: number;
  nodes: FlowNode[];
  links: FlowLink[];
}

/**
 * Bands proportional to their counts over `plotHeight` (a non-empty band is at least `minBand` tall, so a handful of
 * items stays visible; its tooltip gives the count); ribbons split each band in the other side's order.
 */
export function flowLayout(matrix: Pick<Matrix, "axis" | "cells" | "total">, width: number, options: { plotHeight?: number; gap?: number; minBand?: number; fontSize?: number } = {}): FlowLayout {
  const fontSize = options.fontSize ?? 12;
  const plotHeight = options.plotHeight ?? 150;
  const gap = options.gap ?? 10;
  const minBand = options.minBand ?? 2;
  const top = Math.round(fontSize * 3.2);
  const label = Math.max(84, Math.min(140, Math.round(width * 0.3)));
  const nodeWidth = 12;
  const x0 = label, x1 = Math.max(label + 2 * nodeWidth + 40, width - label - nodeWidth);
  const sum = (side: "from" | "to", o: Outcome) => matrix.cells.filter((c) => c[side] === o).reduce((n, c) => n + c.count, 0);
  const nodes: FlowNode[] = [];
  for (const side of ["from", "to"] as const) {
    const present = matrix.axis.filter((o) => sum(side, o) > 0);
    const k = matrix.total ? (plotHeight - gap * Math.max(0, present.length - 1)) / matrix.total : 0;
    let y = top;
    for (const outcome of present) {
      const count = sum(side, outcome);
      const h = Math.max(minBand, count * k);
      nodes.push({ side, outcome, count, y0: y, y1: y + h, labelY: y + h / 2 });
      y += h + gap;
    }
    // Labels at least a line apart, pushed down in order (then back up if they ran past the last band).
    const mine = nodes.filter((n) => n.side === side);
    const line = fontSize + 2;
    for (let i = 1; i < mine.length; i++) mine[i]!.labelY = Math.max(mine[i]!.labelY, mine[i - 1]!.labelY + line);
  }
  const node = (side: "from" | "to", o: Outcome) => nodes.find((n) => n.side === side && n.outcome === o)!;
  const links: FlowLink[] = [];
  const offset = new Map<FlowNode, number>(nodes.map((n) => [n, n.y0]));
  const live = matrix.cells.filter((c) => c.count > 0);
  // Left ends: each band split in the order of the right-hand outcomes; right ends: in the order of the left-hand ones.
  const ends = new Map<MatrixCell, { sy0: number; sy1: number; ty0: number; ty1: number }>();
  for (const cell of live) {
    const s = node("from", cell.from);
    const h = ((s.y1 - s.y0) * cell.count) / s.count;
    const at = offset.get(s)!;
    offset.set(s, at + h);
    ends.set(cell, { sy0: at, sy1: at + h, ty0: 0, ty1: 0 });
  }
  for (const to of matrix.axis) {
    for (const from of matrix.axis) {
      const cell = live.find((c) => c.from === from && c.to === to);
      if (!cell) continue;
      const t = node("to", to);
      const h = ((t.y1 - t.y0) * cell.count) / t.count;
      const at = offset.get(t)!;
      offset.set(t, at + h);
      Object.assign(ends.get(cell)!, { ty0: at, ty1: at + h });
    }
  }
  for (const cell of live) links.push({ cell, ...ends.get(cell)! });
  const bottom = Math.max(top + plotHeight, ...nodes.map((n) => Math.max(n.y1, n.labelY + fontSize)));
  return { width: Math.max(width, x1 + nodeWidth + 60), height: Math.ceil(bottom + 6), top, x0, x1, nodeWidth, nodes, links };
}

/** A ribbon from the left band to the right one (two cubic curves and the band edges). */
export function ribbonPath(link: FlowLink, x0: number, x1: number): string {
  const m = (x0 + x1) / 2;
  return `M${x0},${link.sy0}C${m},${link.sy0} ${m},${link.ty0} ${x1},${link.ty0}L${x1},${link.ty1}C${m},${link.ty1} ${m},${link.sy1} ${x0},${link.sy1}Z`;
}

export function ribbonTitle(cell: MatrixCell): string {
  return `${cell.from} (${SHORT_LABELS[cell.from]}) → ${cell.to} (${SHORT_LABELS[cell.to]}): ${formatCount(cell.count)} of ${formatCount(cell.row_total)} (${formatShare(cell.share)} of row ${cell.from})`;
}

export function transitionFlow(doc: Document, matrix: Matrix, options: { width: number; sliceLabel: string; href: (cell: MatrixCell) => string; fontSize?: number }): SVGSVGElement {
  const fontSize = options.fontSize ?? 12;
  const L = flowLayout(matrix, options.width, { fontSize });
  const root = doc.createElementNS(SVG_NS, "svg") as SVGSVGElement;
  const svg = d3.select(root)
    .attr("class", "transition-flow")
    .attr("width", L.width).attr("height", L.height).attr("viewBox", `0 0 ${L.width} ${L.height}`)
    .attr("font-size", fontSize).attr("font-family", "system-ui, sans-serif").attr("fill", "currentColor")
    .attr("role", "group")
    .attr("aria-label", `flow of ${TABLE_TITLES[matrix.table]} from ${matrix.baseline} to ${matrix.run}, ${options.sliceLabel}`)
    .attr("data-table", matrix.table).attr("data-run", matrix.run).attr("data-slice", matrix.slice);
  const lineHeight = Math.round(fontSize * 1.4);
  const title = wrapText(`${TABLE_TITLES[matrix.table]} · ${options.sliceLabel}`, Math.floor(charsIn(L.width, fontSize) * 0.9));
  const titleText = svg.append("text").attr("font-weight", 600);
  title.forEach((line, i) => titleText.append("tspan").attr("x", 0).attr("y", fontSize + i * lineHeight).text(line));
  const offset = (title.length - 1) * lineHeight;
  svg.attr("height", L.height + offset).attr("viewBox", `0 0 ${L.width} ${L.height + offset}`);
  const body = svg.append("g").attr("transform", `translate(0,${offset})`);
  body.append("text").attr("x", L.x0 + L.nodeWidth).attr("y", fontSize * 2.3).attr("text-anchor", "end").attr("font-size", fontSize * 0.85).attr("fill-opacity", 0.7).text("baseline (f)");
  body.append("text").attr("x", L.x1).attr("y", fontSize * 2.3).attr("font-size", fontSize * 0.85).attr("fill-opacity", 0.7).text("aligned (f′)");

  const ribbons = body.append("g").attr("class", "ribbons");
  for (const link of L.links) {
    const a = ribbons.append("a").attr("href", options.href(link.cell)).attr("class", "ribbon")
      .attr("aria-label", `${ribbonTitle(link.cell)}; open these items in the error explorer`)
      .attr("data-run", link.cell.run).attr("data-table", link.cell.table).attr("data-from", link.cell.from)
      .attr("data-to", link.cell.to).attr("data-count", link.cell.count);
    a.append("title").text(ribbonTitle(link.cell));
    a.append("path").attr("d", ribbonPath(link, L.x0 + L.nodeWidth, L.x1)).attr("fill", OUTCOME_COLORS[link.cell.to]).attr("fill-opacity", 0.45);
  }
  const bands = body.append("g").attr("class", "bands");
  for (const n of L.nodes) {
    const x = n.side === "from" ? L.x0 : L.x1;
    const g = bands.append("g").attr("data-side", n.side).attr("data-outcome", n.outcome).attr("data-count", n.count);
    g.append("rect").attr("x", x).attr("y", n.y0).attr("width", L.nodeWidth).attr("height", n.y1 - n.y0).attr("fill", OUTCOME_COLORS[n.outcome]);
    g.append("title").text(`${n.side === "from" ? "baseline" : "aligned run"}: ${n.outcome} (${SHORT_LABELS[n.outcome]}) ${formatCount(n.count)}`);
    const text = g.append("text").attr("y", n.labelY).attr("dy", "0.35em")
      .attr("x", n.side === "from" ? x - 6 : x + L.nodeWidth + 6).attr("text-anchor", n.side === "from" ? "end" : "start");
    text.append("tspan").attr("font-weight", 600).text(`${n.outcome} `);
    text.append("tspan").text(`${SHORT_LABELS[n.outcome]} ${formatCount(n.count)}`);
  }
  if (!L.links.length) body.append("text").attr("x", (L.x0 + L.x1) / 2).attr("y", L.top + 40).attr("text-anchor", "middle").text("no item in both runs");
  return root;
}
