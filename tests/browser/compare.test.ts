// /compare in Chromium: every paired difference, value and McNemar p the page shows equals `uvqa compare` run on the
// build's own inputs (the report's rows for the aligned run against its baseline, the slice worker's for any other
// pair and for filter slices); the transition matrix equals the one `uvqa score` makes with B given A as its
// baseline; a copied link restores the view; the item view; exports. On the default build and the public data.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { inflateSync } from "node:zlib";
import { JSDOM } from "jsdom";
import { csvParse } from "d3";
import { parquetReadObjects } from "hyparquet";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { skipWithoutPublicData } from "../public-data.ts";
import { pngTexts, PNG_KEYWORD, svgProvenance } from "../../components/export.ts";
import { METRICS } from "../../components/scores.ts";
import { builtReportFile, sharedBuild, siteRoot } from "./site.ts";
import { exportFigure, figureDrawn, openSite, type Site } from "./pages.ts";

// Each test runs the CLI on the build's inputs (1,000 resamples; the public data) and drives Chromium: on a shared
// 2-core machine that can take longer than the 30 s default.
vi.setConfig({ testTimeout: 180_000 });

interface Comparison { a: string; b: string; slice: string; metric: string; value_a: number; value_b: number; diff: number; ci_low: number; ci_high: number; n: number; n_a: number; n_b: number; mcnemar_b: number; mcnemar_c: number; mcnemar_p: number }
interface Transition { run: string; baseline: string; slice: string; table: string; from: string; to: string; count: number }
interface Inputs { items: string; predictions: string; runs: string }

const DATA_DIR = resolve(siteRoot, process.env.UVQA_TEST_DATA_DIR ?? "../shared/uvqa");
const HAS_SLICE = spawnSync(process.execPath, [join(siteRoot, "bin", "uvqa.js"), "compare", "--help"], { encoding: "utf8" }).stdout.includes("--slice <");
const KNOWN: readonly string[] = METRICS;

function cli(root: string, args: string[]): void {
  const result = spawnSync(process.execPath, [join(root, "bin", "uvqa.js"), ...args], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`uvqa ${args.join(" ")} failed: ${result.stderr}`);
}

/** `uvqa compare` exactly as the page's reproduce block writes it; its comparisons.json rows. */
function uvqaCompare(root: string, inputs: Inputs, a: string, b: string, flags: string[]): Comparison[] {
  const out = join(mkdtempSync(join(tmpdir(), "uvqa-compare-")), "out");
  cli(root, ["compare", "--items", inputs.items, "--predictions", inputs.predictions, "--runs", inputs.runs, "--a", a, "--b", b, ...flags, "--out", out]);
  return JSON.parse(readFileSync(join(out, "comparisons.json"), "utf8"));
}

/** The transition matrix of B against A as `uvqa score` makes it: a runs file in which B's baseline is A. */
async function uvqaTransitions(root: string, inputs: Inputs, a: string, b: string, flags: string[]): Promise<Transition[]> {
  const dir = mkdtempSync(join(tmpdir(), "uvqa-transitions-"));
  const runs = (JSON.parse(readFileSync(inputs.runs, "utf8")) as Array<{ id: string; baseline?: string | null }>)
    .filter((r) => r.id === a || r.id === b).map((r) => ({ ...r, baseline: r.id === b ? a : null }));
  writeFileSync(join(dir, "runs.json"), JSON.stringify(runs));
  const predictions = readFileSync(inputs.predictions, "utf8").split("\n").filter((l) => l && [a, b].includes(JSON.parse(l).run));
  writeFileSync(join(dir, "predictions.jsonl"), predictions.join("\n") + "\n");
  cli(root, ["score", "--items", inputs.items, "--predictions", join(dir, "predictions.jsonl"), "--runs", join(dir, "runs.json"), "--resamples", "0", ...flags, "--out", join(dir, "out")]);
  const buffer = readFileSync(join(dir, "out", "transitions.parquet"));
  return (await parquetReadObjects({ file: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) })) as unknown as Transition[];
}

