// One figure: title, the drawing, a toolbar (SVG, PNG 2x, CSV of the data drawn, copy link), the provenance
// line and a "reproduce" block with the SQL or CLI command behind it. Every figure of every page goes through
// here, so every figure exports and traces the same way.
import { pngWithText, PNG_KEYWORD, svgDocument, type SvgStyle } from "./export.js";
import { provenanceText, type Provenance } from "./provenance.js";

export interface FigureOptions {
  /** Stable id: the file names of the downloads and `data-figure`. */
  id: string;
  title: string;
  /** A sentence that says how to read the figure. */
  caption?: string;
  /** Draws the figure at this width; returns an SVG, or an element holding SVGs (a legend and a plot). */
  render: (width: number) => Element;
  /** Exactly the rows drawn (the CSV download). */
  data: readonly Record<string, unknown>[];
  columns?: readonly string[];
  provenance: Provenance;
  reproduce?: { cli?: string; sql?: string; note?: string };
  /** When set, nothing is drawn and this says why (an empty state, not an empty frame). */
  empty?: string | null;
  width: number;
  /** "table": `render` returns an HTML table, downloaded as CSV only (no SVG or PNG). Default "figure". */
  kind?: "figure" | "table";
}

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function download(doc: Document, name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = el(doc, "a", { href: url, download: name });
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function styleOf(node: Element): SvgStyle {
  const style = node.ownerDocument.defaultView!.getComputedStyle(node);
  const body = node.ownerDocument.defaultView!.getComputedStyle(node.ownerDocument.body);
  const background = body.backgroundColor && body.backgroundColor !== "rgba(0, 0, 0, 0)" ? body.backgroundColor : "#ffffff";
  return { color: style.color || "#000000", background, fontFamily: style.fontFamily || "sans-serif" };
}

function svgParts(node: Element): SVGSVGElement[] {
  if (node instanceof node.ownerDocument.defaultView!.SVGSVGElement) return [node as SVGSVGElement];
  // Top-level SVGs only: Plot nests none, and a nested one is drawn by its parent.
  return [...node.querySelectorAll("svg")].filter((svg) => !svg.parentElement?.closest("svg")) as SVGSVGElement[];
}

/** The SVG export as text (also what the PNG is drawn from). */
export function figureSvg(drawing: Element, provenance: Provenance): string {
  return svgDocument(drawing.ownerDocument, svgParts(drawing), provenance, styleOf(drawing));
}

async function pngOf(doc: Document, svgText: string, scale = 2): Promise<Blob> {
  const win = doc.defaultView!;
  const image = new win.Image();
  const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
  try {
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error("the SVG could not be drawn as an image"));
      image.src = url;
    });
    const canvas = el(doc, "canvas");
    canvas.width = Math.ceil(image.width * scale);
    canvas.height = Math.ceil(image.height * scale);
    const context = canvas.getContext("2d")!;
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("no PNG"))), "image/png"));
    return blob;
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function figurePng(drawing: Element, provenance: Provenance): Promise<Uint8Array<ArrayBuffer>> {
  const blob = await pngOf(drawing.ownerDocument, figureSvg(drawing, provenance));
  return pngWithText(new Uint8Array(await blob.arrayBuffer()), PNG_KEYWORD, JSON.stringify(provenance));
}

