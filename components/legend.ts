// A swatch legend drawn as SVG (not HTML), so the exported SVG and PNG of a figure carry it too.
import { SVG_NS } from "./export.js";

export interface Swatch {
  label: string;
  color: string;
  /** "dot" (default), "hollow" (the paper's published points), "arrow", "line". */
  shape?: "dot" | "hollow" | "arrow" | "line";
}

export function swatches(doc: Document, items: readonly Swatch[], width: number, fontSize = 12): SVGSVGElement {
  const svg = doc.createElementNS(SVG_NS, "svg") as SVGSVGElement;
  svg.setAttribute("class", "uvqa-legend");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `legend: ${items.map((i) => i.label).join(", ")}`);
  svg.setAttribute("font-size", String(fontSize));
  svg.setAttribute("fill", "currentColor");
  const charWidth = fontSize * 0.6; // a conservative estimate: no layout engine runs when a figure is exported
  const row = fontSize + 8;
  let x = 0, y = row / 2;
  for (const item of items) {
    const w = 18 + item.label.length * charWidth + 16;
    if (x > 0 && x + w > width) {
      x = 0;
      y += row;
    }
    const g = doc.createElementNS(SVG_NS, "g");
    g.setAttribute("transform", `translate(${x},${y})`);
    let mark: SVGElement;
    if (item.shape === "line" || item.shape === "arrow") {
      mark = doc.createElementNS(SVG_NS, "line");
      mark.setAttribute("x1", "0");
      mark.setAttribute("x2", "12");
      mark.setAttribute("stroke", item.color);
      mark.setAttribute("stroke-width", "2");
    } else {
      mark = doc.createElementNS(SVG_NS, "circle");
      mark.setAttribute("cx", "6");
      mark.setAttribute("r", "5");
      if (item.shape === "hollow") {
        mark.setAttribute("fill", "none");
        mark.setAttribute("stroke", item.color);
        mark.setAttribute("stroke-width", "1.5");
      } else mark.setAttribute("fill", item.color);
    }
    const text = doc.createElementNS(SVG_NS, "text");
    text.setAttribute("x", "18");
    text.setAttribute("dy", "0.35em");
    text.textContent = item.label;
    g.append(mark, text);
    svg.append(g);
    x += w;
  }
  const height = y + row / 2;
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  return svg;
}