const diffKey = (r: { a: string; b: string; slice: string; metric: string }) => JSON.stringify([r.a, r.b, r.slice, r.metric]);

async function forestDots(page: Page) {
  return page.$$eval('figure[data-figure="compare-forest"] circle[data-diff]', (nodes) => nodes.map((n) => ({
    a: n.getAttribute("data-a")!, b: n.getAttribute("data-b")!, slice: n.getAttribute("data-slice")!, metric: n.getAttribute("data-metric")!, diff: Number(n.getAttribute("data-diff")),
  })));
}
async function tableCells(page: Page) {
  return page.$$eval('figure[data-figure="compare-table"] td[data-diff]', (nodes) => nodes.map((n) => {
    const row = n.closest("tr")!;
    const side = (run: string) => Number(row.querySelector(`td[data-run="${CSS.escape(run)}"]`)?.getAttribute("data-value"));
    const a = n.getAttribute("data-a")!, b = n.getAttribute("data-b")!;
    return { a, b, slice: n.getAttribute("data-slice")!, metric: n.getAttribute("data-metric")!, diff: Number(n.getAttribute("data-diff")), value_a: side(a), value_b: a === b ? side(a) : side(b) };
  }));
}
async function matrixCounts(page: Page) {
  return page.$$eval('figure[data-figure="compare-transitions"] rect[data-from]', (nodes) => nodes.map((n) => ({
    slice: n.getAttribute("data-slice")!, table: n.getAttribute("data-table")!, from: n.getAttribute("data-from")!, to: n.getAttribute("data-to")!, count: Number(n.getAttribute("data-count")),
  })));
}
async function pValues(page: Page) {
  return page.$$eval('figure[data-figure="compare-mcnemar"] td[data-p]', (nodes) => nodes.map((n) => ({ slice: n.getAttribute("data-slice")!, p: Number(n.getAttribute("data-p")) })));
}

/** The page's figures for pair (a, b) equal the CLI's rows on the slices shown, and its matrix the CLI's transitions. */
async function expectPage(page: Page, rows: Comparison[], transitions: Transition[], shownSlices: string[]) {
  const shown = rows.filter((r) => shownSlices.includes(r.slice) && KNOWN.includes(r.metric));
  const cells = await tableCells(page);
  expect(cells.map(diffKey).sort()).toEqual(shown.map(diffKey).sort());
  const byKey = new Map(shown.map((r) => [diffKey(r), r]));
  for (const c of cells) {
    const r = byKey.get(diffKey(c))!;
    expect([c.diff, c.value_a, c.value_b], diffKey(c)).toEqual([r.diff, r.value_a, r.value_b]);
  }
  const measured = shown.filter((r) => r.n_a > 0 && r.n_b > 0 && !(r.metric === "f1" && r.slice === "category:answerable"));
  const dots = await forestDots(page);
  expect(dots.map(diffKey).sort()).toEqual(measured.map(diffKey).sort());
  for (const d of dots) expect(d.diff, diffKey(d)).toBe(byKey.get(diffKey(d))!.diff);
  const ps = await pValues(page);
  expect(ps.map((p) => p.slice)).toEqual(shownSlices.filter((s) => shown.some((r) => r.slice === s)));
  for (const p of ps) expect(p.p).toBe(shown.find((r) => r.slice === p.slice)!.mcnemar_p);
  const expectedCells = transitions.filter((t) => shownSlices.includes(t.slice));
  const total = (slice: string, table: string) => expectedCells.filter((t) => t.slice === slice && t.table === table).reduce((s, t) => s + Number(t.count), 0);
  const drawnCells = expectedCells.filter((t) => total(t.slice, t.table) > 0);
  const key = (t: { slice: string; table: string; from: string; to: string }) => JSON.stringify([t.slice, t.table, t.from, t.to]);
  expect(Object.fromEntries((await matrixCounts(page)).map((c) => [key(c), c.count]))).toEqual(Object.fromEntries(drawnCells.map((t) => [key(t), Number(t.count)])));
}

