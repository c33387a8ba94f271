// /tradeoff in Chromium: every point's two scores (accuracy on answerable items, refusal rate on unanswerable items)
// are `uvqa score`'s S_acc on the slices they name, on the default build and the public data; a filter changes the
// panels to exactly those slices; a copied link restores them; the exports carry the provenance and the data drawn.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pngTexts, PNG_KEYWORD, svgProvenance } from "../../components/export.ts";
import { cliReport, csvRowsOf, decodePng, FILTER_SLICES, svgOf, type CliScore, type RunInput } from "./cli.ts";
import { exportFigure, figureDrawn, openSite, readHooks, scoreKey, type Hook, type Site } from "./pages.ts";
import { sharedBuild, siteRoot } from "./site.ts";

// A dot, not an interval: a zero-width interval (a score of exactly 0 or 1) is never "visible" to Playwright.
const READY = 'figure[data-figure="tradeoff"] g[aria-label="dot"] circle';
const ALL_UNANSWERABLE = "category=attribute,object,relation";

function checkHooks(hooks: Hook[], expected: readonly CliScore[]) {
  expect(expected.length).toBeGreaterThan(0);
  // x is drawn in every panel: compare the set of scores shown.
  expect([...new Set(hooks.map(scoreKey))].sort()).toEqual(expected.map(scoreKey).sort());
  const byKey = new Map(expected.map((r) => [scoreKey(r), r]));
  for (const h of hooks) {
    expect(h.metric).toBe("s_acc");
    expect(h.value, scoreKey(h)).toBe(byKey.get(scoreKey(h))!.value);
  }
}

const sAcc = (scores: readonly CliScore[], slices: readonly string[]) => scores.filter((s) => s.metric === "s_acc" && slices.includes(s.slice) && s.n > 0);
const panels = (page: Page) => page.$$eval('figure[data-figure="tradeoff"] svg.panel', (nodes) => nodes.map((n) => [n.getAttribute("data-panel"), n.getAttribute("data-empty")]));

