// The overview, /categories, /explorer and /model on the public UVQA data (the build with UVQA_DATA_DIR, shared
// with the other pages' public-data tests): every score drawn, in a precomputed slice or a filter slice the page
// scores itself, equals `uvqa score`'s on the build's own inputs; the explorer's rows equal an independent DuckDB
// query over the report's Parquet tables and its item view marks a public item's perturbed element; no console
// error, no request to any host but 127.0.0.1.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliReport, csvRowsOf, type CliScore } from "./cli.ts";
import { exportFigureTable, openSite, readHooks, reproduceFlags, scoreKey, type Hook, type Site } from "./pages.ts";
import { builtReportFile, sharedBuild, siteRoot, uvqaScore } from "./site.ts";

const DATA_DIR = process.env.UVQA_TEST_DATA_DIR ?? join(siteRoot, "..", "shared", "uvqa");
const q = (text: string) => `'${text.replace(/'/g, "''")}'`;

let site: Site;
let root: string;
let dist: string;
let duck: DuckDBConnection;

beforeAll(async () => {
  const build = await sharedBuild("uvqa", { UVQA_DATA_DIR: DATA_DIR });
  ({ root, dist } = build);
  site = await openSite(dist);
  duck = await (await DuckDBInstance.create(":memory:")).connect();
  const file = (name: string) => q(join(root, "data", "cache", "report", name));
  await duck.run(`CREATE VIEW items AS SELECT * FROM read_parquet(${file("items.parquet")})`);
  // The outcome of a judged response, from the paper's definitions (not the page's SQL).
  await duck.run(`CREATE VIEW judged AS SELECT j.run, j.item AS id, i.category, i.dataset,
    CASE WHEN j.refused IS NULL THEN 'F' WHEN i.category <> 'answerable' THEN (CASE WHEN j.refused THEN 'R' ELSE 'A' END)
      WHEN j.refused THEN 'R' WHEN j.correct IS NULL THEN 'F' WHEN j.correct THEN 'C' ELSE 'W' END AS outcome
    FROM read_parquet(${file("judgments.parquet")}) j JOIN items i ON i.id = j.item`);
}, 900_000);
afterAll(async () => {
  duck?.closeSync();
  await site?.close();
});

/**
 * Every hook of a run the CLI scored equals the CLI's value: a precomputed slice as the report's own command
 * (meta.reproduce) computes it, a filter slice as `uvqa score --slice <expr>` asking for it alone computes it
 * (the command the page's reproduce block prints for it).
 */
async function expectCliValues(hooks: Hook[]): Promise<CliScore[]> {
  const report = await cliReport(root, dist);
  const runs = new Set(report.runs.map((r) => r.id));
  const byKey = new Map(report.scores.map((s) => [scoreKey(s), s]));
  const meta = JSON.parse(readFileSync(builtReportFile(dist, "meta.json"), "utf8")) as { reproduce: string };
  const flags = reproduceFlags(meta.reproduce);
  const settings = flags.filter((_, i) => flags[i] !== "--slice-by" && flags[i - 1] !== "--slice-by");
  const inputs = { items: builtReportFile(dist, "items.jsonl"), predictions: builtReportFile(dist, "predictions.jsonl"), runs: builtReportFile(dist, "runs-input.json") };
  for (const slice of new Set(hooks.map((h) => h.slice).filter((s) => s.includes("=")))) {
    const alone = JSON.parse(readFileSync(join(uvqaScore(root, inputs, [...settings, "--slice", slice]), "scores.json"), "utf8")) as CliScore[];
    for (const row of alone.filter((r) => r.slice === slice)) byKey.set(scoreKey(row), row);
  }
  const mine = hooks.filter((h) => runs.has(h.run));
  expect(mine.length).toBeGreaterThan(0);
  for (const h of mine) {
    const row = byKey.get(scoreKey(h));
    expect(row, scoreKey(h)).toBeDefined();
    expect(h.value, scoreKey(h)).toBe(row!.value);
  }
  return [...byKey.values()];
}

