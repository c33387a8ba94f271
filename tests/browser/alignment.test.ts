// /alignment in Chromium: every cell of every matrix and every alignment score shown is what `uvqa score` computes
// from the build's own inputs (the default build, the public data, and a build with no aligned run); a filter
// changes them to exactly that slice's; a copied link restores them; cells link to the explorer and take the
// keyboard; the exports carry the provenance and the data drawn.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pngTexts, PNG_KEYWORD, svgProvenance } from "../../components/export.ts";
import { cliReport, csvRowsOf, decodePng, FILTER_SLICES, svgOf, type CliScore, type CliTransition, type RunInput } from "./cli.ts";
import { exportFigure, figureDrawn, openSite, readHooks, scoreKey, type Site } from "./pages.ts";
import { sharedBuild, siteRoot } from "./site.ts";

const ALIGNMENT = ["s_ex_ref", "s_permis", "s_disc", "s_align"];
const READY = 'figure[data-figure^="transitions-"] text[data-metric]';

interface Cell { run: string; table: string; from: string; to: string; count: number; href: string }

async function cells(page: Page, within = 'figure[data-figure^="transitions-"]'): Promise<Cell[]> {
  return page.$$eval(`${within} a.cell`, (nodes) => nodes.map((a) => ({
    run: a.getAttribute("data-run")!, table: a.getAttribute("data-table")!, from: a.getAttribute("data-from")!,
    to: a.getAttribute("data-to")!, count: Number(a.getAttribute("data-count")), href: a.getAttribute("href")!,
  })));
}
const cellKey = (c: { run: string; table: string; from: string; to: string; count: number }) => `${c.run} ${c.table} ${c.from}->${c.to} ${c.count}`;

/** The cells `uvqa score` gives for a slice: every cell of every table the slice has items in (both runs). */
function expectedCells(transitions: readonly CliTransition[], slice: string, runs: readonly string[]): string[] {
  const mine = transitions.filter((t) => t.slice === slice && runs.includes(t.run));
  const live = new Set(mine.filter((t) => t.count > 0).map((t) => `${t.run} ${t.table}`));
  return mine.filter((t) => live.has(`${t.run} ${t.table}`)).map(cellKey).sort();
}

/** The scores a slice shows: alignment scores of the aligned runs, those read off a drawn table, and S_align. */
function expectedScores(scores: readonly CliScore[], transitions: readonly CliTransition[], slice: string, runs: readonly string[]): CliScore[] {
  const drawn = new Set(transitions.filter((t) => t.slice === slice && t.count > 0).map((t) => `${t.run} ${t.table}`));
  const table = (metric: string) => (metric === "s_disc" ? "unanswerable" : "answerable");
  return scores.filter((s) => s.slice === slice && runs.includes(s.run) && ALIGNMENT.includes(s.metric)
    && (s.metric === "s_align" || drawn.has(`${s.run} ${table(s.metric)}`)));
}

function checkHooks(hooks: Awaited<ReturnType<typeof readHooks>>, expected: readonly CliScore[]) {
  expect(expected.length).toBeGreaterThan(0);
  expect(hooks.map(scoreKey).sort()).toEqual(expected.map(scoreKey).sort());
  const byKey = new Map(expected.map((r) => [scoreKey(r), r]));
  for (const h of hooks) expect(h.value, scoreKey(h)).toBe(byKey.get(scoreKey(h))!.value);
}