describe("/tradeoff on the default build", () => {
  let site: Site;
  let cli: { scores: CliScore[]; runs: RunInput[] };
  let root: string;
  let dist: string;
  beforeAll(async () => {
    ({ root, dist } = await sharedBuild("default"));
    cli = await cliReport(root, dist, FILTER_SLICES ? ["--slice", ALL_UNANSWERABLE] : []);
    site = await openSite(dist);
  });
  afterAll(async () => {
    await site?.close();
  });

  it("every run's point: S_acc on the answerable items across, on each unanswerable category up, as uvqa score computes them", async () => {
    const { page, errors, foreign } = await site.open("/tradeoff", { ready: READY });
    const hooks = await readHooks(page);
    const slices = ["category:answerable", "category:object", "category:relation", "category:attribute", ...(FILTER_SLICES ? [ALL_UNANSWERABLE] : [])];
    checkHooks(hooks, sAcc(cli.scores, slices));
    // Both intervals of every point: one horizontal (x) and one vertical (y) rule per run and panel.
    expect(hooks.filter((h) => h.slice === "category:answerable")).toHaveLength(cli.runs.length * (FILTER_SLICES ? 4 : 3));
    expect(await panels(page)).toEqual([
      ["unanswerable (object, relation, attribute)", FILTER_SLICES ? null : "not computed: your browser's slice worker returned no scores for this filter slice"],
      ["object", null], ["relation", null], ["attribute", null],
    ]);
    // An arrow from the baseline to its aligned run in every panel with points.
    const aligned = cli.runs.filter((r) => r.baseline).length;
    expect(await page.$$eval('figure[data-figure="tradeoff"] g[aria-label="arrow"] path', (p) => p.length)).toBe(aligned * (FILTER_SLICES ? 4 : 3));
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it("the category filter chooses the panels; the copied link restores them; back returns", async () => {
    const { page, errors } = await site.open("/tradeoff", { ready: READY });
    let drawn = await figureDrawn(page, "tradeoff");
    await page.click('details[data-facet="category"] > summary');
    for (const category of ["relation", "attribute"]) {
      await page.click(`details[data-facet="category"] label:has-text("${category}") input`);
      drawn = await figureDrawn(page, "tradeoff", drawn);
    }
    expect(new URL(page.url()).search).toBe("?category=answerable,object");
    expect(await panels(page)).toEqual([["object", null]]);
    const hooks = await readHooks(page);
    checkHooks(hooks, sAcc(cli.scores, ["category:answerable", "category:object"]));

    const copy = await site.open(`/tradeoff${new URL(page.url()).search}`, { ready: READY });
    expect((await readHooks(copy.page)).map(scoreKey).sort()).toEqual(hooks.map(scoreKey).sort());
    await copy.page.close();

    await page.goBack();
    drawn = await figureDrawn(page, "tradeoff", drawn);
    expect(new URL(page.url()).search).toBe("?category=answerable,object,attribute");
    expect((await panels(page)).map((p) => p[0])).toEqual(["unanswerable (object, attribute)", "object", "attribute"]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.skipIf(!FILTER_SLICES)("a filter slice is computed in the browser exactly as uvqa score --slice computes it", async () => {
    const slice = "category=object,relation";
    const adhoc = await cliReport(root, dist, ["--slice", slice]);
    const { page, errors } = await site.open("/tradeoff?category=answerable,object,relation", { ready: READY });
    checkHooks(await readHooks(page), sAcc(adhoc.scores, ["category:answerable", "category:object", "category:relation", slice]));
    expect(errors).toEqual([]);
    await page.close();
  });

  it("says why nothing is drawn when the filter leaves out the answerable items", async () => {
    const { page, errors } = await site.open("/tradeoff?category=object", { ready: "figure .empty-state" });
    expect(await page.textContent("figure .empty-state")).toBe("the x axis is accuracy on answerable items: add answerable to the category filter");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("exports an SVG with provenance and hooks, a PNG that decodes, and the CSV of the points drawn", async () => {
    const { page } = await site.open("/tradeoff?category=answerable,object,relation", { ready: READY });
    const hooks = await readHooks(page);
    const svg = svgOf(await exportFigure(page, "tradeoff", "svg"));
    expect(svg.querySelector("parsererror")).toBeNull();
    const provenance = svgProvenance(svg)!;
    expect(provenance.view).toContain("/tradeoff?category=answerable,object,relation");
    expect(provenance.runs.map((r) => r.id)).toEqual(cli.runs.map((r) => r.id));
    expect(svg.querySelectorAll("line[data-run][data-value]").length).toBe(hooks.length);

    const png = await exportFigure(page, "tradeoff", "png");
    expect(JSON.parse(pngTexts(new Uint8Array(png))[PNG_KEYWORD]!)).toEqual(provenance);
    expect(decodePng(png).width).toBeGreaterThan(1000);

    const { head, rows } = csvRowsOf(await exportFigure(page, "tradeoff", "csv"));
    expect(head).toBe("# UVQA Lab: Trade-off: answerable accuracy against refusal rate");
    // One row per point drawn; its x and y are the hooks of its two intervals.
    const points = await page.$$eval('figure[data-figure="tradeoff"] g[aria-label="dot"] circle', (c) => c.length);
    expect(rows).toHaveLength(points);
    const fromCsv = rows.flatMap((r) => [{ run: r.run!, slice: r.x_slice!, metric: "s_acc", value: Number(r.x) }, { run: r.run!, slice: r.y_slice!, metric: "s_acc", value: Number(r.y) }]);
    const key = (h: { run: string; slice: string; value: number }) => `${h.run} ${h.slice} ${h.value}`;
    expect(fromCsv.map(key).sort()).toEqual(hooks.map(key).sort());
    await page.close();
  });
});

describe("/tradeoff on the public UVQA data", () => {
  let site: Site;
  let cli: { scores: CliScore[]; runs: RunInput[] };
  beforeAll(async () => {
    const build = await sharedBuild("uvqa", { UVQA_DATA_DIR: process.env.UVQA_TEST_DATA_DIR ?? join(siteRoot, "..", "shared", "uvqa") });
    cli = await cliReport(build.root, build.dist, FILTER_SLICES ? ["--slice", ALL_UNANSWERABLE] : []);
    site = await openSite(build.dist);
  });
  afterAll(async () => {
    await site?.close();
  });

  it("every point of the precomputed slices equals uvqa score's S_acc on the public items and the project's own", async () => {
    const { page, errors, foreign } = await site.open("/tradeoff", { ready: READY });
    // The panel over all unanswerable items is a filter slice, computed by the worker from outcomes.arrow, which
    // the default build's test checks. Until the report build writes outcomes.arrow itself (branch h-report), the
    // tree's stop-gap copy may hold another build's items, so it is not compared here.
    const hooks = (await readHooks(page)).filter((h) => h.slice !== ALL_UNANSWERABLE);
    checkHooks(hooks, sAcc(cli.scores, ["category:answerable", "category:object", "category:relation", "category:attribute"]));
    // Real trade-offs: the aligned run refuses more unanswerable items and answers fewer valid ones correctly.
    const get = (run: string, slice: string) => cli.scores.find((s) => s.run === run && s.slice === slice && s.metric === "s_acc")!.value;
    const pair = cli.runs.find((r) => r.baseline)!;
    expect(get(pair.id, "category:attribute")).toBeGreaterThan(get(pair.baseline!, "category:attribute"));
    expect(get(pair.id, "category:answerable")).toBeLessThan(get(pair.baseline!, "category:answerable"));
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });
});

describe("/tradeoff with no aligned run in the report", () => {
  let site: Site;
  beforeAll(async () => {
    const build = await sharedBuild("unaligned", { UVQA_CONFIG: "tests/browser/unaligned.config.ts" });
    site = await openSite(build.dist);
  });
  afterAll(async () => {
    await site?.close();
  });

  it("draws the runs there are and says why there is no arrow", async () => {
    const { page, errors } = await site.open("/tradeoff?category=answerable,object", { ready: READY });
    expect(await page.textContent('figure[data-figure="tradeoff"] .figure-caption')).toBe("1 run; colour: variant; no aligned runs yet (add a run with a baseline), so no arrow.");
    expect(new Set((await readHooks(page)).map((h) => h.run))).toEqual(new Set(["builtin/unaligned"]));
    expect(errors).toEqual([]);
    await page.close();
  });
});