/** False when the page may not write the clipboard (an insecure origin): the caller shows the link instead. */
async function copyText(doc: Document, text: string): Promise<boolean> {
  try {
    await doc.defaultView!.navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

let rendered = 0;

export function figure(doc: Document, options: FigureOptions): HTMLElement {
  const root = el(doc, "figure", { class: options.kind === "table" ? "uvqa-figure uvqa-table" : "uvqa-figure", "data-figure": options.id });
  const head = el(doc, "div", { class: "figure-head" });
  head.append(el(doc, "h3", { class: "figure-title" }, options.title));
  const toolbar = el(doc, "div", { class: "figure-toolbar", role: "toolbar", "aria-label": `${options.title}: downloads` });
  head.append(toolbar);
  root.append(head);
  if (options.caption) root.append(el(doc, "p", { class: "figure-caption" }, options.caption));

  const body = el(doc, "div", { class: "figure-body" });
  root.append(body);
  let drawing: Element | null = null;
  if (options.empty) body.append(el(doc, "p", { class: "empty-state" }, options.empty));
  else {
    drawing = options.render(options.width);
    body.append(drawing);
  }

  const status = el(doc, "span", { class: "figure-status", role: "status" });
  const button = (label: string, title: string, action: () => Promise<void> | void) => {
    const b = el(doc, "button", { type: "button", title, "data-export": label.toLowerCase() }, label);
    b.addEventListener("click", async () => {
      try {
        await action();
      } catch (error) {
        status.textContent = `${label} failed: ${(error as Error).message}`;
      }
    });
    toolbar.append(b);
    return b;
  };
  const name = (ext: string) => `${options.id}.${ext}`;
  if (drawing && options.kind !== "table") {
    button("SVG", "download the figure as SVG (provenance in its metadata)", () =>
      download(doc, name("svg"), new Blob([figureSvg(drawing!, options.provenance)], { type: "image/svg+xml" })));
    button("PNG", "download the figure as PNG at 2x (provenance in a text chunk)", async () =>
      download(doc, name("png"), new Blob([await figurePng(drawing!, options.provenance)], { type: "image/png" })));
  }
  button("CSV", "download the data drawn as CSV (provenance in # comment lines)", async () =>
    download(doc, name("csv"), new Blob([await csvText(options.data as Record<string, unknown>[], options.provenance, options.columns)], { type: "text/csv" })));
  button("Link", "copy a link that restores this view", async () => {
    status.textContent = (await copyText(doc, doc.defaultView!.location.href)) ? "link copied" : doc.defaultView!.location.href;
  });
  toolbar.append(status);

  root.append(el(doc, "p", { class: "provenance" }, provenanceText(options.provenance)));
  const { reproduce } = options;
  if (reproduce && (reproduce.cli || reproduce.sql)) {
    const details = el(doc, "details", { class: "reproduce" });
    details.append(el(doc, "summary", {}, "Reproduce"));
    if (reproduce.note) details.append(el(doc, "p", {}, reproduce.note));
    if (reproduce.cli) details.append(el(doc, "pre", { "data-reproduce": "cli" }, reproduce.cli));
    if (reproduce.sql) details.append(el(doc, "pre", { "data-reproduce": "sql" }, reproduce.sql));
    root.append(details);
  }
  // A hook for tests and the page benchmark: how many figures have been drawn so far.
  root.dataset.rendered = String(++rendered);
  // The window's own CustomEvent: a DOM other than the page's (jsdom in the tests) refuses a foreign event object.
  const win = doc.defaultView;
  win?.dispatchEvent(new win.CustomEvent("uvqa:figure", { detail: { id: options.id, rendered } }));
  return root;
}

/** csv.ts's csvOf, its module loaded on first use. */
async function csvText(rows: readonly Record<string, unknown>[], provenance: Provenance, columns?: readonly string[]): Promise<string> {
  const { csvOf } = await import("./csv.js");
  return csvOf(rows, provenance, columns);
}

/** "Download as CSV" for a table: the rows shown, with the provenance header. */
export function tableCsvButton(doc: Document, options: { id: string; label: string; data: readonly Record<string, unknown>[] | (() => Promise<readonly Record<string, unknown>[]>); columns?: readonly string[]; provenance: Provenance }): HTMLButtonElement {
  const button = el(doc, "button", { type: "button", class: "table-csv", "data-export": "csv", "data-table": options.id }, options.label);
  // `data` as a function: the rows are worked out on the click (the explorer's first 10,000 rows need its database).
  button.addEventListener("click", async () => {
    const data = typeof options.data === "function" ? await options.data() : options.data;
    download(doc, `${options.id}.csv`, new Blob([await csvText(data as Record<string, unknown>[], options.provenance, options.columns)], { type: "text/csv" }));
  });
  return button;
}