describe("the overview and /categories on the public UVQA data", () => {
  it("the overview filtered to the public dataset shows uvqa score's values for it", async () => {
    const { page, errors, foreign } = await site.open("/?dataset=uvqa", { ready: "table.overview td.score[data-run]" });
    const hooks = await readHooks(page);
    expect(hooks.some((h) => h.slice === "dataset:uvqa")).toBe(true);
    await expectCliValues(hooks);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it("/categories filtered to the public dataset: each category within it is a filter slice scored in the page as uvqa score --slice scores it", async () => {
    const { page, errors, foreign } = await site.open("/categories?dataset=uvqa", { ready: 'figure[data-figure="categories"] circle[data-run]' });
    const hooks = (await readHooks(page, 'figure[data-figure="categories"]')).filter((h) => h.tag === "circle");
    expect(hooks.some((h) => h.slice.includes("dataset=uvqa") && h.slice.includes("category=object"))).toBe(true);
    const scores = await expectCliValues(hooks);
    // The public items hold real mistakes: the aligned runs do not refuse every object item.
    expect(scores.some((s) => s.slice.includes("category=object") && s.metric === "f1" && s.n > 0 && s.value < 1)).toBe(true);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });
});

describe("/explorer on the public UVQA data", () => {
  it("the rows of a dataset, category and outcome filter equal the DuckDB query's", async () => {
    const [{ run }] = (await duck.runAndReadAll(`SELECT run, count(*) AS n FROM judged WHERE dataset = 'uvqa' AND category = 'object' AND outcome = 'A'
      GROUP BY run ORDER BY n DESC, run LIMIT 1`)).getRowObjects() as Array<{ run: string }>;
    const expected = (await duck.runAndReadAll(`SELECT run, id FROM judged WHERE dataset = 'uvqa' AND category = 'object' AND outcome IN ('A', 'R') AND run = ${q(run!)}`))
      .getRowObjects().map((r) => `${r.run}|${r.id}`).sort();
    expect(expected.length).toBeGreaterThan(0);
    const { page, errors, foreign } = await site.open(`/explorer?dataset=uvqa&category=object&outcome=A,R&run=${encodeURIComponent(run!)}`, { ready: "#explorer-summary" });
    expect(Number(await page.getAttribute("#explorer-summary", "data-count"))).toBe(expected.length);
    const rows = csvRowsOf(await exportFigureTable(page, "explorer-rows")).rows.map((r) => `${r.run}|${r.id}`).sort();
    expect(rows).toEqual(expected);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it("the item view of a public relation item marks the perturbed element and links its twin", async () => {
    const [item] = (await duck.runAndReadAll(`SELECT id, pair, perturbation_replaced_with AS replaced FROM items
      WHERE dataset = 'uvqa' AND category = 'relation' AND pair IS NOT NULL AND perturbation_in_question ORDER BY item LIMIT 1`)).getRowObjects() as Array<{ id: string; pair: string; replaced: string }>;
    expect(item).toBeDefined();
    const { page, errors, foreign } = await site.open(`/explorer?item=${encodeURIComponent(item!.id)}`, { ready: "section.item-view" });
    const marked = await page.$$eval(".item-question mark.perturbed", (marks) => marks.map((m) => m.textContent!.toLowerCase()));
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.every((m) => m.startsWith(item!.replaced.toLowerCase()))).toBe(true);
    expect(await page.textContent("a.twin")).toBe(item!.pair);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });
});

describe("/model on the public UVQA data", () => {
  it("runs the model in the page on a public item and gives the build's verdict and response for it", async () => {
    const [item] = (await duck.runAndReadAll(`SELECT id FROM items WHERE dataset = 'uvqa' AND category = 'attribute' ORDER BY item LIMIT 1`)).getRowObjects() as Array<{ id: string }>;
    const { page, errors, foreign } = await site.open(`/model?item=${encodeURIComponent(item!.id)}`, { ready: "[data-role=live] .p-unanswerable" });
    const text = (selector: string) => page.$eval(selector, (e) => e.textContent ?? "");
    expect(["webgpu", "wasm"]).toContain(await page.getAttribute("[data-provider]", "data-provider"));
    expect(await text("[data-role=stored] .verdict")).not.toBe("");
    expect(await text("[data-role=live] .p-unanswerable")).toBe(await text("[data-role=stored] .p-unanswerable"));
    expect(await text("[data-role=live] .verdict")).toBe(await text("[data-role=stored] .verdict"));
    expect(await text("[data-role=live] .response")).toBe(await text("[data-role=stored] .response"));
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });
});
