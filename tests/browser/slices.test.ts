// /slices in Chromium: the slices the page ranks (computed by its worker) are exactly those loaders/metrics/slice-finder.ts
// gives in Node over the report's own items.jsonl and predictions.jsonl, for one run (over- and under-refusal) and two
// runs, on the default build and the public data; the minimum support and the other settings live in the URL; rows
// open the explorer on their slice; the printed command reproduces the ranking; exports and empty states.
import { spawnSync } from "node:child_process";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pngTexts, PNG_KEYWORD, svgProvenance } from "../../components/export.ts";
import { readItemsJsonl } from "../../loaders/datasets/items-jsonl.ts";
import { readLocatedPredictions } from "../../loaders/cli/score.ts";
import { judgeLocated } from "../../loaders/pipeline/score.ts";
import {
  columnsByRun, findDifferenceSlices, findRefusalSlices, indexItems, type FinderOptions, type FinderRow, type ItemIndex, type RunColumns,
} from "../../loaders/metrics/index.ts";
import { csvRowsOf, decodePng, svgOf } from "./cli.ts";
import { exportFigure, figureDrawn, openSite, type Site } from "./pages.ts";
import { builtReportFile, sharedBuild, siteRoot } from "./site.ts";

const READY = 'figure[data-figure="slices"] circle[data-slice]';

/** The finder in Node over a build's own inputs, as a user would run it. */
async function nodeFinder(dist: string) {
  const items = await readItemsJsonl(builtReportFile(dist, "items.jsonl"));
  const index: ItemIndex = indexItems(items);
  const columns: Map<string, RunColumns> = columnsByRun(index, judgeLocated(items, await readLocatedPredictions(builtReportFile(dist, "predictions.jsonl"))));
  return {
    refusal: (run: string, kind: "over_refusal" | "under_refusal", options: FinderOptions = {}) => findRefusalSlices(index, columns.get(run)!, kind, options),
    difference: (a: string, b: string, options: FinderOptions & { outcome?: "correct" | "refused" } = {}) => findDifferenceSlices(index, columns.get(a)!, columns.get(b)!, options),
  };
}

interface Drawn { slice: string; value: number; q: number; n: number; run: string | null; a: string | null; b: string | null; metric: string }

async function drawn(page: Page, within = 'figure[data-figure="slices"]'): Promise<Drawn[]> {
  return page.$$eval(`${within} circle[data-slice]`, (nodes) => nodes.map((c) => ({
    slice: c.getAttribute("data-slice")!, value: Number(c.getAttribute("data-value") ?? c.getAttribute("data-diff")), q: Number(c.getAttribute("data-q")),
    n: Number(c.getAttribute("data-n")), run: c.getAttribute("data-run"), a: c.getAttribute("data-a"), b: c.getAttribute("data-b"), metric: c.getAttribute("data-metric")!,
  })));
}

/**
 * The page's rows equal the first `top` of the finder's, in order, with full-precision rates (a ratio of counts:
 * exact) and q to 12 significant digits: Chromium's Math.exp, Math.log and Math.pow differ from Node 20's in the
 * last bit for some arguments (measured: 36 of 2,000 logarithms, 171 of 2,000 exponentials), and Fisher's and
 * McNemar's p are sums of such terms.
 */
function check(shown: Drawn[], expected: FinderRow[], top = 25) {
  expect(expected.length).toBeGreaterThan(0);
  const first = expected.slice(0, top);
  expect(shown.map((r) => r.slice)).toEqual(first.map((r) => r.slice));
  shown.forEach((r, k) => {
    expect(r.value, r.slice).toBe(first[k]!.rate);
    expect(Math.abs(r.q - first[k]!.q), `${r.slice}: q ${r.q} against ${first[k]!.q}`).toBeLessThanOrEqual(1e-12 * first[k]!.q);
    expect(r.n, r.slice).toBe(first[k]!.n);
  });
}

