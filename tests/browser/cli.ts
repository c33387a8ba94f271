// What `uvqa score` says about a built report, for the page tests to compare the drawn values with: its scores and
// its transition matrices, computed from the report's own inputs with the report's flags (plus any --slice), and
// the checks every export must pass.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { parquetReadObjects } from "hyparquet";
import { JSDOM } from "jsdom";
import { csvParse } from "d3";
import { builtReportFile, siteRoot, uvqaScore } from "./site.ts";
import { reproduceFlags } from "./pages.ts";

export interface CliScore { run: string; slice: string; metric: string; value: number; n: number; ci_low: number; ci_high: number; judge_failures: number }
export interface CliTransition { run: string; baseline: string; slice: string; table: string; from: string; to: string; count: number }
export interface RunInput { id: string; baseline: string | null }

/** True when this checkout's `uvqa score` takes filter slices (`--slice <expr>`), which the page's worker mirrors. */
export const FILTER_SLICES = spawnSync(process.execPath, [join(siteRoot, "bin", "uvqa.js"), "score", "--help"], { encoding: "utf8" }).stdout.includes("--slice <");

export async function cliReport(root: string, dist: string, extra: string[] = []): Promise<{ scores: CliScore[]; transitions: CliTransition[]; runs: RunInput[] }> {
  const meta = JSON.parse(readFileSync(builtReportFile(dist, "meta.json"), "utf8")) as { reproduce: string };
  const runsFile = builtReportFile(dist, "runs-input.json");
  const out = uvqaScore(root, { items: builtReportFile(dist, "items.jsonl"), predictions: builtReportFile(dist, "predictions.jsonl"), runs: runsFile }, [...reproduceFlags(meta.reproduce), ...extra]);
  const bytes = readFileSync(join(out, "transitions.parquet"));
  const transitions = (await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }))
    .map((r) => ({ run: String(r.run), baseline: String(r.baseline), slice: String(r.slice), table: String(r.table), from: String(r.from), to: String(r.to), count: Number(r.count) }));
  return { scores: JSON.parse(readFileSync(join(out, "scores.json"), "utf8")), transitions, runs: JSON.parse(readFileSync(runsFile, "utf8")) };
}

/** The exported SVG as a document (a parse error is an <parsererror> element, checked by the caller). */
export function svgOf(bytes: Buffer): Document {
  const file = join(mkdtempSync(join(tmpdir(), "uvqa-export-")), "figure.svg");
  writeFileSync(file, bytes);
  return new JSDOM(readFileSync(file), { contentType: "image/svg+xml" }).window.document;
}

/** The CSV's rows without its `#` provenance lines. */
export function csvRowsOf(bytes: Buffer): { head: string; rows: Record<string, string>[] } {
  const text = bytes.toString("utf8");
  return { head: text.split("\n")[0]!, rows: csvParse(text.split("\n").filter((l) => !l.startsWith("#")).join("\n")) as unknown as Record<string, string>[] };
}

/** Width and height of a PNG whose every scanline inflates (it decodes), or an error. */
export function decodePng(png: Buffer): { width: number; height: number } {
  const width = png.readUInt32BE(16), height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString("latin1", at + 4, at + 8) === "IDAT") idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== height * (1 + width * 4)) throw new Error(`PNG: ${raw.length} bytes for ${width}x${height}`);
  return { width, height };
}