describe("/alignment on the default build", () => {
  let site: Site;
  let cli: { scores: CliScore[]; transitions: CliTransition[]; runs: RunInput[] };
  let aligned: string[];
  let root: string;
  let dist: string;
  beforeAll(async () => {
    ({ root, dist } = await sharedBuild("default"));
    cli = await cliReport(root, dist);
    aligned = cli.runs.filter((r) => r.baseline).map((r) => r.id);
    site = await openSite(dist);
  });
  afterAll(async () => {
    await site?.close();
  });

  it("draws every cell and every alignment score of every aligned run, each equal to uvqa score's", async () => {
    const { page, errors, foreign } = await site.open("/alignment", { ready: READY });
    expect(aligned.length).toBeGreaterThan(0);
    checkHooks(await readHooks(page), expectedScores(cli.scores, cli.transitions, "all", aligned));
    const drawn = await cells(page);
    expect(drawn.map(cellKey).sort()).toEqual(expectedCells(cli.transitions, "all", aligned));
    // Each readout's numerator is its cell, its denominator the row total and the score's n.
    const readouts = await page.$$eval("text.score-readout[data-numerator]", (nodes) => nodes.map((n) => ({
      run: n.getAttribute("data-run")!, metric: n.getAttribute("data-metric")!, numerator: Number(n.getAttribute("data-numerator")), denominator: Number(n.getAttribute("data-denominator")), n: Number(n.getAttribute("data-n")),
    })));
    expect(readouts.map((r) => r.metric).sort()).toEqual(["s_disc", "s_ex_ref", "s_permis"].flatMap((m) => aligned.map(() => m)).sort());
    const source = { s_ex_ref: ["answerable", "C", "R"], s_permis: ["answerable", "R", "C"], s_disc: ["unanswerable", "A", "R"] } as Record<string, [string, string, string]>;
    for (const r of readouts) {
      const [table, from, to] = source[r.metric]!;
      const row = drawn.filter((c) => c.run === r.run && c.table === table && c.from === from);
      expect(r.numerator, r.metric).toBe(row.find((c) => c.to === to)!.count);
      expect(r.denominator, r.metric).toBe(row.reduce((n, c) => n + c.count, 0));
      expect(r.n, r.metric).toBe(cli.scores.find((s) => s.run === r.run && s.slice === "all" && s.metric === r.metric)!.n);
    }
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it("a category filter shows that slice's matrices and scores; the copied link restores them", async () => {
    const { page, errors } = await site.open("/alignment", { ready: READY });
    const id = await page.$eval('figure[data-figure^="transitions-"]', (f) => f.getAttribute("data-figure")!);
    let drawn = await figureDrawn(page, id);
    await page.click('details[data-facet="category"] > summary');
    for (const category of ["answerable", "relation", "attribute"]) {
      await page.click(`details[data-facet="category"] label:has-text("${category}") input`);
      drawn = await figureDrawn(page, id, drawn);
    }
    expect(new URL(page.url()).search).toBe("?category=object");
    const hooks = await readHooks(page);
    checkHooks(hooks, expectedScores(cli.scores, cli.transitions, "category:object", aligned));
    const shown = (await cells(page)).map(cellKey).sort();
    expect(shown).toEqual(expectedCells(cli.transitions, "category:object", aligned));
    expect(shown.every((c) => c.includes(" unanswerable "))).toBe(true); // no answerable item: its matrix is not drawn

    const copy = await site.open(`/alignment${new URL(page.url()).search}`, { ready: READY });
    expect((await readHooks(copy.page)).map(scoreKey).sort()).toEqual(hooks.map(scoreKey).sort());
    expect((await cells(copy.page)).map(cellKey).sort()).toEqual(shown);
    await copy.page.close();
    expect(errors).toEqual([]);
    await page.close();
  });

  it.skipIf(!FILTER_SLICES)("a filter slice the report lacks is computed in the browser exactly as uvqa score --slice computes it", async () => {
    const slice = "category=object,relation";
    const adhoc = await cliReport(root, dist, ["--slice", slice]);
    const { page, errors } = await site.open("/alignment?category=object,relation", { ready: READY });
    checkHooks(await readHooks(page), expectedScores(adhoc.scores, adhoc.transitions, slice, aligned));
    expect((await cells(page)).map(cellKey).sort()).toEqual(expectedCells(adhoc.transitions, slice, aligned));
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a cell links to the explorer with its run, outcomes and items, and is reached with the keyboard", async () => {
    const { page } = await site.open("/alignment", { ready: READY });
    const find = async (p: Page, table: string, from: string, to: string) => (await cells(p)).find((c) => c.table === table && c.from === from && c.to === to)!;
    const cr = new URL((await find(page, "answerable", "C", "R")).href, page.url());
    expect(cr.pathname).toBe("/explorer");
    expect(cr.search).toBe(`?run=${aligned[0]}&from=C&to=R&category=answerable`);
    // R is an outcome of both tables: the category tells the explorer which items.
    expect(new URL((await find(page, "unanswerable", "A", "R")).href, page.url()).search).toBe(`?run=${aligned[0]}&from=A&to=R&category=object,relation,attribute`);
    const filtered = await site.open("/alignment?category=object", { ready: READY });
    expect(new URL((await find(filtered.page, "unanswerable", "A", "R")).href, filtered.page.url()).search).toBe(`?run=${aligned[0]}&from=A&to=R&category=object`);
    await filtered.page.close();
    // Tab from the filter bar's reset button reaches the first cell.
    await page.focus("form.filter-bar button.filter-reset");
    let focused = "";
    for (let i = 0; i < 40 && !focused.startsWith("cell"); i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => { const a = document.activeElement; return a?.classList.contains("cell") ? `cell ${a.getAttribute("data-from")}->${a.getAttribute("data-to")}` : a?.tagName ?? ""; });
    }
    expect(focused).toBe("cell C->C");
    await page.close();
  });

  it("says why nothing is drawn when no aligned run matches the filters", async () => {
    const { page, errors } = await site.open("/alignment?variant=unaligned", { ready: "figure .empty-state" });
    expect(await page.textContent("figure .empty-state")).toBe("no aligned run matches these filters: widen the model, prompt or variant filter (an aligned run is one with a baseline)");
    expect(await readHooks(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("exports the heatmaps as SVG with provenance and hooks, a PNG that decodes, and the CSV of the cells and scores drawn", async () => {
    const { page } = await site.open("/alignment?category=object", { ready: READY });
    const id = await page.$eval('figure[data-figure^="transitions-"]', (f) => f.getAttribute("data-figure")!);
    // The exported figure's own hooks and cells (the page draws one figure per aligned run).
    const hooks = await readHooks(page, `figure[data-figure="${id}"]`);
    const drawn = await cells(page, `figure[data-figure="${id}"]`);

    const svg = svgOf(await exportFigure(page, id, "svg"));
    expect(svg.querySelector("parsererror")).toBeNull();
    const provenance = svgProvenance(svg)!;
    expect(provenance.view).toContain("/alignment?category=object");
    expect(provenance.runs.map((r) => r.id).sort()).toEqual([aligned[0]!, cli.runs.find((r) => r.id === aligned[0])!.baseline!].sort());
    expect(provenance.datasets[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(svg.querySelectorAll("[data-metric][data-value]").length).toBe(hooks.length);
    expect(svg.querySelectorAll("a.cell").length).toBe(drawn.length);

    const png = await exportFigure(page, id, "png");
    expect(JSON.parse(pngTexts(new Uint8Array(png))[PNG_KEYWORD]!)).toEqual(provenance);
    expect(decodePng(png).width).toBeGreaterThan(600); // 2x

    const { head, rows } = csvRowsOf(await exportFigure(page, id, "csv"));
    expect(head).toBe(`# UVQA Lab: Transitions: ${aligned[0]}`);
    expect(rows.filter((r) => r.kind === "cell").map((r) => cellKey({ run: r.run!, table: r.table!, from: r.from!, to: r.to!, count: Number(r.count) })).sort())
      .toEqual(drawn.map(cellKey).sort());
    const scores = rows.filter((r) => r.kind === "score");
    expect(scores.map((r) => scoreKey(r as never)).sort()).toEqual(hooks.map(scoreKey).sort());
    for (const r of scores) expect(Number(r.value)).toBe(hooks.find((h) => scoreKey(h) === scoreKey(r as never))!.value);

    const flow = csvRowsOf(await exportFigure(page, id.replace(/^transitions-/, "flow-"), "csv"));
    expect(flow.rows.map((r) => cellKey({ run: r.run!, table: r.table!, from: r.from!, to: r.to!, count: Number(r.count) })).sort())
      .toEqual(drawn.filter((c) => c.count > 0).map(cellKey).sort());
    await page.close();
  });
});

describe("/alignment on the public UVQA data", () => {
  let site: Site;
  let cli: { scores: CliScore[]; transitions: CliTransition[]; runs: RunInput[] };
  beforeAll(async () => {
    const build = await sharedBuild("uvqa", { UVQA_DATA_DIR: process.env.UVQA_TEST_DATA_DIR ?? join(siteRoot, "..", "shared", "uvqa") });
    cli = await cliReport(build.root, build.dist);
    site = await openSite(build.dist);
  });
  afterAll(async () => {
    await site?.close();
  });

  it("real transitions (refusals of valid questions included), split by dataset, equal uvqa score --slice-by", async () => {
    const aligned = cli.runs.filter((r) => r.baseline).map((r) => r.id);
    const { page, errors, foreign } = await site.open("/alignment?by=dataset", { ready: READY });
    const expected = ["dataset:sample", "dataset:uvqa"].flatMap((slice) => expectedScores(cli.scores, cli.transitions, slice, aligned));
    checkHooks(await readHooks(page), expected);
    const shown = (await cells(page)).map(cellKey).sort();
    expect(shown).toEqual(["dataset:sample", "dataset:uvqa"].flatMap((slice) => expectedCells(cli.transitions, slice, aligned)).sort());
    // The public data has answerable items an aligned run now refuses: S_ex-ref is measured, not 0 of 0.
    const exRef = cli.scores.filter((s) => s.slice === "dataset:uvqa" && s.metric === "s_ex_ref" && aligned.includes(s.run));
    expect(exRef.length).toBe(aligned.length);
    for (const s of exRef) expect(s.n, s.run).toBeGreaterThan(0);
    expect(exRef.some((s) => s.value > 0)).toBe(true);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });
});

describe("/alignment with no aligned run in the report", () => {
  let site: Site;
  beforeAll(async () => {
    const build = await sharedBuild("unaligned", { UVQA_CONFIG: "tests/browser/unaligned.config.ts" });
    site = await openSite(build.dist);
  });
  afterAll(async () => {
    await site?.close();
  });

  it("says so, and how to add one", async () => {
    const { page, errors } = await site.open("/alignment", { ready: "figure .empty-state" });
    expect(await page.textContent("figure .empty-state")).toBe("no aligned runs yet: add a run with a baseline");
    expect(await readHooks(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
