// The learned model gives the same outputs in Node (onnxruntime-web, wasm) and in Chromium, with the wasm
// provider and with webgpu (headless Chromium's software adapter): the same features, byte for byte, and the
// same probabilities and evidence within 1e-5, on every sample item (generated and hand-written).
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadSampleItems } from "../../loaders/generate/sample.ts";
import { encode } from "../../loaders/model/features.ts";
import { loadNodeModel } from "../../loaders/model/node.ts";
import { serveDist } from "../../scripts/serve-dist.js";
import { launchChromium } from "./site.ts";
import { modelPageDir } from "./model-page.ts";

export const PARITY_TOLERANCE = 1e-5;

/** FNV-1a over a Float32Array's bytes: equal features give equal strings. */
function checksum(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(16);
}

interface PageRun {
  provider: string;
  features: string[];
  probabilities: number[][];
  evidence: number[][];
}

const maxDiff = (a: number[][], b: number[][]) => Math.max(...a.map((row, i) => Math.max(0, ...row.map((x, j) => Math.abs(x - b[i]![j]!)))));

let served: { url: string; close: () => Promise<void> };
const browsers: BrowserContext[] = [];
beforeAll(async () => {
  served = await serveDist(await modelPageDir());
});
afterAll(async () => {
  for (const b of browsers) await b.close();
  await served?.close();
});

describe("Node and Chromium agree", () => {
  test("wasm and webgpu in Chromium give Node's features and probabilities", async () => {
    const items = await loadSampleItems();
    const questions = items.map((i) => ({ question: i.question, scene: i.scene! }));
    const model = await loadNodeModel();
    const encoded = questions.map((q) => encode(q.question, q.scene));
    const raw = await model.run(encoded);
    const node = { features: encoded.map((e) => checksum(e.x) + checksum(e.global)), probabilities: raw.map((r) => Array.from(r.probabilities)), evidence: raw.map((r) => Array.from(r.evidence)) };

    const browser = await launchChromium(["--enable-unsafe-webgpu"]);
    browsers.push(browser);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.goto(new URL("index.html", served.url).href);
    await page.waitForFunction(() => "UvqaModel" in window);
    const runs = await page.evaluate(async (qs) => {
      const checksum = (values: Float32Array) => {
        const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
        let h = 0x811c9dc5;
        for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
        return h.toString(16);
      };
      const m = (window as unknown as { UvqaModel: any }).UvqaModel;
      m.ort.env.wasm.wasmPaths = { wasm: `${location.origin}/ort.wasm` };
      m.ort.env.wasm.numThreads = 1;
      const bytes = new Uint8Array(await (await fetch("/model.onnx")).arrayBuffer());
      const encoded = qs.map((q: { question: string; scene: unknown }) => m.encode(q.question, q.scene));
      const out = [];
      for (const provider of ["wasm", "webgpu"]) {
        const model = await m.loadModel(m.ort, bytes.slice(), { provider });
        const raw = await model.run(encoded);
        out.push({
          provider: model.provider,
          features: encoded.map((e: { x: Float32Array; global: Float32Array }) => checksum(e.x) + checksum(e.global)),
          probabilities: raw.map((r: { probabilities: Float32Array }) => Array.from(r.probabilities)),
          evidence: raw.map((r: { evidence: Float32Array }) => Array.from(r.evidence)),
        });
        await model.release();
      }
      return out;
    }, questions) as PageRun[];
    expect(errors).toEqual([]);
    expect(runs.map((r) => r.provider)).toEqual(["wasm", "webgpu"]);
    const report: string[] = [];
    for (const run of runs) {
      expect(run.features).toEqual(node.features);
      expect(run.probabilities).toHaveLength(items.length);
      const dp = maxDiff(run.probabilities, node.probabilities);
      const de = maxDiff(run.evidence, node.evidence);
      report.push(`${run.provider}: max |diff| probabilities ${dp.toExponential(2)}, evidence ${de.toExponential(2)} over ${items.length} items`);
      expect(dp).toBeLessThanOrEqual(PARITY_TOLERANCE);
      expect(de).toBeLessThanOrEqual(PARITY_TOLERANCE);
    }
    process.stderr.write(`model parity (Node vs Chromium): ${report.join("; ")}\n`);
    // Not a vacuous comparison: the model says both things on these items.
    expect(node.probabilities.some((p) => p[0]! > 0.5)).toBe(true);
    expect(node.probabilities.some((p) => p[0]! < 0.5)).toBe(true);
  }, 180_000);
});
