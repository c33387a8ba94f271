// /notebook in Chromium: the tables it documents are the files the build wrote (every column, its Arrow type) and
// the page shows exactly that documentation; the SQL cells run in DuckDB-WASM, re-run when edited, keep edited SQL
// in the link, show errors as text and download their result; the Plot cell draws with hooks and exports; /compare's
// transition SQL, run here, counts what `uvqa score` counts.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { tableFromIPC, type DataType } from "apache-arrow";
import { csvParse } from "d3";
import { parquetReadObjects } from "hyparquet";
import { JSDOM } from "jsdom";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { skipWithoutPublicData } from "../public-data.ts";
import { transitionSql } from "../../components/compare.ts";
import { svgProvenance } from "../../components/export.ts";
import { reportTableDocs } from "../../loaders/pipeline/table-docs.ts";
import { builtReportFile, sharedBuild, siteRoot } from "./site.ts";
import { exportFigure, openSite, type Site } from "./pages.ts";

// Each test runs the CLI on the build's inputs (1,000 resamples; the public data) and drives Chromium: on a shared
// 2-core machine that can take longer than the 30 s default.
vi.setConfig({ testTimeout: 180_000 });

const DATA_DIR = resolve(siteRoot, process.env.UVQA_TEST_DATA_DIR ?? "../shared/uvqa");

/** The documented type of an Arrow field ("dictionary string", "int32", ...; JSON columns are strings). */
function arrowType(type: DataType): string[] {
  const text = String(type);
  if (text.startsWith("Dictionary")) return ["dictionary string"];
  return ({ Int32: ["int32"], Float64: ["float64"], Bool: ["bool"], Utf8: ["string", "string (JSON)"] } as Record<string, string[]>)[text] ?? [text];
}

/** A file of the build's report: the report folder the build wrote, else the copy the site serves. */
function reportFile(root: string, dist: string, name: string): string {
  const folder = join(root, "data", "cache", "report", name);
  return existsSync(folder) ? folder : builtReportFile(dist, name);
}

