// /pairs in Chromium: every pair share drawn is what `uvqa score` computes from the build's own inputs (the default
// build and the public data, precomputed slices and a filter slice computed in the browser); a click (or Enter on a
// focused bar) lists exactly the pairs the share counts, each with both questions and outcomes, as read from the
// report's items and judged predictions; the copied link restores the list; the exports carry the provenance and
// the data drawn; the empty states say why.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pngTexts, PNG_KEYWORD, svgProvenance } from "../../components/export.ts";
import { readItemsJsonl } from "../../loaders/datasets/items-jsonl.ts";
import { readLocatedPredictions } from "../../loaders/cli/score.ts";
import { judgeLocated, type JudgedResponse } from "../../loaders/pipeline/score.ts";
import type { Item } from "../../loaders/items/schema.ts";
import { cliReport, csvRowsOf, decodePng, FILTER_SLICES, svgOf, type CliScore, type RunInput } from "./cli.ts";
import { exportFigure, figureDrawn, openSite, readHooks, scoreKey, type Hook, type Site } from "./pages.ts";
import { builtReportFile, sharedBuild, siteRoot } from "./site.ts";

const READY = 'figure[data-figure="pairs"] rect[data-run]';
const PAIR_METRICS = ["pair_acc", "pair_refuse_both", "pair_answer_both", "pair_other"];
const CLASS_OF: Record<string, string> = { pair_acc: "apart", pair_refuse_both: "refuse_both", pair_answer_both: "answer_both", pair_other: "other" };

/** Pair scores of these slices with pairs (n > 0): what the share panels draw; the bars draw those above 0. */
const pairScores = (scores: readonly CliScore[], slices: readonly string[], runs: readonly string[]) =>
  scores.filter((s) => PAIR_METRICS.includes(s.metric) && slices.includes(s.slice) && runs.includes(s.run) && s.n > 0);

function checkHooks(hooks: Hook[], expected: readonly CliScore[]) {
  expect(expected.length).toBeGreaterThan(0);
  expect(hooks.map(scoreKey).sort()).toEqual(expected.map(scoreKey).sort());
  const byKey = new Map(expected.map((r) => [scoreKey(r), r]));
  for (const h of hooks) expect(h.value, scoreKey(h)).toBe(byKey.get(scoreKey(h))!.value);
}

interface ExpectedPair { u: string; t: string; uo: string; to: string; cls: string }

/**
 * The twin pairs of a run as the README defines them, from the report's own items.jsonl and judged predictions (an
 * oracle independent of the page and its worker): an unanswerable item whose `pair` names an answerable item, both
 * judged in the run.
 */
function expectedPairs(items: readonly Item[], judgments: readonly JudgedResponse[], run: string, keep: (u: Item) => boolean): ExpectedPair[] {
  const byId = new Map(items.map((it) => [it.id, it]));
  const outcome = new Map(judgments.filter((j) => j.run === run).map((j) => [j.item, j.outcome as string]));
  const out: ExpectedPair[] = [];
  for (const u of items) {
    if (u.category === "answerable" || typeof u.pair !== "string" || !keep(u)) continue;
    const t = byId.get(u.pair);
    if (!t || t.category !== "answerable") continue;
    const uo = outcome.get(u.id), to = outcome.get(t.id);
    if (!uo || !to) continue;
    const cls = uo === "F" || to === "F" ? "other" : uo === "R" ? (to === "C" ? "apart" : to === "R" ? "refuse_both" : "other") : uo === "A" && (to === "C" || to === "W") ? "answer_both" : "other";
    out.push({ u: u.id, t: t.id, uo, to, cls });
  }
  return out;
}

async function inputsOf(dist: string) {
  const items = await readItemsJsonl(builtReportFile(dist, "items.jsonl"));
  const judgments = judgeLocated(items, await readLocatedPredictions(builtReportFile(dist, "predictions.jsonl")));
  return { items, judgments };
}

async function listed(page: Page): Promise<ExpectedPair[]> {
  return page.$$eval("section.pair-list li.pair", (nodes) => nodes.map((li) => {
    const badges = [...li.querySelectorAll(".outcome-badge")].map((b) => b.getAttribute("data-outcome")!);
    return { u: li.getAttribute("data-u")!, t: li.getAttribute("data-t")!, uo: badges[0]!, to: badges[1]!, cls: li.getAttribute("data-class")! };
  }));
}

