// /explorer in Chromium on the default build. Its rows (every filter, transition and search) are exactly those an
// independent DuckDB query over the report's Parquet tables returns (the Node-side oracle); the list keeps a
// bounded number of rows in the DOM; the item view marks the perturbed element and links the twin.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedBuild } from "./site.ts";
import { exportFigureTable, openSite, type Site } from "./pages.ts";
import { csvRowsOf } from "./cli.ts";

let site: Site;
let duck: DuckDBConnection;
let report: string;
const errors: string[] = [];
const foreign: string[] = [];

const q = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Rows as `run|id`, sorted: what the page's CSV holds, and what the oracle returns. */
async function oracle(sql: string): Promise<string[]> {
  const reader = await duck.runAndReadAll(sql);
  return reader.getRowObjects().map((r) => `${r.run}|${r.id}`).sort();
}

async function pageRows(path: string): Promise<{ rows: string[]; count: number }> {
  const { page, errors: e, foreign: f } = await site.open(path, { ready: "#explorer-summary" });
  const count = Number(await page.getAttribute("#explorer-summary", "data-count"));
  const csv = count ? csvRowsOf(await exportFigureTable(page, "explorer-rows")).rows : [];
  errors.push(...e);
  foreign.push(...f);
  await page.close();
  return { rows: csv.map((r) => `${r.run}|${r.id}`).sort(), count };
}

// The outcome of a judged response, written here from the paper's definitions (not the page's SQL).
const OUTCOME = `CASE WHEN j.refused IS NULL THEN 'F' WHEN i.category <> 'answerable' THEN (CASE WHEN j.refused THEN 'R' ELSE 'A' END)
  WHEN j.refused THEN 'R' WHEN j.correct IS NULL THEN 'F' WHEN j.correct THEN 'C' ELSE 'W' END`;

beforeAll(async () => {
  const build = await sharedBuild("default");
  report = join(build.root, "data", "cache", "report");
  site = await openSite(build.dist);
  duck = await (await DuckDBInstance.create(":memory:")).connect();
  const file = (name: string) => q(join(report, name));
  await duck.run(`CREATE VIEW items AS SELECT * FROM read_parquet(${file("items.parquet")})`);
  await duck.run(`CREATE VIEW judged AS SELECT j.run, j.item AS id, i.item AS idx, i.category, i.dataset, i.question, i.reference, i.flags, ${OUTCOME} AS outcome
    FROM read_parquet(${file("judgments.parquet")}) j JOIN items i ON i.id = j.item`);
  await duck.run(`CREATE VIEW texts AS SELECT * FROM read_parquet(${file("texts.parquet")})`);
  await duck.run(`CREATE TABLE runs AS SELECT * FROM read_json(${file("runs.json")})`);
}, 600_000);
afterAll(async () => {
  duck?.closeSync();
  await site?.close();
});