function pageSuite(name: string, build: () => Promise<{ root: string; dist: string }>) {
  describe(name, () => {
    let site: Site;
    let root: string;
    let dist: string;
    let inputs: Inputs;
    let flags: string[];
    let sliceFields: string[];
    let runs: Array<{ id: string; baseline: string | null }>;
    beforeAll(async () => {
      ({ root, dist } = await build());
      inputs = { items: builtReportFile(dist, "items.jsonl"), predictions: builtReportFile(dist, "predictions.jsonl"), runs: builtReportFile(dist, "runs-input.json") };
      const meta = JSON.parse(readFileSync(builtReportFile(dist, "meta.json"), "utf8")) as { slice_fields?: string[]; resamples?: number; seed?: number };
      const scores = JSON.parse(readFileSync(builtReportFile(dist, "scores.json"), "utf8")) as Array<{ slice: string }>;
      sliceFields = meta.slice_fields ?? [...new Set(scores.map((s) => s.slice).filter((s) => s !== "all" && !s.startsWith("category:")).map((s) => s.slice(0, s.indexOf(":"))))];
      flags = [...(sliceFields.length ? ["--slice-by", sliceFields.join(",")] : []), ...(meta.resamples !== undefined && meta.resamples !== 1000 ? ["--resamples", String(meta.resamples)] : []), ...(meta.seed !== undefined ? ["--seed", String(meta.seed)] : [])];
      runs = JSON.parse(readFileSync(inputs.runs, "utf8"));
      site = await openSite(dist);
    });
    afterAll(async () => {
      await site?.close();
    });

    const categorySlices = () => ["all", ...["answerable", "object", "relation", "attribute"].map((c) => `category:${c}`)];
    const ready = 'figure[data-figure="compare-forest"] circle[data-diff]';

    it("opens on the first aligned run against its baseline: every value equals uvqa compare's, the matrix uvqa score's", async () => {
      const aligned = runs.find((r) => r.baseline)!;
      const { page, errors, foreign } = await site.open("/compare", { ready });
      const rows = uvqaCompare(root, inputs, aligned.baseline!, aligned.id, flags);
      expect(rows.length).toBeGreaterThan(10);
      const transitions = await uvqaTransitions(root, inputs, aligned.baseline!, aligned.id, sliceFields.length ? ["--slice-by", sliceFields.join(",")] : []);
      await expectPage(page, rows, transitions, categorySlices());
      expect(await page.textContent('figure[data-figure="compare-forest"] .figure-caption')).toContain("from the report's comparisons");
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
      await page.close();
    });

    it("another pair, picked in the selects, is computed in the browser and equals uvqa compare for that pair; the link restores it", async () => {
      const aligned = runs.find((r) => r.baseline)!;
      const [a, b] = [aligned.id, aligned.baseline!]; // the other way round: no report table holds it
      const { page, errors } = await site.open("/compare", { ready });
      let drawn = await figureDrawn(page, "compare-forest");
      await page.selectOption(".url-control-a select", a);
      drawn = await figureDrawn(page, "compare-forest", drawn);
      await page.selectOption(".url-control-b select", b);
      await figureDrawn(page, "compare-forest", drawn);
      await page.waitForFunction(() => (document.querySelector('figure[data-figure="compare-forest"] .figure-caption')?.textContent ?? "").includes("computed in your browser"));
      const url = new URL(page.url());
      expect(url.searchParams.get("a")).toBe(a);
      expect(url.searchParams.get("b")).toBe(b);
      const rows = uvqaCompare(root, inputs, a, b, flags);
      const transitions = await uvqaTransitions(root, inputs, a, b, sliceFields.length ? ["--slice-by", sliceFields.join(",")] : []);
      await expectPage(page, rows, transitions, categorySlices());
      expect(await page.textContent('figure[data-figure="compare-forest"] pre[data-reproduce="cli"]')).toContain(`--a ${a} --b ${b}`);

      const copy = await site.open(url.pathname + url.search, { ready });
      await copy.page.waitForFunction(() => (document.querySelector('figure[data-figure="compare-forest"] .figure-caption')?.textContent ?? "").includes("computed in your browser"));
      expect((await tableCells(copy.page)).map(diffKey).sort()).toEqual((await tableCells(page)).map(diffKey).sort());
      expect(await copy.page.$eval(".url-control-a select", (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe(a);
      await copy.page.close();
      expect(errors).toEqual([]);
      await page.close();
    });

    // `uvqa compare --slice` and filter slices in loaders/metrics come with the slice work (branch h-metrics).
    it.skipIf(!HAS_SLICE)("a filter (two categories) is a filter slice: its values equal uvqa compare --slice", async () => {
      const aligned = runs.find((r) => r.baseline)!;
      const { page, errors } = await site.open("/compare?category=object,relation", { ready });
      await page.waitForFunction(() => (document.querySelector('figure[data-figure="compare-forest"] .figure-caption')?.textContent ?? "").includes("computed in your browser"));
      const slice = "category=object,relation";
      const rows = uvqaCompare(root, inputs, aligned.baseline!, aligned.id, [...flags, "--slice", slice]);
      const transitions = await uvqaTransitions(root, inputs, aligned.baseline!, aligned.id, [...(sliceFields.length ? ["--slice-by", sliceFields.join(",")] : []), "--slice", slice]);
      await expectPage(page, rows, transitions, [slice, "category:object", "category:relation"]);
      expect(await page.textContent('figure[data-figure="compare-forest"] pre[data-reproduce="cli"]')).toContain(`--slice ${slice}`);
      expect(errors).toEqual([]);
      await page.close();
    });

    it("the item view shows the item's outcomes under A and B, outlines its cell, and says so for an unknown item", async () => {
      const aligned = runs.find((r) => r.baseline)!;
      const items = readFileSync(inputs.items, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { id: string; category: string });
      const judged = readFileSync(inputs.predictions, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { run: string; item: string; refused: boolean | null; correct: boolean | null });
      const outcome = (run: string, id: string) => {
        const p = judged.find((j) => j.run === run && j.item === id)!;
        const category = items.find((i) => i.id === id)!.category;
        if (p.refused === null) return "F";
        if (category !== "answerable") return p.refused ? "R" : "A";
        return p.refused ? "R" : p.correct === null ? "F" : p.correct ? "C" : "W";
      };
      // An unanswerable item whose outcome changed between the runs, if there is one.
      const target = items.find((i) => i.category !== "answerable" && outcome(aligned.baseline!, i.id) !== outcome(aligned.id, i.id)) ?? items[0]!;
      const { page, errors } = await site.open(`/compare?item=${encodeURIComponent(target.id)}`, { ready: ".item-view table" });
      const shown = await page.$$eval(".item-view tr[data-role]", (trs) => trs.map((tr) => [tr.getAttribute("data-role"), tr.getAttribute("data-run"), tr.getAttribute("data-outcome")]));
      expect(shown).toEqual([["A", aligned.baseline, outcome(aligned.baseline!, target.id)], ["B", aligned.id, outcome(aligned.id, target.id)]]);
      const outlined = await page.$$eval('figure[data-figure="compare-transitions"] g[stroke-width="2.5"] rect', (r) => r.length);
      expect(outlined).toBe(1);
      const csv = csvParse((await exportFigure(page, "compare-item", "csv")).toString("utf8").split("\n").filter((l) => !l.startsWith("#")).join("\n"));
      expect(csv.map((r) => [r.role, r.run, r.outcome])).toEqual(shown);
      await page.fill(".url-control-item input", "no-such-item");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => (document.querySelector(".item-view")?.textContent ?? "").includes("no item"));
      expect(new URL(page.url()).searchParams.get("item")).toBe("no-such-item");
      expect(errors).toEqual([]);
      await page.close();
    });

    it("names a run the report lacks and falls back to the default pair", async () => {
      const aligned = runs.find((r) => r.baseline)!;
      const { page, errors } = await site.open("/compare?a=no-such-run", { ready });
      expect(await page.textContent(".pair-notice .problem")).toContain('unknown run A in the link: "no-such-run"');
      expect(await page.$eval(".url-control-a select", (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe(aligned.baseline);
      expect(errors).toEqual([]);
      await page.close();
    });

    it("exports: the SVG parses and carries the provenance and every dot, the CSV is the data drawn, the PNG decodes", async () => {
      const { page } = await site.open("/compare", { ready });
      const dots = await forestDots(page);
      const svg = new JSDOM(await exportFigure(page, "compare-forest", "svg"), { contentType: "image/svg+xml" }).window.document;
      expect(svg.querySelector("parsererror")).toBeNull();
      const provenance = svgProvenance(svg)!;
      expect(provenance.view).toContain("/compare");
      expect(provenance.runs.map((r) => r.id).sort()).toEqual(dots.length ? [dots[0]!.a, dots[0]!.b].sort() : []);
      expect(svg.querySelectorAll("circle[data-diff]").length).toBe(dots.length);
      const csv = (await exportFigure(page, "compare-forest", "csv")).toString("utf8");
      const rows = csvParse(csv.split("\n").filter((l) => !l.startsWith("#")).join("\n"));
      expect(rows.map((r) => diffKey(r as never)).sort()).toEqual(dots.map(diffKey).sort());
      for (const r of rows) expect(Number(r.diff)).toBe(dots.find((d) => diffKey(d) === diffKey(r as never))!.diff);
      const png = await exportFigure(page, "compare-transitions", "png");
      expect(JSON.parse(pngTexts(new Uint8Array(png))[PNG_KEYWORD]!).figure).toBe("Transitions between A and B");
      const width = png.readUInt32BE(16), height = png.readUInt32BE(20);
      const idat: Buffer[] = [];
      for (let at = 8; at < png.length;) {
        const length = png.readUInt32BE(at);
        if (png.toString("latin1", at + 4, at + 8) === "IDAT") idat.push(png.subarray(at + 8, at + 8 + length));
        at += 12 + length;
      }
      expect(inflateSync(Buffer.concat(idat)).length).toBe(height * (1 + width * 4));
      const matrixCsv = csvParse((await exportFigure(page, "compare-transitions", "csv")).toString("utf8").split("\n").filter((l) => !l.startsWith("#")).join("\n"));
      expect(matrixCsv.map((r) => Number(r.count))).toEqual((await matrixCounts(page)).map((c) => c.count));
      const tableCsv = csvParse((await exportFigure(page, "compare-table", "csv")).toString("utf8").split("\n").filter((l) => !l.startsWith("#")).join("\n"));
      expect(tableCsv.map((r) => diffKey(r as never)).sort()).toEqual((await tableCells(page)).map(diffKey).sort());
      await page.close();
    });
  });
}

pageSuite("/compare on the default build", () => sharedBuild("default"));
// Never skipped in CI: there a missing folder fails the suite (tests/public-data.ts).
if (!skipWithoutPublicData("eval_object.json", process.env, DATA_DIR)) pageSuite("/compare on the public UVQA data", () => sharedBuild("uvqa", { UVQA_DATA_DIR: DATA_DIR }));

describe("/compare with a single run in the report", () => {
  let site: Site;
  beforeAll(async () => {
    // The same build as /alignment's test of a report with no aligned run (one key, one build per test run).
    const build = await sharedBuild("unaligned", { UVQA_CONFIG: "tests/browser/unaligned.config.ts" });
    site = await openSite(build.dist);
  });
  afterAll(async () => {
    await site?.close();
  });

  it("says there is nothing to compare yet, and how to get a second run", async () => {
    const { page, errors, foreign } = await site.open("/compare", { ready: 'figure[data-figure="compare-forest"] .empty-state' });
    expect(await page.textContent('figure[data-figure="compare-forest"] .empty-state')).toBe("only one run in this report: add a second run (e.g. one with a baseline) to compare two runs");
    expect(await page.$$('circle[data-diff], td[data-diff], rect[data-from]')).toEqual([]);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });
});
