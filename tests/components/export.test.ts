// Exports carry their provenance: the SVG in <metadata>, the PNG in an iTXt chunk (CRCs right, the image still a
// valid PNG), the CSV in # comment lines above exactly the rows drawn.
import { crc32 as zlibCrc32, deflateSync, inflateSync } from "node:zlib";
import { JSDOM } from "jsdom";
import { csvParse } from "d3";
import { describe, expect, it } from "vitest";
import { csvOf } from "../../components/csv.ts";
import { crc32, pngTexts, pngWithText, PNG_KEYWORD, svgDocument, svgProvenance } from "../../components/export.ts";
import { provenanceComment, provenanceOf, provenanceText } from "../../components/provenance.ts";

const meta = {
  generated_at: "2026-11-29T00:00:00.000Z", code_version: "abc123def456", config: { file: "uvqa.config.ts", sha256: "c0ffee".padEnd(64, "0") },
  datasets: [{ id: "sample", items: 495, sha256: "d1".padEnd(64, "0") }, { id: "uvqa", skipped: "UVQA_DATA_DIR not set" }],
  judge: { id: "builtin", name: "builtin@1" }, resamples: 1000, seed: 20250124,
};
const runs = [{ id: "m/u", model: "m", prompt: "unaligned", prompt_hash: "ab".padEnd(64, "0") }];
const provenance = provenanceOf(meta, runs, "F1 by category", "http://127.0.0.1/categories?category=object");

/** A real 2x1 RGBA PNG, built the way the format says. */
function tinyPng(): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length);
    head.write(type, 4, "latin1");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlibCrc32(Buffer.concat([head.subarray(4), data])));
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 2, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
  const pixels = Buffer.from([0, 255, 0, 0, 255, 0, 0, 255, 255]);
  return new Uint8Array(Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(pixels)), chunk("IEND", Buffer.alloc(0))]));
}

describe("provenance", () => {
  it("names datasets with hashes, runs with model and prompt hash, judge, code and time; skipped datasets left out", () => {
    expect(provenanceText(provenance)).toBe(
      "datasets: sample (495 items, sha256 d1000000) · runs: m/u (m, prompt unaligned ab000000) · judge: builtin@1 · code abc123def456 · generated 2026-11-29T00:00:00.000Z");
    expect(provenanceComment(provenance).split("\n").filter(Boolean).every((l) => l.startsWith("# "))).toBe(true);
  });
});

describe("PNG text chunk", () => {
  it("crc32 agrees with zlib's", () => {
    const bytes = new TextEncoder().encode("IEND");
    expect(crc32(bytes)).toBe(zlibCrc32(Buffer.from(bytes)));
    expect(crc32(bytes)).toBe(0xae426082);
  });
  it("inserts the provenance after IHDR; the image data is untouched and every CRC checks", () => {
    const png = tinyPng();
    const out = pngWithText(png, PNG_KEYWORD, JSON.stringify(provenance));
    const texts = pngTexts(out);
    expect(JSON.parse(texts[PNG_KEYWORD]!)).toEqual(provenance);
    // IHDR still first, IDAT intact
    expect(String.fromCharCode(...out.subarray(12, 16))).toBe("IHDR");
    const idat = Buffer.from(out).indexOf("IDAT");
    const length = Buffer.from(out).readUInt32BE(idat - 4);
    expect([...inflateSync(Buffer.from(out.subarray(idat + 4, idat + 4 + length)))]).toEqual([0, 255, 0, 0, 255, 0, 0, 255, 255]);
  });
  it("keeps non-latin text (a run id in another script) through UTF-8 iTXt", () => {
    const out = pngWithText(tinyPng(), "k", "運行 naïve");
    expect(pngTexts(out).k).toBe("運行 naïve");
  });
  it("refuses bytes that are not a PNG", () => {
    expect(() => pngWithText(new Uint8Array([1, 2, 3]), "k", "v")).toThrow("not a PNG file");
  });
});

describe("CSV", () => {
  it("is the comment header, then exactly the rows drawn in the given column order", () => {
    const rows = [{ run: "m/u", slice: "category:object", metric: "f1", value: 0.123456789, n: 82, note: 'has "quotes", commas' },
      { run: "m/u", slice: "all", metric: "f1", value: 0, n: 0, note: null }];
    const text = csvOf(rows, provenance, ["run", "slice", "metric", "value", "n", "note"]);
    const lines = text.split("\n");
    expect(lines[0]).toBe("# UVQA Lab: F1 by category");
    const body = lines.filter((l) => !l.startsWith("#")).join("\n");
    const parsed = csvParse(body);
    expect(parsed.columns).toEqual(["run", "slice", "metric", "value", "n", "note"]);
    expect(parsed.map((r) => ({ ...r, value: Number(r.value), n: Number(r.n) }))).toEqual([
      { run: "m/u", slice: "category:object", metric: "f1", value: 0.123456789, n: 82, note: 'has "quotes", commas' },
      { run: "m/u", slice: "all", metric: "f1", value: 0, n: 0, note: "" },
    ]);
  });
  it("an empty figure still writes its header line", () => {
    expect(csvOf([], provenance, ["run", "value"]).trim().split("\n").pop()).toBe("run,value");
  });
});

describe("SVG document", () => {
  it("stacks the parts, resolves colours and carries the provenance in <metadata>", () => {
    const { window } = new JSDOM("<!doctype html><body></body>");
    const doc = window.document;
    const part = (h: number) => {
      const svg = doc.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("width", "300");
      svg.setAttribute("height", String(h));
      svg.innerHTML = '<circle cx="5" cy="5" r="3" fill="currentColor" data-run="m/u" data-value="0.5"/>';
      return svg as SVGSVGElement;
    };
    const text = svgDocument(doc, [part(20), part(100)], provenance, { color: "rgb(0, 0, 0)", background: "#fff", fontFamily: "sans-serif" });
    const parsed = new JSDOM(text, { contentType: "image/svg+xml" }).window.document;
    expect(parsed.querySelector("parsererror")).toBeNull();
    expect(parsed.documentElement.getAttribute("height")).toBe("128");
    expect(svgProvenance(parsed)).toEqual(provenance);
    expect(parsed.querySelectorAll("circle[data-run='m/u']")).toHaveLength(2);
    expect(parsed.documentElement.getAttribute("style")).toContain("color: rgb(0, 0, 0)");
  });
});