describe("/explorer rows equal an independent DuckDB query over the Parquet tables", () => {
  it("a transition against the baseline: the aligned run's C -> R (excessive refusals)", async () => {
    const run = "builtin-model/prompt-aligned";
    const expected = await oracle(`SELECT a.run, a.id FROM judged a JOIN runs r ON r.id = a.run JOIN judged b ON b.run = r.baseline AND b.id = a.id
      WHERE a.run = ${q(run)} AND b.outcome = 'C' AND a.outcome = 'R'`);
    expect(expected.length).toBeGreaterThan(0);
    const { rows, count } = await pageRows(`/explorer?run=${run}&from=C&to=R`);
    expect(count).toBe(expected.length);
    expect(rows).toEqual(expected);
  });

  it("a category and outcomes over every run", async () => {
    const expected = await oracle(`SELECT run, id FROM judged WHERE category = 'object' AND outcome IN ('A', 'W')`);
    expect(expected.length).toBeGreaterThan(0);
    const { rows, count } = await pageRows("/explorer?category=object&outcome=A,W");
    expect(count).toBe(expected.length);
    expect(rows).toEqual(expected);
  });

  it("a search in one run's responses, any case", async () => {
    const expected = await oracle(`SELECT j.run, j.id FROM judged j JOIN texts t ON t.run = j.run AND t.item = j.idx
      WHERE j.run = 'builtin/unaligned' AND t.response ILIKE '%BOWL%'`);
    expect(expected.length).toBeGreaterThan(0);
    const { rows, count } = await pageRows("/explorer?run=builtin/unaligned&q=BOWL&in=response");
    expect(count).toBe(expected.length);
    expect(rows).toEqual(expected);
  });

  it("a search in the questions, references and responses of every run, in a slice of the items", async () => {
    const expected = await oracle(`SELECT j.run, j.id FROM judged j JOIN items i ON i.id = j.id WHERE (j.question ILIKE '%girl%' OR j.reference ILIKE '%girl%')
      AND i.source = 'hand-written'`);
    expect(expected.length).toBeGreaterThan(0);
    const { rows, count } = await pageRows("/explorer?q=girl&in=any&slice=source=hand-written");
    // "any" also searches the responses: every oracle row is there, and the rest matched in a response
    expect(rows).toEqual(expect.arrayContaining(expected));
    const responseOnly = await oracle(`SELECT j.run, j.id FROM judged j JOIN texts t ON t.run = j.run AND t.item = j.idx JOIN items i ON i.id = j.id
      WHERE t.response ILIKE '%girl%' AND i.source = 'hand-written'`);
    expect(count).toBe(new Set([...expected, ...responseOnly]).size);
    expect(rows).toEqual([...new Set([...expected, ...responseOnly])].sort());
  });

  it("a filter slice from the slice finder (slice=question_type=...)", async () => {
    const [{ question_type: type }] = (await duck.runAndReadAll("SELECT question_type FROM items WHERE question_type IS NOT NULL LIMIT 1")).getRowObjects() as Array<{ question_type: string }>;
    const expected = await oracle(`SELECT j.run, j.id FROM judged j JOIN items i ON i.id = j.id WHERE i.question_type = ${q(type)} AND j.outcome = 'R'`);
    expect(expected.length).toBeGreaterThan(0);
    const { rows } = await pageRows(`/explorer?slice=question_type=${encodeURIComponent(type)}&outcome=R`);
    expect(rows).toEqual(expected);
  });

  it("logged no console error and asked nothing of any host but 127.0.0.1", () => {
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
  });
});