async function cellRows(page: Page, id: string): Promise<string[][]> {
  return page.$$eval(`section[data-cell="${id}"] table.sql-result tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
}
async function settled(page: Page, id: string) {
  await page.waitForFunction((id) => {
    const status = document.querySelector(`section[data-cell="${id}"] .sql-status`)?.textContent ?? "";
    return status !== "" && !status.startsWith("running");
  }, id, { timeout: 60_000 });
}

describe("/notebook", () => {
  let site: Site;
  let root: string;
  let dist: string;
  beforeAll(async () => {
    ({ root, dist } = await sharedBuild("default"));
    site = await openSite(dist);
  });
  afterAll(async () => {
    await site?.close();
  });

  it("documents exactly the tables the build wrote: every column of every Arrow file with its type, the JSON files' keys", () => {
    for (const doc of reportTableDocs()) {
      const arrow = doc.files.find((f) => f.endsWith(".arrow"));
      if (arrow) {
        const table = tableFromIPC(readFileSync(reportFile(root, dist, arrow)));
        expect(table.schema.fields.map((f) => f.name), arrow).toEqual(doc.columns.map((c) => c.name));
        for (const [i, f] of table.schema.fields.entries()) expect(arrowType(f.type), `${arrow}: ${f.name}`).toContain(doc.columns[i]!.type.replace(/, null$/, ""));
      }
    }
    const documented = (name: string) => reportTableDocs().find((t) => t.name === name)!.columns.flatMap((c) => c.name.split(", "));
    const meta = JSON.parse(readFileSync(reportFile(root, dist, "meta.json"), "utf8")) as Record<string, unknown>;
    expect(Object.keys(meta).filter((k) => !documented("meta.json").includes(k))).toEqual([]);
    const coverage = JSON.parse(readFileSync(reportFile(root, dist, "coverage.json"), "utf8")) as Array<Record<string, unknown>>;
    expect(Object.keys(coverage[0]!).sort()).toEqual([...documented("coverage.json")].sort());
  });

  it("shows that documentation, table by table and column by column", async () => {
    const { page, errors, foreign } = await site.open("/notebook", { ready: ".table-docs section[data-table]" });
    const shown = await page.$$eval(".table-docs section[data-table]", (sections) => sections.map((s) => ({
      name: s.getAttribute("data-table"),
      columns: [...s.querySelectorAll("tr[data-column]")].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)),
    })));
    expect(shown).toEqual(reportTableDocs().map((t) => ({ name: t.name, columns: t.columns.map((c) => [c.name, c.type, c.meaning.replace(/`/g, "")]) })));
    await settled(page, "scores");
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it("runs its SQL in DuckDB-WASM: the scores cell holds scores.json's rows for all items, with their hooks", async () => {
    const { page } = await site.open("/notebook", { ready: 'section[data-cell="scores"] .sql-status' });
    await settled(page, "scores");
    const scores = (JSON.parse(readFileSync(reportFile(root, dist, "scores.json"), "utf8")) as Array<{ run: string; slice: string; metric: string; value: number }>).filter((s) => s.slice === "all");
    const hooks = await page.$$eval('section[data-cell="scores"] td[data-value]', (tds) => tds.map((td) => `${td.getAttribute("data-run")}/${td.getAttribute("data-slice")}/${td.getAttribute("data-metric")}=${Number(td.getAttribute("data-value"))}`));
    expect(hooks.sort()).toEqual(scores.map((s) => `${s.run}/${s.slice}/${s.metric}=${s.value}`).sort());
    await page.close();
  });

  it("an edited query runs again and goes into the link, which restores it; an error is shown as text; the CSV is the result", async () => {
    const { page, errors } = await site.open("/notebook", { ready: 'section[data-cell="scores"] .sql-status' });
    await settled(page, "scores");
    const sql = "SELECT metric, count(*) AS runs, max(value) AS best FROM scores WHERE slice = 'all' GROUP BY metric ORDER BY metric";
    await page.fill('section[data-cell="scores"] textarea', sql);
    await page.click('section[data-cell="scores"] button.sql-run');
    await page.waitForFunction(() => document.querySelector('section[data-cell="scores"] thead th')?.textContent === "metric");
    const rows = await cellRows(page, "scores");
    expect(rows.length).toBeGreaterThan(3);
    expect(new URL(page.url()).searchParams.get("sql-scores")).toBe(sql);

    const csv = csvParse((await (async () => {
      const [download] = await Promise.all([page.waitForEvent("download"), page.click('section[data-cell="scores"] button.table-csv')]);
      return readFileSync((await download.path())!, "utf8");
    })()).split("\n").filter((l) => !l.startsWith("#")).join("\n"));
    expect(csv.map((r) => [r.metric, r.runs, r.best])).toEqual(rows);

    const copy = await site.open(new URL(page.url()).pathname + new URL(page.url()).search, { ready: 'section[data-cell="scores"] .sql-status' });
    await settled(copy.page, "scores");
    expect(await copy.page.inputValue('section[data-cell="scores"] textarea')).toBe(sql);
    expect(await cellRows(copy.page, "scores")).toEqual(rows);
    await copy.page.close();

    await page.fill('section[data-cell="scores"] textarea', "SELECT nope FROM scores");
    await page.press('section[data-cell="scores"] textarea', "Control+Enter");
    await page.waitForSelector('section[data-cell="scores"] pre.sql-error:not([hidden])');
    expect(await page.textContent('section[data-cell="scores"] pre.sql-error')).toContain("nope");
    expect(await page.$('section[data-cell="scores"] table.sql-result')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the Plot cell draws its query with score hooks, a channel picked goes into the link, the SVG exports with provenance", async () => {
    const { page, errors } = await site.open("/notebook", { ready: 'section[data-cell="plot"] figure circle[data-run]' });
    const dots = await page.$$eval('section[data-cell="plot"] figure circle[data-run]', (c) => c.length);
    const expected = (JSON.parse(readFileSync(reportFile(root, dist, "scores.json"), "utf8")) as Array<{ slice: string; metric: string }>).filter((s) => s.metric === "s_acc" && s.slice.startsWith("category:"));
    expect(dots).toBe(expected.length);
    await page.selectOption('section[data-cell="plot"] select[data-channel="mark"]', "barX");
    await page.waitForFunction(() => document.querySelectorAll('section[data-cell="plot"] figure rect[data-run]').length > 0);
    expect(new URL(page.url()).searchParams.get("plot-mark")).toBe("barX");
    const svg = new JSDOM(await exportFigure(page, "plot", "svg"), { contentType: "image/svg+xml" }).window.document;
    expect(svg.querySelector("parsererror")).toBeNull();
    expect(svgProvenance(svg)!.figure).toContain("SQL: SELECT run, slice, metric, value");
    expect(svg.querySelectorAll("rect[data-run]").length).toBe(expected.length);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("/compare's transition SQL, run in a cell, counts what uvqa score counts with B given A as its baseline", async () => {
    const runs = JSON.parse(readFileSync(reportFile(root, dist, "runs-input.json"), "utf8")) as Array<{ id: string; baseline: string | null }>;
    const aligned = runs.find((r) => r.baseline)!;
    const [a, b] = [aligned.id, aligned.baseline!]; // the other way round: not in the report's transitions table
    const slices = ["all", "category:object", "category:answerable"];
    const { page } = await site.open(`/notebook?sql-moved=${encodeURIComponent(transitionSql({ a, b }, slices))}`, { ready: 'section[data-cell="moved"] .sql-status' });
    await settled(page, "moved");
    const rows = (await cellRows(page, "moved")).map(([slice, table, from, to, count]) => `${slice}/${table}/${from}${to}=${count}`);

    const dir = mkdtempSync(join(tmpdir(), "uvqa-notebook-"));
    writeFileSync(join(dir, "runs.json"), JSON.stringify([{ ...runs.find((r) => r.id === a)!, baseline: null }, { ...runs.find((r) => r.id === b)!, baseline: a }]));
    const result = spawnSync(process.execPath, [join(root, "bin", "uvqa.js"), "score", "--items", reportFile(root, dist, "items.jsonl"), "--predictions", reportFile(root, dist, "predictions.jsonl"),
      "--runs", join(dir, "runs.json"), "--resamples", "0", "--out", join(dir, "out")], { cwd: root, encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    const buffer = readFileSync(join(dir, "out", "transitions.parquet"));
    const cli = (await parquetReadObjects({ file: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) })) as Array<{ run: string; slice: string; table: string; from: string; to: string; count: number }>;
    const expected = cli.filter((t) => t.run === b && slices.includes(t.slice) && Number(t.count) > 0).map((t) => `${t.slice}/${t.table}/${t.from}${t.to}=${t.count}`);
    expect(rows.sort()).toEqual(expected.sort());
    await page.close();
  });
});

// Never skipped in CI: there a missing folder fails the suite (tests/public-data.ts).
if (!skipWithoutPublicData("eval_object.json", process.env, DATA_DIR)) {
  describe("/notebook on the public data", () => {
    let site: Site;
    beforeAll(async () => {
      site = await openSite((await sharedBuild("uvqa", { UVQA_DATA_DIR: DATA_DIR })).dist);
    });
    afterAll(async () => {
      await site?.close();
    });
    it("loads every table and runs every cell with no error", async () => {
      const { page, errors, foreign } = await site.open("/notebook", { ready: 'section[data-cell="plot"] figure circle[data-run]' });
      for (const id of ["scores", "refusals", "moved"]) {
        await settled(page, id);
        expect(await page.$(`section[data-cell="${id}"] pre.sql-error:not([hidden])`), id).toBeNull();
        expect((await cellRows(page, id)).length, id).toBeGreaterThan(0);
      }
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
      await page.close();
    });
  });
}

describe("/notebook on a report with a single run (empty transitions and comparisons)", () => {
  let site: Site;
  beforeAll(async () => {
    site = await openSite((await sharedBuild("unaligned", { UVQA_CONFIG: "tests/browser/unaligned.config.ts" })).dist);
  });
  afterAll(async () => {
    await site?.close();
  });
  it("loads every table, the empty ones too, and queries them", async () => {
    const sql = "SELECT (SELECT count(*) FROM transitions) AS transitions, (SELECT count(*) FROM comparisons) AS comparisons, (SELECT count(*) FROM disagreements) AS disagreements, (SELECT count(*) FROM scores) > 0 AS scores";
    const { page, errors, foreign } = await site.open(`/notebook?sql-scores=${encodeURIComponent(sql)}`, { ready: 'section[data-cell="scores"] .sql-status' });
    await settled(page, "scores");
    expect(await page.$('section[data-cell="scores"] pre.sql-error:not([hidden])')).toBeNull();
    expect(await cellRows(page, "scores")).toEqual([["0", "0", "0", "true"]]);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });
});