/** Shows every pair of the list (it draws 50 at a time). */
async function showAll(page: Page): Promise<void> {
  for (;;) {
    const more = await page.$("section.pair-list button.pair-list-more:not([hidden])");
    if (!more) return;
    await more.click();
  }
}

describe("/pairs on the default build", () => {
  let site: Site;
  let cli: { scores: CliScore[]; runs: RunInput[] };
  let root: string;
  let dist: string;
  let inputs: Awaited<ReturnType<typeof inputsOf>>;
  let runs: string[];
  const CATEGORIES = ["all", "category:object", "category:relation", "category:attribute"];
  beforeAll(async () => {
    ({ root, dist } = await sharedBuild("default"));
    cli = await cliReport(root, dist, FILTER_SLICES ? ["--slice", "category=object,relation"] : []);
    runs = cli.runs.map((r) => r.id);
    inputs = await inputsOf(dist);
    site = await openSite(dist);
  });
  afterAll(async () => {
    await site?.close();
  });

  it("draws every pair share of every run, over all pairs and per category, each equal to uvqa score's", async () => {
    const { page, errors, foreign } = await site.open("/pairs", { ready: READY });
    await figureDrawn(page, "pair-shares");
    const expected = pairScores(cli.scores, CATEGORIES, runs);
    // Every run, every category with pairs, four shares each; the answerable category has none.
    expect(expected).toHaveLength(runs.length * CATEGORIES.length * 4);
    checkHooks(await readHooks(page, 'figure[data-figure="pair-shares"]'), expected);
    checkHooks(await readHooks(page, 'figure[data-figure="pairs"]'), expected.filter((s) => s.value > 0));
    // Each bar's four shares add up to 1 and its n is the pairs of the run.
    const total = new Map<string, number>();
    for (const s of expected) total.set(`${s.run} ${s.slice}`, (total.get(`${s.run} ${s.slice}`) ?? 0) + s.value);
    for (const [key, sum] of total) expect(sum, key).toBeCloseTo(1, 12);
    expect(await page.textContent(".pair-list-wrap .empty-state")).toBe("Click a bar, a dot or an n above to list the pairs it counts here.");
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it("a click on a share lists exactly the pairs it counts, with both questions; the copied link restores the list; back closes it", async () => {
    const { page, errors } = await site.open("/pairs", { ready: READY });
    const aligned = cli.runs.find((r) => r.baseline)!.id;
    const score = cli.scores.find((s) => s.run === aligned && s.slice === "category:relation" && s.metric === "pair_acc")!;
    await page.click(`figure[data-figure="pairs"] rect[data-run="${aligned}"][data-slice="category:relation"][data-metric="pair_acc"]`);
    await page.waitForSelector("section.pair-list li.pair");
    expect(new URL(page.url()).search).toBe(`?run=${aligned}&split=relation&class=apart`);
    // Focus moves to the list's title (a keyboard reader lands on what the click opened).
    await page.waitForFunction(() => document.activeElement?.id === "pair-list-title");
    await showAll(page);
    const shown = await listed(page);
    const all = expectedPairs(inputs.items, inputs.judgments, aligned, (u) => u.category === "relation");
    expect(all.length).toBe(score.n);
    expect(shown).toEqual(all.filter((p) => p.cls === "apart"));
    expect(shown.length).toBe(Math.round(score.value * score.n));
    expect(await page.textContent("section.pair-list .pair-list-summary")).toContain(`${score.n} pairs: ${shown.length} tell them apart`);
    // Both questions are the items' own, read from items.parquet.
    await page.waitForFunction(() => [...document.querySelectorAll("section.pair-list p.question")].every((p) => p.textContent !== "…"));
    const questions = new Map(inputs.items.map((it) => [it.id, it.question]));
    const first = await page.$$eval("section.pair-list li.pair:first-child p.question", (ps) => ps.map((p) => p.textContent));
    expect(first).toEqual([questions.get(shown[0]!.u), questions.get(shown[0]!.t)]);
    const links = await page.$$eval("section.pair-list li.pair:first-child a.item-link", (as) => as.map((a) => a.getAttribute("href")));
    expect(links.map((href) => {
      const url = new URL(href!, "http://127.0.0.1/pairs");
      return [url.pathname, url.searchParams.get("run"), url.searchParams.get("item")];
    })).toEqual([["/explorer", aligned, shown[0]!.u], ["/explorer", aligned, shown[0]!.t]]);

    // The item link opens the explorer's item view on that item.
    const item = await site.open(`/${links[0]!.replace(/^\.\//, "")}`, { ready: "section.item-view" });
    expect(await item.page.getAttribute("section.item-view", "data-item")).toBe(shown[0]!.u);
    expect(item.errors).toEqual([]);
    await item.page.close();

    // Another class from the list's own control, then every class.
    await page.selectOption("section.pair-list select", "answer_both");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("class") === "answer_both");
    await page.waitForSelector("section.pair-list .pair-list-summary");
    await showAll(page);
    expect(await listed(page)).toEqual(all.filter((p) => p.cls === "answer_both"));

    const copy = await site.open(`/pairs${new URL(page.url()).search}`, { ready: "section.pair-list .pair-list-summary" });
    await showAll(copy.page);
    expect(await listed(copy.page)).toEqual(all.filter((p) => p.cls === "answer_both"));
    await copy.page.close();

    await page.goBack();
    await page.waitForFunction(() => new URL(location.href).searchParams.get("class") === "apart");
    await page.waitForSelector("section.pair-list li.pair[data-class=apart]");
    await page.goBack();
    await page.waitForSelector(".pair-list-wrap .empty-state");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the bars take the keyboard: Tab reaches a share, Enter lists its pairs", async () => {
    const { page } = await site.open("/pairs", { ready: READY });
    await page.focus("form.filter-bar button.filter-reset");
    let focused = "";
    for (let i = 0; i < 40 && !focused.startsWith("{"); i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => document.activeElement?.getAttribute("data-pick") ?? document.activeElement?.tagName ?? "");
    }
    const pick = JSON.parse(focused) as { run: string; split: string | null; class: string };
    expect(pick).toEqual({ run: runs[0], split: null, class: "answer_both" }); // the unaligned baseline answers every question
    await page.keyboard.press("Enter");
    await page.waitForSelector("section.pair-list li.pair");
    await showAll(page);
    expect(await listed(page)).toEqual(expectedPairs(inputs.items, inputs.judgments, runs[0]!, () => true).filter((p) => p.cls === "answer_both"));
    await page.close();
  });

  it.skipIf(!FILTER_SLICES)("a filter the report has no slice for is computed in the browser as uvqa score --slice computes it, and its pairs listed", async () => {
    const { page, errors } = await site.open("/pairs?category=object,relation", { ready: READY });
    await figureDrawn(page, "pair-shares");
    const slices = ["category=object,relation", "category:object", "category:relation"];
    checkHooks(await readHooks(page, 'figure[data-figure="pair-shares"]'), pairScores(cli.scores, slices, runs));
    expect(await page.$$eval('figure[data-figure="pairs"] .panel-title', (t) => t.map((n) => n.textContent))).toEqual(["all pairs (category: object, relation)", "object", "relation"]);
    const aligned = cli.runs.find((r) => r.baseline)!.id;
    await page.click(`figure[data-figure="pairs"] svg[data-slice="category=object,relation"] a.pair-all >> nth=${runs.indexOf(aligned)}`);
    await page.waitForSelector("section.pair-list li.pair");
    expect(new URL(page.url()).search).toBe(`?category=object,relation&run=${aligned}`);
    await showAll(page);
    const n = cli.scores.find((s) => s.run === aligned && s.slice === "category=object,relation" && s.metric === "pair_acc")!.n;
    const shown = await listed(page);
    expect(shown.length).toBe(n);
    expect(shown).toEqual(expectedPairs(inputs.items, inputs.judgments, aligned, (u) => ["object", "relation"].includes(u.category)));
    expect(errors).toEqual([]);
    await page.close();
  });

  it("exports the bars as SVG with provenance and hooks, a PNG that decodes, and the CSV of every share", async () => {
    const { page } = await site.open("/pairs?category=object", { ready: READY });
    const hooks = await readHooks(page, 'figure[data-figure="pairs"]');
    const svg = svgOf(await exportFigure(page, "pairs", "svg"));
    expect(svg.querySelector("parsererror")).toBeNull();
    const provenance = svgProvenance(svg)!;
    expect(provenance.view).toContain("/pairs?category=object");
    expect(provenance.runs.map((r) => r.id)).toEqual(runs);
    expect(provenance.datasets[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(svg.querySelectorAll("rect[data-metric][data-value]").length).toBe(hooks.length);
    const png = await exportFigure(page, "pairs", "png");
    expect(JSON.parse(pngTexts(new Uint8Array(png))[PNG_KEYWORD]!)).toEqual(provenance);
    expect(decodePng(png).width).toBeGreaterThan(1000);
    const { head, rows } = csvRowsOf(await exportFigure(page, "pairs", "csv"));
    expect(head).toBe("# UVQA Lab: Twin pairs");
    // The CSV holds every share (0 included); the bars draw those above 0.
    expect(rows.map((r) => scoreKey(r as never)).sort()).toEqual(pairScores(cli.scores, ["category:object"], runs).map(scoreKey).sort());
    for (const h of hooks) expect(Number(rows.find((r) => scoreKey(r as never) === scoreKey(h))!.value)).toBe(h.value);
    await page.close();
  });

  it("says why nothing is drawn, and names a link's unknown run", async () => {
    const answerable = await site.open("/pairs?category=answerable", { ready: "figure[data-figure=pairs] .empty-state" });
    expect(await answerable.page.textContent("figure[data-figure=pairs] .empty-state")).toBe("a pair is counted on its unanswerable item: add object, relation or attribute to the category filter");
    expect(await readHooks(answerable.page)).toEqual([]);
    expect(answerable.errors).toEqual([]);
    await answerable.page.close();
    const none = await site.open("/pairs?model=builtin&variant=learned", { ready: "figure[data-figure=pairs] .empty-state" });
    expect(await none.page.textContent("figure[data-figure=pairs] .empty-state")).toBe("no run matches these filters: widen the model, prompt or variant filter");
    await none.page.close();
    const unknown = await site.open("/pairs?run=no-such-run", { ready: ".pair-list-wrap .filter-notice" });
    expect(await unknown.page.textContent(".pair-list-wrap .filter-notice")).toContain('unknown run in the link: "no-such-run"');
    expect(await unknown.page.textContent(".pair-list-wrap .empty-state")).toBe("Click a bar, a dot or an n above to list the pairs it counts here.");
    expect(unknown.errors).toEqual([]);
    await unknown.page.close();
  });
});

describe("/pairs on the public UVQA data", () => {
  let site: Site;
  let cli: { scores: CliScore[]; runs: RunInput[] };
  let dist: string;
  beforeAll(async () => {
    const build = await sharedBuild("uvqa", { UVQA_DATA_DIR: process.env.UVQA_TEST_DATA_DIR ?? join(siteRoot, "..", "shared", "uvqa") });
    dist = build.dist;
    cli = await cliReport(build.root, build.dist);
    site = await openSite(build.dist);
  });
  afterAll(async () => {
    await site?.close();
  });

  it("split by dataset: every share equals uvqa score's; the public twins hold real mistakes, listed pair by pair", async () => {
    const runs = cli.runs.map((r) => r.id);
    const { page, errors, foreign } = await site.open("/pairs?by=dataset", { ready: READY });
    await figureDrawn(page, "pair-shares");
    checkHooks(await readHooks(page, 'figure[data-figure="pair-shares"]'), pairScores(cli.scores, ["all", "dataset:sample", "dataset:uvqa"], runs));
    // On the public items an aligned run refuses some twins or answers some unanswerable questions.
    const aligned = cli.runs.filter((r) => r.baseline).map((r) => r.id);
    const mistakes = cli.scores.filter((s) => s.slice === "dataset:uvqa" && aligned.includes(s.run) && ["pair_refuse_both", "pair_answer_both", "pair_other"].includes(s.metric) && s.value > 0);
    expect(mistakes.length).toBeGreaterThan(0);
    const worst = mistakes.sort((a, b) => b.value - a.value)[0]!;
    await page.click(`figure[data-figure="pairs"] rect[data-run="${worst.run}"][data-slice="dataset:uvqa"][data-metric="${worst.metric}"]`);
    await page.waitForSelector("section.pair-list li.pair");
    await showAll(page);
    const { items, judgments } = await inputsOf(dist);
    const byId = new Map(items.map((it) => [it.id, it]));
    const expected = expectedPairs(items, judgments, worst.run, (u) => byId.get(u.id)!.dataset === "uvqa").filter((p) => p.cls === CLASS_OF[worst.metric]);
    expect(await listed(page)).toEqual(expected);
    expect(expected.length).toBe(Math.round(worst.value * worst.n));
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });
});
