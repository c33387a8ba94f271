// The browser bundles of project code (scripts/bundles.js): the metrics bundle, run in Chromium, gives the
// same scores as Node on a small report; a bundle that pulls in a Node API fails; missing optional entries
// are skipped, missing required ones are an error.
import { pathToFileURL } from "node:url";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle, makeBundles } from "../../scripts/bundles.js";
import { judgePredictions } from "../../loaders/judges/builtin.ts";
import type { Prediction, Run } from "../../loaders/items/records.ts";
import type { Item } from "../../loaders/items/schema.ts";
import { compareRuns, scoreRuns } from "../../loaders/metrics/index.ts";
import { writeReport } from "../../loaders/pipeline/report.ts";
import { repoRoot } from "../inference/helpers.ts";
import { launchChromium } from "./site.ts";

const base = mkdtempSync(join(tmpdir(), "uvqa-bundles-"));
let browser: BrowserContext;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const jsonl = <T>(file: string): T[] => readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as T);

describe("src/lib/metrics.js", () => {
  it("gives the same scoreRuns and compareRuns output in Chromium as in Node, on a small report", async () => {
    const report = join(base, "report");
    await writeReport(report, { root: repoRoot, cacheDir: join(base, "cache"), resamples: 200, log: () => {} });
    const items = jsonl<Item>(join(report, "items.jsonl"));
    const judgments = judgePredictions(items, jsonl<Prediction>(join(report, "predictions.jsonl")));
    const runs = JSON.parse(readFileSync(join(report, "runs-input.json"), "utf8")) as Run[];
    const meta = JSON.parse(readFileSync(join(report, "meta.json"), "utf8")) as { resamples: number; seed: number; slice_fields: string[] };
    const options = { resamples: meta.resamples, seed: meta.seed, sliceFields: meta.slice_fields };
    const aligned = runs.find((r) => r.baseline)!;

    const inNode = scoreRuns(items, judgments, runs, options);
    const comparedInNode = compareRuns(items, judgments, aligned.baseline!, aligned.id, { ...options, runs });
    // Node's figures are the report's own (scores.json is sorted by run, slice, metric).
    const key = (s: { run: string; slice: string; metric: string }) => `${s.run}\u0000${s.slice}\u0000${s.metric}`;
    expect([...inNode.scores].sort((a, b) => (key(a) < key(b) ? -1 : 1))).toEqual(JSON.parse(readFileSync(join(report, "scores.json"), "utf8")));

    const code = await bundle("loaders/metrics/index.ts", repoRoot);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.setContent("<!doctype html><title>metrics</title>");
    // The bundle imported as the ES module it is (a string, so the test runner's transform leaves import() alone).
    await page.evaluate(`(async () => {
      const url = URL.createObjectURL(new Blob([${JSON.stringify(code)}], { type: "text/javascript" }));
      window.metrics = await import(url);
    })()`);
    type Metrics = { scoreRuns: typeof scoreRuns; compareRuns: typeof compareRuns };
    const inBrowser = await page.evaluate(({ items, judgments, runs, options, pair }) => {
      const metrics = (window as unknown as { metrics: Metrics }).metrics;
      return {
        scored: metrics.scoreRuns(items, judgments, runs, options),
        compared: metrics.compareRuns(items, judgments, pair.a, pair.b, { ...options, runs }),
      };
    }, { items, judgments, runs, options, pair: { a: aligned.baseline!, b: aligned.id } });
    expect(errors).toEqual([]);
    expect(inBrowser.scored).toEqual(inNode);
    expect(inBrowser.compared).toEqual(comparedInNode);
    // Not vacuous: every slice the report has, intervals that are intervals, alignment scores.
    expect(new Set(inNode.scores.map((s) => s.slice)).size).toBeGreaterThan(10);
    expect(inNode.scores.some((s) => s.ci_low < s.ci_high)).toBe(true);
    expect(inNode.scores.some((s) => s.metric === "s_align")).toBe(true);
  }, 180_000);

  it("carries d3-random but not the schema library (the categories come from a zod-free module)", async () => {
    const code = await bundle("loaders/metrics/index.ts", repoRoot, { minify: false });
    const modules = [...code.matchAll(/^\/\/ (\S+)$/gm)].map((m) => m[1]!);
    expect(modules.some((m) => m.includes("node_modules/d3-random/"))).toBe(true);
    expect(modules.filter((m) => m.includes("node_modules/zod/"))).toEqual([]);
    expect(code.length).toBeLessThan(100_000);
    expect((await bundle("loaders/metrics/index.ts", repoRoot)).length).toBeLessThan(code.length / 1.5);
  });
});

describe("scripts/bundles.js", () => {
  it("fails a bundle that pulls in a Node API, prefixed or not, naming it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "uvqa-bundle-node-"));
    writeFileSync(join(dir, "via-loader.ts"), `export { writeFileAtomic } from ${JSON.stringify(join(repoRoot, "loaders/storage/atomic.ts"))};\n`);
    writeFileSync(join(dir, "bare.ts"), `import { readFileSync } from "fs";\nexport const read = readFileSync;\n`);
    await expect(bundle(join(dir, "via-loader.ts"))).rejects.toThrow(/a browser bundle cannot use the Node API "node:fs\/promises"/);
    await expect(bundle(join(dir, "bare.ts"))).rejects.toThrow(/a browser bundle cannot use the Node API "fs"/);
  });

  it("writes src/lib/<name>.js, skips an optional entry that does not exist yet and refuses a required one", async () => {
    const root = mkdtempSync(join(tmpdir(), "uvqa-bundle-root-"));
    mkdirSync(join(root, "entries"));
    writeFileSync(join(root, "entries", "answer.ts"), "export const answer: number = 42;\n");
    const lines: string[] = [];
    const made = await makeBundles(root, {
      log: (line) => lines.push(line),
      bundles: [{ name: "answer", entry: "entries/answer.ts" }, { name: "later", entry: "entries/later.ts", optional: true }],
    });
    expect(made).toEqual(["answer"]);
    expect((await import(pathToFileURL(join(root, "src", "lib", "answer.js")).href)).answer).toBe(42);
    expect(existsSync(join(root, "src", "lib", "later.js"))).toBe(false);
    expect(lines).toContain("bundle later: skipped (entries/later.ts does not exist yet)");
    await expect(makeBundles(root, { bundles: [{ name: "gone", entry: "entries/gone.ts" }] })).rejects.toThrow("bundle gone: no such entry entries/gone.ts");
  });
});