describe("/explorer list and item view", () => {
  it("keeps a bounded number of rows in the DOM while scrolling through all of them", async () => {
    const { page } = await site.open("/explorer", { ready: ".virtual-list [role=row]" });
    const count = Number(await page.getAttribute("#explorer-summary", "data-count"));
    expect(count).toBeGreaterThan(1000);
    const inDom = () => page.$$eval(".virtual-list [role=row]", (rows) => rows.length);
    expect(await inDom()).toBeLessThan(40);
    await page.$eval(".virtual-list", (box) => { box.scrollTop = box.scrollHeight; });
    await page.waitForSelector(`.virtual-list [aria-rowindex="${count}"]`, { timeout: 30_000 });
    expect(await inDom()).toBeLessThan(40);
    // the texts of the last rows were read on demand
    expect(await page.textContent(`.virtual-list [aria-rowindex="${count}"] .ex-question`)).not.toBe("…");
    await page.close();
  });

  it("opens an item from its row, keeping the list where it was (not rebuilt, not scrolled back); back closes it", async () => {
    const { page } = await site.open("/explorer?category=relation", { ready: ".virtual-list a.ex-row" });
    // Scroll the list a little and tag it: the same list element, at the same place, must be there after the click.
    await page.$eval(".virtual-list", (box) => { box.scrollTop = 640; (box as HTMLElement & { tagged?: boolean }).tagged = true; });
    const row = page.locator(".virtual-list a.ex-row").nth(12);
    await row.waitFor();
    const id = await row.getAttribute("data-item");
    await row.click();
    await page.waitForSelector(`section.item-view[data-item="${id}"]`);
    expect(new URL(page.url()).searchParams.get("item")).toBe(id);
    expect(await page.$eval(".virtual-list", (box) => [(box as HTMLElement & { tagged?: boolean }).tagged === true, box.scrollTop])).toEqual([true, 640]);
    await page.goBack();
    await page.waitForSelector("#item-hint");
    await page.close();
  });

  it("a click on a row reads the item's rows from item-texts.parquet where item-texts-starts.bin says, and never item-ids.parquet (the list knows the index)", async () => {
    const { page, errors: e } = await site.open("/explorer?category=object", { ready: ".virtual-list a.ex-row" });
    const requested: string[] = [];
    page.on("request", (request) => requested.push(new URL(request.url()).pathname));
    const row = page.locator(".virtual-list a.ex-row").nth(3);
    const id = await row.getAttribute("data-item");
    await row.click();
    await page.waitForSelector(`section.item-view[data-item="${id}"] table.item-responses tbody tr[data-run]`);
    const expected = (await duck.runAndReadAll(`SELECT j.run, j.outcome FROM judged j WHERE j.id = ${q(id!)}`)).getRowObjects().map((r) => `${r.run}|${r.outcome}`).sort();
    const shown = await page.$$eval("table.item-responses tbody tr[data-run]", (rows) => rows.filter((r) => r.getAttribute("data-outcome")).map((r) => `${r.getAttribute("data-run")}|${r.getAttribute("data-outcome")}`));
    expect(shown.sort()).toEqual(expected);
    expect(requested.filter((path) => /\/item-ids\./.test(path))).toEqual([]);
    expect(requested.filter((path) => /\/item-texts-starts\.[0-9a-f]{8}\.bin$/.test(path))).toHaveLength(1);
    expect(requested.filter((path) => /\/item-texts\.[0-9a-f]{8}\.parquet$/.test(path)).length).toBeGreaterThan(0);
    expect(e).toEqual([]);
    await page.close();
  });

  it("a link to an item shows the item before the list of its run asks for the run's rows", async () => {
    const [run] = (await duck.runAndReadAll("SELECT id FROM runs")).getRowObjects().map((r) => String(r.id));
    const [{ id }] = (await duck.runAndReadAll(`SELECT id FROM judged WHERE run = ${q(run!)} ORDER BY idx DESC LIMIT 1`)).getRowObjects() as Array<{ id: string }>;
    const page = await site.context.newPage();
    // when the item view first enters the DOM, on the page's clock (resource timings use the same)
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (!document.querySelector("section.item-view")) return;
        (window as unknown as { itemShownAt: number }).itemShownAt = performance.now();
        observer.disconnect();
      }).observe(document, { subtree: true, childList: true });
    });
    await page.goto(new URL(`explorer?item=${encodeURIComponent(id)}&run=${encodeURIComponent(run!)}`, site.url).href);
    await page.waitForSelector(".virtual-list .ex-response", { timeout: 60_000 });
    await page.waitForFunction(() => [...document.querySelectorAll(".virtual-list .ex-response")].some((n) => n.textContent !== "…"));
    const { shown, batches } = await page.evaluate(() => ({
      shown: (window as unknown as { itemShownAt: number }).itemShownAt,
      batches: performance.getEntriesByType("resource").filter((r) => /\/outcomes\.[0-9a-f]{8}\.arrow$/.test(new URL(r.name).pathname)).map((r) => r.startTime),
    }));
    expect(await page.textContent("section.item-view h3 code")).toBe(id);
    expect(batches.length).toBeGreaterThan(0);
    expect(Math.min(...batches)).toBeGreaterThanOrEqual(shown);
    await page.close();
  });

  it("the item view marks the perturbed element in the question and the fact, links the twin, shows every run", async () => {
    const [item] = (await duck.runAndReadAll(`SELECT id, pair, perturbation_replaced_with AS replaced, perturbation_fact AS fact FROM items
      WHERE category = 'relation' AND pair IS NOT NULL AND perturbation_in_question AND perturbation_fact IS NOT NULL ORDER BY item LIMIT 1`)).getRowObjects() as Array<{ id: string; pair: string; replaced: string; fact: string }>;
    expect(item).toBeDefined();
    const { page } = await site.open(`/explorer?item=${encodeURIComponent(item!.id)}`, { ready: "section.item-view" });
    const marked = await page.$$eval(".item-question mark.perturbed", (marks) => marks.map((m) => m.textContent!.toLowerCase()));
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.every((m) => m.startsWith(item!.replaced.toLowerCase()))).toBe(true);
    expect(await page.textContent("a.twin")).toBe(item!.pair);
    const runs = (await duck.runAndReadAll("SELECT id FROM runs")).getRowObjects().map((r) => r.id);
    expect(await page.$$eval("table.item-responses tbody tr[data-run]", (rows) => rows.map((r) => r.getAttribute("data-run")))).toEqual(runs);
    // the twin link opens the twin in place
    await page.click("a.twin");
    await page.waitForSelector(`section.item-view[data-item="${item!.pair}"]`);
    await page.close();
  });

  it("says so for an item the report does not have", async () => {
    const { page, errors: e } = await site.open("/explorer?item=no-such-item", { ready: "#item-unknown" });
    expect(await page.textContent("#item-unknown")).toContain("unknown item in the link: no-such-item");
    expect(e).toEqual([]);
    await page.close();
  });
});

