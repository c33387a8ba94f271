// A count matrix figure: one small heat table per panel (rows: one side's class, columns: the other's), the count
// in each cell, its shade the share of its row, exact counts and shares in the tooltip. /compare draws the
// transition matrix between runs A and B with it (outcomes), /judges the confusion matrices of two judges.
// Pure shaping (`matrixCells`) apart from the Plot render (`matrixPanels`).
import * as Plot from "@observablehq/plot";
import { SVG_NS } from "./export.js";
import { swatches, type Swatch } from "./legend.js";
import { stampHooks } from "./plot-hooks.js";
import { formatCount } from "./format.js";

export interface MatrixInput {
  /** The panel the cell belongs to (e.g. "all · answerable"). */
  panel: string;
  row: string;
  col: string;
  count: number;
  /** Test hooks stamped on the cell (data-<name>). */
  hooks?: Record<string, string>;
}

export interface MatrixCell extends MatrixInput {
  /** Sum of the row (within the panel). */
  rowTotal: number;
  /** Sum of the panel. */
  total: number;
  /** count / rowTotal (0 for an empty row). */
  share: number;
  diagonal: boolean;
}

/** Row totals, panel totals and shares. */
export function matrixCells(input: readonly MatrixInput[]): MatrixCell[] {
  const rowTotal = new Map<string, number>();
  const total = new Map<string, number>();
  for (const c of input) {
    rowTotal.set(`${c.panel}\u0000${c.row}`, (rowTotal.get(`${c.panel}\u0000${c.row}`) ?? 0) + c.count);
    total.set(c.panel, (total.get(c.panel) ?? 0) + c.count);
  }
  return input.map((c) => {
    const rt = rowTotal.get(`${c.panel}\u0000${c.row}`)!;
    return { ...c, rowTotal: rt, total: total.get(c.panel)!, share: rt ? c.count / rt : 0, diagonal: c.row === c.col };
  });
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

export interface MatrixOptions {
  width: number;
  /** Short axis titles ("A", "B"); `key` says in full what they are. */
  rowTitle: string;
  colTitle: string;
  /** Lines above the panels naming the rows and columns in full ("rows, A: run-x"), drawn as SVG text. */
  key?: readonly string[];
  /** Each panel's row and column order. */
  order: (panel: string) => { rows: readonly string[]; cols: readonly string[] };
  /** Tick label of a class (default: the class itself). */
  tick?: (value: string) => string;
  /** The tooltip of a cell (exact count and shares). */
  tip: (cell: MatrixCell) => string;
  /** A legend above the panels (what the class codes mean). */
  legend?: readonly Swatch[];
  /** A cell outlined (e.g. the item the view is about). */
  highlight?: { panel: string; row: string; col: string } | null;
  /** The shade of the cells (an Okabe-Ito colour). */
  color?: string;
}

/** Text lines as an SVG (so the exports carry them). */
export function keyLines(doc: Document, lines: readonly string[], width: number, fontSize = 12): SVGSVGElement {
  const svg = doc.createElementNS(SVG_NS, "svg") as SVGSVGElement;
  svg.setAttribute("class", "uvqa-legend matrix-key");
  svg.setAttribute("font-size", String(fontSize));
  svg.setAttribute("fill", "currentColor");
  const row = fontSize + 6;
  lines.forEach((line, i) => {
    const text = doc.createElementNS(SVG_NS, "text");
    text.setAttribute("x", "0");
    text.setAttribute("y", String(row * i + fontSize));
    text.textContent = line;
    svg.append(text);
  });
  const height = row * lines.length + 2;
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  return svg;
}

/** One SVG per panel in a responsive grid (the figure exports them stacked), a legend SVG above. */
export function matrixPanels(doc: Document, cells: readonly MatrixCell[], options: MatrixOptions): HTMLElement {
  const container = doc.createElement("div");
  container.className = "matrix-panels";
  if (options.key?.length) container.append(keyLines(doc, options.key, options.width));
  if (options.legend?.length) container.append(swatches(doc, options.legend, options.width));
  const grid = doc.createElement("div");
  grid.className = "panels";
  const panels = [...new Set(cells.map((c) => c.panel))];
  const tick = options.tick ?? ((v: string) => v);
  const color = options.color ?? "#0072B2";
  const size = 44;
  for (const panel of panels) {
    const mine = cells.filter((c) => c.panel === panel);
    const { rows, cols } = options.order(panel);
    const marginLeft = 40 + Math.max(...rows.map((r) => tick(r).length)) * 6.5;
    // Wide enough for the panel's title (12 px bold, about 7 px a character).
    const width = Math.min(options.width, Math.ceil(Math.max(marginLeft + cols.length * size + 16, panel.length * 7.6 + 8)));
    // A title wider than a narrow panel wraps (Plot's lineWidth, in ems of its 12 px) and the panel grows to hold it.
    const titleLines = Math.ceil((panel.length * 7.6) / (width - 8));
    const extra = (titleLines - 1) * 15;
    const highlight = options.highlight && options.highlight.panel === panel ? mine.filter((c) => c.row === options.highlight!.row && c.col === options.highlight!.col) : [];
    const plot = Plot.plot({
      document: doc,
      width,
      height: 62 + extra + rows.length * size,
      marginTop: 52 + extra,
      marginLeft,
      marginRight: 16,
      marginBottom: 10,
      // The axis titles go in the tick labels' corner ("A ↓ B →"), clear of the panel title; `key` names them in full.
      x: { domain: cols, label: null, axis: "top", tickFormat: tick },
      y: { domain: rows, label: null, tickFormat: tick },
      marks: [
        Plot.cell(mine, {
          x: "col", y: "row", fill: color, fillOpacity: (d: MatrixCell) => 0.08 + 0.85 * d.share, inset: 1,
          title: options.tip, tip: true, render: stampHooks(mine, (d) => d.hooks ?? {}),
        }),
        Plot.text(mine, {
          x: "col", y: "row", text: (d: MatrixCell) => formatCount(d.count),
          // White on the darkest shades (the cell colour is the same in both themes), the page's colour elsewhere.
          fill: (d: MatrixCell) => (0.08 + 0.85 * d.share > 0.55 ? "white" : "currentColor"), fontSize: 12,
        }),
        Plot.cell(highlight, { x: "col", y: "row", fill: "none", stroke: "currentColor", strokeWidth: 2.5, inset: 0.5 }),
        Plot.text([panel], { frameAnchor: "top-left", dy: -44 - extra, dx: -marginLeft + 4, fontWeight: "bold", fontSize: 12, textAnchor: "start", lineWidth: (width - 8) / 12 }),
        Plot.text([`${options.rowTitle} ↓ ${options.colTitle} →`], { frameAnchor: "top-left", dy: -14, dx: -marginLeft + 4, fontSize: 11, textAnchor: "start", fillOpacity: 0.75 }),
      ],
      ariaLabel: `${panel}: ${options.rowTitle} (rows) against ${options.colTitle} (columns)`,
    }) as SVGSVGElement;
    plot.classList.add("panel");
    plot.setAttribute("data-panel", panel);
    grid.append(plot);
  }
  container.append(grid);
  return container;
}
