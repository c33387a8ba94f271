// What a figure downloads as: an SVG carrying its provenance in <metadata>, a 2x PNG with the provenance in an
// iTXt chunk, and the CSV of exactly the data drawn with the provenance as a `#` comment header (csv.ts, loaded on
// the click: Arquero and its expression parser are a fifth of a page's script). Pure functions over a DOM and
// bytes; the buttons that call them are in figure.ts.
import type { Provenance } from "./provenance.js";

export const SVG_NS = "http://www.w3.org/2000/svg";
export const PROVENANCE_NS = "https://uvqa-lab.example/provenance";
/** The PNG text keyword (iTXt) that holds the provenance JSON. */
export const PNG_KEYWORD = "uvqa:provenance";

export interface SvgStyle {
  color: string;
  background: string;
  fontFamily: string;
}

/**
 * One standalone SVG document from the figure's SVG elements, stacked top to bottom (a legend above its plot),
 * with the page's colours resolved (`currentColor` and CSS variables mean nothing outside the page), a <title>,
 * and the provenance JSON in <metadata>.
 */
export function svgDocument(doc: Document, parts: readonly SVGSVGElement[], provenance: Provenance, style: SvgStyle, gap = 8): string {
  const sizes = parts.map((svg) => ({
    width: Number(svg.getAttribute("width")) || svg.viewBox?.baseVal?.width || 0,
    height: Number(svg.getAttribute("height")) || svg.viewBox?.baseVal?.height || 0,
  }));
  const width = Math.max(0, ...sizes.map((s) => s.width));
  const height = sizes.reduce((sum, s) => sum + s.height, 0) + gap * Math.max(0, parts.length - 1);
  const root = doc.createElementNS(SVG_NS, "svg");
  root.setAttribute("width", String(width));
  root.setAttribute("height", String(height));
  root.setAttribute("viewBox", `0 0 ${width} ${height}`);
  root.setAttribute("style", `color: ${style.color}; font-family: ${style.fontFamily}; background: ${style.background}`);
  const title = doc.createElementNS(SVG_NS, "title");
  title.textContent = provenance.figure;
  const metadata = doc.createElementNS(SVG_NS, "metadata");
  const record = doc.createElementNS(PROVENANCE_NS, "provenance");
  record.textContent = JSON.stringify(provenance);
  metadata.append(record);
  const background = doc.createElementNS(SVG_NS, "rect");
  background.setAttribute("width", "100%");
  background.setAttribute("height", "100%");
  background.setAttribute("fill", style.background);
  root.append(title, metadata, background);
  let y = 0;
  parts.forEach((svg, i) => {
    const copy = svg.cloneNode(true) as SVGSVGElement;
    copy.setAttribute("x", "0");
    copy.setAttribute("y", String(y));
    copy.removeAttribute("style");
    root.append(copy);
    y += sizes[i]!.height + gap;
  });
  const text = new (doc.defaultView!.XMLSerializer)().serializeToString(root);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${text}`;
}

/** Reads the provenance back out of an exported SVG (tests, and anyone tracing a figure). */
export function svgProvenance(doc: Document): Provenance | null {
  const node = doc.getElementsByTagNameNS(PROVENANCE_NS, "provenance")[0];
  return node?.textContent ? (JSON.parse(node.textContent) as Provenance) : null;
}

// ---- PNG text chunks ---------------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const latin1 = (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(latin1(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function checkSignature(png: Uint8Array): void {
  if (png.length < 8 || SIGNATURE.some((b, i) => png[i] !== b)) throw new Error("not a PNG file");
}

/** The PNG with an uncompressed iTXt chunk (UTF-8 text) inserted right after IHDR. */
export function pngWithText(png: Uint8Array, keyword: string, text: string): Uint8Array<ArrayBuffer> {
  checkSignature(png);
  const ihdrEnd = 8 + 12 + new DataView(png.buffer, png.byteOffset).getUint32(8);
  const utf8 = new TextEncoder().encode(text);
  // keyword \0, compression flag 0, method 0, language tag "" \0, translated keyword "" \0, text
  const data = new Uint8Array(keyword.length + 5 + utf8.length);
  data.set(latin1(keyword), 0);
  data.set(utf8, keyword.length + 5);
  const inserted = chunk("iTXt", data);
  const out = new Uint8Array(png.length + inserted.length);
  out.set(png.subarray(0, ihdrEnd), 0);
  out.set(inserted, ihdrEnd);
  out.set(png.subarray(ihdrEnd), ihdrEnd + inserted.length);
  return out;
}

/** Every tEXt/iTXt chunk of a PNG, checking each chunk's CRC. */
export function pngTexts(png: Uint8Array): Record<string, string> {
  checkSignature(png);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const texts: Record<string, string> = {};
  for (let at = 8; at + 12 <= png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) throw new Error(`bad CRC in ${type} chunk`);
    if (type === "tEXt" || type === "iTXt") {
      const zero = data.indexOf(0);
      const keyword = String.fromCharCode(...data.subarray(0, zero));
      if (type === "tEXt") texts[keyword] = String.fromCharCode(...data.subarray(zero + 1));
      else {
        let p = zero + 3; // flag, method
        p = data.indexOf(0, p) + 1; // language tag
        p = data.indexOf(0, p) + 1; // translated keyword
        texts[keyword] = new TextDecoder().decode(data.subarray(p));
      }
    }
    at += 12 + length;
    if (type === "IEND") break;
  }
  return texts;
}