// The page without its database: the item view and a run's first rows must not wait for DuckDB-WASM. DuckDB's
// own start needs items.arrow (the page's DuckDBClient inserts it first) and the runs come from outcomes.arrow: hold
// both requests, check what the page shows meanwhile, then let them through.
async function holding(pattern: RegExp, body: (held: () => string[], release: () => Promise<void>) => Promise<void>): Promise<void> {
  const held: Array<{ url: string; go: () => Promise<void> }> = [];
  let released = false;
  const handler = async (route: import("playwright-core").Route) => {
    if (released) return route.continue();
    held.push({ url: route.request().url(), go: () => route.continue() });
  };
  await site.context.route(pattern, handler);
  try {
    await body(() => held.map((h) => h.url), async () => {
      released = true;
      for (const h of held.splice(0)) await h.go();
    });
  } finally {
    await site.context.unroute(pattern, handler);
  }
}

const DUCKDB_INPUTS = /\/_file\/data\/report\/(items|outcomes)\.[0-9a-f]{8}\.arrow$/;

describe("/explorer without waiting for DuckDB-WASM", () => {
  it("opens an item from a link while DuckDB's inputs are held back: the question, the twin and every run's judged response", async () => {
    const [item] = (await duck.runAndReadAll(`SELECT id, pair FROM items WHERE pair IS NOT NULL AND category <> 'answerable' ORDER BY item LIMIT 1`)).getRowObjects() as Array<{ id: string; pair: string }>;
    expect(item).toBeDefined();
    const expected = (await duck.runAndReadAll(`SELECT j.run, j.outcome FROM judged j JOIN runs r ON r.id = j.run WHERE j.id = ${q(item!.id)}`)).getRowObjects()
      .map((r) => `${r.run}|${r.outcome}`).sort();
    expect(expected.length).toBeGreaterThan(0);
    await holding(DUCKDB_INPUTS, async (held, release) => {
      const { page, errors: e } = await site.open(`/explorer?item=${encodeURIComponent(item!.id)}`, { ready: "section.item-view" });
      // DuckDB cannot be ready: the list of every run (which needs it) started it, and it asked for items.arrow
      // (once its wasm is in), which is held
      await expect.poll(() => held().some((u) => /\/items\.[0-9a-f]{8}\.arrow$/.test(u)), { timeout: 30_000 }).toBe(true);
      expect(await page.$("#explorer-summary")).toBeNull();
      expect(await page.textContent("section.item-view h3 code")).toBe(item!.id);
      expect(await page.textContent("a.twin")).toBe(item!.pair);
      const shown = await page.$$eval("table.item-responses tbody tr[data-run]", (rows) => rows.map((r) => `${r.getAttribute("data-run")}|${r.getAttribute("data-outcome")}`));
      expect([...shown].sort()).toEqual(expected);
      await release();
      // let through, the list comes: every response of every run
      await page.waitForSelector("#explorer-summary", { timeout: 60_000 });
      const [{ n }] = (await duck.runAndReadAll("SELECT count(*)::INTEGER AS n FROM judged")).getRowObjects() as Array<{ n: number }>;
      expect(Number(await page.getAttribute("#explorer-summary", "data-count"))).toBe(n);
      expect(e).toEqual([]);
      await page.close();
    });
  });

  it("a search in one run from a link lists its matches from the run's record batch before DuckDB has its inputs; a second word too; then its CSV equals the oracle", async () => {
    const run = "builtin/unaligned";
    // "any": the items' questions and references, and the run's responses
    const matching = async (word: string) => (await duck.runAndReadAll(`SELECT j.id FROM judged j JOIN texts t ON t.run = j.run AND t.item = j.idx
      WHERE j.run = ${q(run)} AND (t.response ILIKE ${q(`%${word}%`)} OR j.question ILIKE ${q(`%${word}%`)} OR j.reference ILIKE ${q(`%${word}%`)}) ORDER BY j.idx`)).getRowObjects().map((r) => String(r.id));
    const [first, second] = [await matching("BOWL"), await matching("Table")];
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(first.length);
    await holding(/\/_file\/data\/report\/items\.[0-9a-f]{8}\.arrow$/, async (held, release) => {
      const { page, errors: e } = await site.open(`/explorer?run=${encodeURIComponent(run)}&q=BOWL`, { ready: ".virtual-list a.ex-row" });
      const shownIds = () => page.$$eval(".virtual-list a.ex-row", (rows) => rows.map((r) => r.getAttribute("data-item")!));
      expect(Number(await page.getAttribute("#explorer-summary", "data-count"))).toBe(first.length);
      const shown = await shownIds();
      expect(shown).toEqual(first.slice(0, shown.length));
      expect(shown.length).toBe(Math.min(first.length, shown.length));
      // the page starts DuckDB in idle time (its items.arrow is held): a second word, typed, still needs no DuckDB
      await expect.poll(() => held().length, { timeout: 30_000 }).toBeGreaterThan(0);
      const input = page.locator('input[placeholder="words in the text (any case)"]');
      await input.fill("Table");
      await input.press("Enter");
      await page.waitForFunction((n) => Number(document.querySelector("#explorer-summary")?.getAttribute("data-count")) === n, second.length, { timeout: 30_000 });
      await page.waitForFunction((id) => document.querySelector(".virtual-list a.ex-row")?.getAttribute("data-item") === id, second[0]);
      expect((await shownIds()).length).toBeGreaterThan(0);
      expect(await shownIds()).toEqual(second.slice(0, (await shownIds()).length));
      await release();
      // the CSV: the list's SQL over the run in DuckDB with the search's hits
      const csv = csvRowsOf(await exportFigureTable(page, "explorer-rows")).rows;
      expect(csv.map((r) => r.id)).toEqual(second);
      expect(e).toEqual([]);
      await page.close();
    });
  });

  it("shows a run's first rows from its record batch before DuckDB has its inputs; then its CSV, a filter and a second run loaded on demand equal the oracle", async () => {
    const runs = (await duck.runAndReadAll("SELECT id FROM runs")).getRowObjects().map((r) => String(r.id));
    const [a, b] = [runs[1]!, runs[0]!];
    const ordered = async (run: string) => (await duck.runAndReadAll(`SELECT id FROM judged WHERE run = ${q(run)} ORDER BY idx`)).getRowObjects().map((r) => String(r.id));
    const rowsA = await ordered(a);
    await holding(/\/_file\/data\/report\/items\.[0-9a-f]{8}\.arrow$/, async (held, release) => {
      const { page, errors: e } = await site.open(`/explorer?run=${encodeURIComponent(a)}`, { ready: ".virtual-list a.ex-row" });
      expect(Number(await page.getAttribute("#explorer-summary", "data-count"))).toBe(rowsA.length);
      // the rows in view, in item order, with their question and response read from the Parquet texts
      await page.waitForFunction(() => [...document.querySelectorAll(".virtual-list .ex-response")].every((n) => n.textContent !== "…"));
      const shown = await page.$$eval(".virtual-list a.ex-row", (rows) => rows.map((r) => r.getAttribute("data-item")!));
      expect(shown.length).toBeGreaterThan(5);
      expect(shown).toEqual(rowsA.slice(0, shown.length));
      const first = (await duck.runAndReadAll(`SELECT t.response FROM texts t JOIN judged j ON j.idx = t.item AND j.run = t.run WHERE j.run = ${q(a)} AND j.id = ${q(shown[0]!)}`)).getRowObjects()[0]!;
      expect(await page.textContent(`.virtual-list a.ex-row[data-item="${shown[0]}"] .ex-response`)).toBe(String(first.response));
      // the page then starts DuckDB in idle time (to load the run for the next filter): its items.arrow is held
      await expect.poll(() => held().length, { timeout: 30_000 }).toBeGreaterThan(0);
      await release();
      // the CSV is the list's SQL over the run loaded into DuckDB from its byte range
      const csv = csvRowsOf(await exportFigureTable(page, "explorer-rows")).rows;
      expect(csv.map((r) => r.id)).toEqual(rowsA.slice(0, 10_000));
      expect(csv.every((r) => r.run === a)).toBe(true);
      // a filter in the same run: through DuckDB
      await page.locator(".url-control-outcome input[type=checkbox]").first().uncheck();
      await page.waitForFunction(() => new URL(location.href).searchParams.has("outcome"));
      await page.waitForFunction((n) => Number(document.querySelector("#explorer-summary")?.getAttribute("data-count")) !== n, rowsA.length);
      const notC = await oracle(`SELECT run, id FROM judged WHERE run = ${q(a)} AND outcome <> 'C'`);
      expect(Number(await page.getAttribute("#explorer-summary", "data-count"))).toBe(notC.length);
      // another run, the filter kept: loaded on demand into the same table
      await page.selectOption(".url-control-run select", { label: b });
      await page.waitForFunction((run) => new URL(location.href).searchParams.get("run") === run, b);
      await page.waitForFunction((run) => document.querySelector(".virtual-list a.ex-row")?.getAttribute("data-run") === run, b, { timeout: 60_000 });
      const expectedB = await oracle(`SELECT run, id FROM judged WHERE run = ${q(b)} AND outcome <> 'C'`);
      expect(expectedB.length).toBeGreaterThan(0);
      expect(Number(await page.getAttribute("#explorer-summary", "data-count"))).toBe(expectedB.length);
      const csvB = csvRowsOf(await exportFigureTable(page, "explorer-rows")).rows;
      expect(csvB.map((r) => `${r.run}|${r.id}`).sort()).toEqual(expectedB);
      expect(e).toEqual([]);
      await page.close();
    });
  });
});