/** Waits for the figure to be drawn again after a change. */
async function redrawn(page: Page, before: number): Promise<number> {
  return figureDrawn(page, "slices", before);
}

describe("/slices on the default build", () => {
  let site: Site;
  let finder: Awaited<ReturnType<typeof nodeFinder>>;
  let root: string;
  let dist: string;
  let runs: { id: string; baseline: string | null }[];
  let aligned: { id: string; baseline: string };
  beforeAll(async () => {
    ({ root, dist } = await sharedBuild("default"));
    finder = await nodeFinder(dist);
    runs = JSON.parse((await import("node:fs")).readFileSync(builtReportFile(dist, "runs-input.json"), "utf8"));
    aligned = runs.find((r) => r.baseline) as { id: string; baseline: string };
    site = await openSite(dist);
  });
  afterAll(async () => {
    await site?.close();
  });

  it("ranks the first aligned run's over-refusal slices exactly as the finder does in Node, figure and table alike", async () => {
    const { page, errors, foreign } = await site.open("/slices", { ready: READY });
    const expected = finder.refusal(aligned.id, "over_refusal");
    const shown = await drawn(page);
    check(shown, expected);
    expect(shown.every((r) => r.run === aligned.id && r.metric === "over_refusal")).toBe(true);
    expect(expected.some((r) => r.q < 0.05)).toBe(true); // the hand-written items: refusals of valid questions
    const table = await drawn(page, "table.finder-table").catch(() => []);
    expect(table).toEqual([]); // the table's hooks are on cells, not circles
    const cells = await page.$$eval("table.finder-table td[data-slice]", (tds) => tds.map((td) => [td.getAttribute("data-slice"), Number(td.getAttribute("data-value"))]));
    expect(cells).toEqual(expected.slice(0, 25).map((r) => [r.slice, r.rate]));
    expect(await page.textContent('figure[data-figure="slices"] .figure-caption')).toContain(`${expected.length} slices tested, ${expected.filter((r) => r.q < 0.05).length} with q < 0.05`);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it("the minimum support is a control in the URL: a change reranks, the copied link restores it, back undoes it", async () => {
    const { page, errors } = await site.open("/slices", { ready: READY });
    let count = await figureDrawn(page, "slices");
    await page.fill(".url-number input", "10");
    await page.press(".url-number input", "Enter");
    count = await redrawn(page, count);
    expect(new URL(page.url()).search).toBe("?support=10");
    const ten = finder.refusal(aligned.id, "over_refusal", { minSupport: 10 });
    expect(ten.length).toBeGreaterThan(finder.refusal(aligned.id, "over_refusal").length);
    check(await drawn(page), ten);
    const copy = await site.open("/slices?support=10", { ready: READY });
    check(await drawn(copy.page), ten);
    expect(await copy.page.inputValue(".url-number input")).toBe("10");
    await copy.page.close();
    await page.goBack();
    await redrawn(page, count);
    check(await drawn(page), finder.refusal(aligned.id, "over_refusal"));
    expect(await page.inputValue(".url-number input")).toBe("20");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("under-refusal of the baseline, and two runs with chosen fields and no pairs of fields, as in Node", async () => {
    const under = await site.open(`/slices?find=under_refusal&run=${aligned.baseline}&top=all`, { ready: READY });
    check(await drawn(under.page), finder.refusal(aligned.baseline, "under_refusal"), Infinity);
    expect(under.errors).toEqual([]);
    await under.page.close();

    const { page, errors } = await site.open(`/slices?find=difference&a=${aligned.baseline}&b=${aligned.id}&outcome=refused&fields=question_type,source&pairs=0&support=5`, { ready: READY });
    const expected = finder.difference(aligned.baseline, aligned.id, { outcome: "refused", fields: ["question_type", "source"], pairs: false, minSupport: 5 });
    const shown = await drawn(page);
    check(shown, expected);
    expect(shown.every((r) => r.a === aligned.baseline && r.b === aligned.id && r.metric === "refused" && r.run === null)).toBe(true);
    expect(shown.every((r) => !r.slice.includes("&"))).toBe(true);
    expect(await page.$$eval(".url-control-fields input:checked", (boxes) => boxes.map((b) => (b as HTMLInputElement).value))).toHaveLength(2);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a row opens the explorer on its slice (slice=<expr>, with the named keys it has), which lists its n items and their refusals; the keyboard reaches it", async () => {
    const { page } = await site.open("/slices", { ready: READY });
    const first = finder.refusal(aligned.id, "over_refusal")[0]!;
    const href = await page.$eval('figure[data-figure="slices"] a.finder-row', (a) => a.getAttribute("href")!);
    const url = new URL(href, page.url());
    expect(url.pathname).toBe("/explorer");
    expect([...url.searchParams.entries()]).toEqual([["run", aligned.id], ["category", "answerable"], ["slice", first.slice]]);
    const events = await page.$eval("table.finder-table tbody tr:first-child td:nth-child(4) a", (a) => a.getAttribute("href")!);
    expect([...new URL(events, page.url()).searchParams.entries()]).toEqual([["run", aligned.id], ["outcome", "R"], ["category", "answerable"], ["slice", first.slice]]);
    // The explorer lists exactly the slice's answerable items of the run (n), and its refusals (count).
    const explorer = await site.open(new URL(href, page.url()).pathname + new URL(href, page.url()).search, { ready: "#explorer-summary[data-count]" });
    await explorer.page.waitForFunction((n) => document.querySelector("#explorer-summary")?.getAttribute("data-count") === String(n), first.n, { timeout: 60_000 });
    expect(await explorer.page.textContent("#explorer-summary")).toContain(`slice ${first.slice}`);
    await explorer.page.goto(new URL(events, page.url()).href);
    await explorer.page.waitForFunction((n) => document.querySelector("#explorer-summary")?.getAttribute("data-count") === String(n), first.count, { timeout: 60_000 });
    expect(explorer.errors).toEqual([]);
    await explorer.page.close();
    await page.focus(".url-control-pairs input");
    let focused = "";
    for (let i = 0; i < 20 && focused !== "finder-row"; i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => document.activeElement?.getAttribute("class") ?? document.activeElement?.tagName ?? "");
    }
    expect(focused).toBe("finder-row");
    await page.close();
  });

  it("the printed command reproduces the ranking in Node from the report's inputs", async () => {
    const { page } = await site.open(`/slices?find=difference&a=${aligned.baseline}&b=${aligned.id}&support=15`, { ready: READY });
    const command = await page.$eval('figure[data-figure="slices"] pre[data-reproduce="cli"]', (pre) => pre.textContent!);
    await page.close();
    copyFileSync(builtReportFile(dist, "items.jsonl"), join(root, "items.jsonl"));
    copyFileSync(builtReportFile(dist, "predictions.jsonl"), join(root, "predictions.jsonl"));
    const result = spawnSync("bash", ["-c", command], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(finder.difference(aligned.baseline, aligned.id, { minSupport: 15 }));
  });

  it("exports the ranking as SVG with provenance and hooks, a PNG that decodes, and the CSV of the rows drawn", async () => {
    const { page } = await site.open("/slices?support=10", { ready: READY });
    const shown = await drawn(page);
    const svg = svgOf(await exportFigure(page, "slices", "svg"));
    expect(svg.querySelector("parsererror")).toBeNull();
    const provenance = svgProvenance(svg)!;
    expect(provenance.view).toContain("/slices?support=10");
    expect(provenance.runs.map((r) => r.id)).toEqual([aligned.id]);
    expect(svg.querySelectorAll("circle[data-run][data-slice][data-metric][data-value]").length).toBe(shown.length);
    const png = await exportFigure(page, "slices", "png");
    expect(JSON.parse(pngTexts(new Uint8Array(png))[PNG_KEYWORD]!)).toEqual(provenance);
    expect(decodePng(png).width).toBeGreaterThan(1000);
    const { head, rows } = csvRowsOf(await exportFigure(page, "slices", "csv"));
    expect(head).toBe("# UVQA Lab: Slice finder");
    expect(rows.map((r) => [r.slice, Number(r.rate), Number(r.q), Number(r.rank)])).toEqual(shown.map((r, k) => [r.slice, r.value, r.q, k + 1]));
    await page.close();
  });

  it("says why nothing is ranked, and what a link got wrong", async () => {
    const cases: Array<[string, string]> = [
      ["/slices?support=100000", "no slice of the answerable items has at least 100000 of them (the whole set is not a slice): lower the minimum support"],
      [`/slices?run=${aligned.baseline}`, `${aligned.baseline} refuses none of its answerable items: there is no over-refusal to find`],
      [`/slices?find=difference&a=${aligned.id}&b=${aligned.id}`, "choose two different runs to compare"],
    ];
    for (const [path, text] of cases) {
      const { page, errors } = await site.open(path, { ready: 'figure[data-figure="slices"] .empty-state' });
      expect(await page.textContent('figure[data-figure="slices"] .empty-state')).toBe(text);
      expect(await page.$$("table.finder-table")).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
    const bad = await site.open("/slices?support=lots&run=no-such-run", { ready: READY });
    expect(await bad.page.textContent(".url-number-problem")).toBe('invalid support in the link: "lots" (a whole number from 1 to 1000000); using 20');
    expect(await bad.page.textContent("form.finder-controls .filter-notice")).toContain('unknown run in the link: "no-such-run"');
    check(await drawn(bad.page), finder.refusal(aligned.id, "over_refusal"));
    await bad.page.close();
  });
});

describe("/slices on the public UVQA data", () => {
  let site: Site;
  let finder: Awaited<ReturnType<typeof nodeFinder>>;
  let runs: { id: string; baseline: string | null }[];
  beforeAll(async () => {
    const build = await sharedBuild("uvqa", { UVQA_DATA_DIR: process.env.UVQA_TEST_DATA_DIR ?? join(siteRoot, "..", "shared", "uvqa") });
    finder = await nodeFinder(build.dist);
    runs = JSON.parse((await import("node:fs")).readFileSync(builtReportFile(build.dist, "runs-input.json"), "utf8"));
    site = await openSite(build.dist);
  });
  afterAll(async () => {
    await site?.close();
  });

  it("every aligned run's over-refusal, over every field (flags and videos too) and their pairs, as in Node", async () => {
    for (const run of runs.filter((r) => r.baseline)) {
      const { page, errors, foreign } = await site.open(`/slices?run=${run.id}&top=100`, { ready: READY });
      const expected = finder.refusal(run.id, "over_refusal");
      check(await drawn(page), expected, 100);
      expect(expected.some((r) => r.fields.includes("flags") || r.fields.includes("dataset"))).toBe(true);
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
      await page.close();
    }
  });

  it("two runs: the aligned run against its baseline, and the two aligned runs, with McNemar's counts", async () => {
    const aligned = runs.filter((r) => r.baseline);
    for (const [a, b] of [[aligned[0]!.baseline!, aligned[0]!.id], [aligned[0]!.id, aligned.at(-1)!.id]] as const) {
      if (a === b) continue;
      const { page, errors } = await site.open(`/slices?find=difference&a=${a}&b=${b}&support=30`, { ready: READY });
      const expected = finder.difference(a, b, { minSupport: 30 });
      check(await drawn(page), expected);
      const counts = await page.$$eval("table.finder-table tbody tr", (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].slice(3, 5).map((td) => Number(td.textContent))));
      expect(counts).toEqual(expected.slice(0, 25).map((r) => [r.mcnemar_b, r.mcnemar_c]));
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