describe("the search worker's client", () => {
  it("says when its worker cannot start, and fails every later search at once; a worker that starts answers", async () => {
    const build = await sharedBuild("default");
    const module = readdirSync(join(build.dist, "_import", "components")).find((f) => /^search-client\.[0-9a-f]{8}\.js$/.test(f));
    const worker = readdirSync(join(build.dist, "_file", "lib")).find((f) => /^search-worker\.[0-9a-f]{8}\.js$/.test(f));
    const files = readdirSync(join(build.dist, "_file", "data", "report"));
    const bin = files.find((f) => /^search-texts\./.test(f)), index = files.find((f) => /^search-index\./.test(f));
    expect([module, worker, bin, index].every(Boolean)).toBe(true);
    const { page, errors: e } = await site.open("/explorer", { ready: "#explorer-summary" });
    // As a string: vitest would rewrite an import() in a function it compiles.
    const outcome = await page.evaluate(`(async () => {
      const { searchClient } = await import("/_import/components/${module}");
      const files = { bin: "/_file/data/report/${bin}", index: "/_file/data/report/${index}" };
      const broken = searchClient("/_file/lib/no-such-worker.js", files);
      const first = await broken.search("the", "any", []).then(() => "answered", (error) => error.message);
      const started = performance.now();
      const later = await broken.search("the", "any", []).then(() => "answered", (error) => error.message);
      const laterMs = performance.now() - started;
      broken.terminate();
      const working = searchClient("/_file/lib/${worker}", files);
      const hits = await working.search("the", "question", []);
      working.terminate();
      return { first, later, laterMs, hits: hits.items.length, runs: [...new Set(hits.runs)] };
    })()`) as { first: string; later: string; laterMs: number; hits: number; runs: number[] };
    expect(outcome.first).toMatch(/^search worker: /);
    expect(outcome.later).toBe(outcome.first);
    expect(outcome.laterMs).toBeLessThan(1_000);
    expect(outcome.hits).toBeGreaterThan(0);
    expect(outcome.runs).toEqual([-1]);
    // the failed worker's own request is the only error the page logs
    expect(e.filter((m) => !/no-such-worker/.test(m))).toEqual([]);
    await page.close();
  });
});
