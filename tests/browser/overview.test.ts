// The overview page in real Chromium, built offline, checked cell by cell against `uvqa score` run on the very
// inputs the build shipped.
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDist } from "../../scripts/serve-dist.js";
import { METRICS } from "../../components/scores.ts";
import { builtReportFile, launchChromium, sharedBuild, siteRoot, uvqaScore } from "./site.ts";
import { reproduceFlags } from "./pages.ts";

interface ScoreRow { run: string; slice: string; metric: string; value: number; n: number; ci_low: number; ci_high: number; judge_failures: number }
interface CellData { run: string; metric: string; slice: string; value: string | null; n: string | null; ciLow: string | null; ciHigh: string | null; failures: string | null; text: string }

// The overview table's metrics (slice "all" and, filtered, a category); the category breakdown shows every
// metric the page knows (components/scores.ts METRICS: the twin-pair shares too).
const PAGE_METRICS = ["f1", "s_acc", "llm_score", "match_score", "s_ex_ref", "s_permis", "s_disc", "s_align"];
const onPage = (r: { slice: string; metric: string }) =>
  r.slice.startsWith("category:") ? (METRICS as readonly string[]).includes(r.metric) : r.slice === "all" && PAGE_METRICS.includes(r.metric);
const key = (r: { run: string; metric: string; slice: string }) => JSON.stringify([r.run, r.slice, r.metric]);

describe("overview page", () => {
  let dist: string;
  let server: { url: string; close: () => Promise<void> };
  let context: BrowserContext;
  let page: Page;
  let cli: ScoreRow[];
  let cells: CellData[];
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    const build = await sharedBuild("default");
    dist = build.dist;
    console.log(`site built in ${build.seconds.toFixed(1)} s`);
    // The command the report prints (meta.reproduce, with its --slice-by), on the files the build shipped.
    const { reproduce } = JSON.parse(readFileSync(builtReportFile(dist, "meta.json"), "utf-8")) as { reproduce: string };
    const out = uvqaScore(siteRoot, {
      items: builtReportFile(dist, "items.jsonl"),
      predictions: builtReportFile(dist, "predictions.jsonl"),
      runs: builtReportFile(dist, "runs-input.json"),
    }, reproduceFlags(reproduce));
    cli = JSON.parse(readFileSync(join(out, "scores.json"), "utf-8"));

    server = await serveDist(dist);
    context = await launchChromium();
    // Every request: anything not served by our 127.0.0.1 server is a leak (CDN, fonts, telemetry).
    context.on("request", (request) => {
      const url = new URL(request.url());
      if (url.protocol === "blob:" || url.protocol === "data:") return;
      if (url.hostname !== "127.0.0.1") foreignRequests.push(request.url());
    });
    page = await context.newPage();
    page.on("console", (message) => { if (message.type() === "error") consoleErrors.push(message.text()); });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    await page.setViewportSize({ width: 1500, height: 1000 });
    await page.goto(server.url);
    await page.waitForSelector("table.overview td.score", { timeout: 30_000 });
    await page.waitForSelector("#breakdown", { timeout: 60_000 }); // DuckDB-WASM start-up, insert and query
    cells = await page.$$eval("td[data-run]", (tds) => tds.map((td) => ({
      run: td.getAttribute("data-run")!, metric: td.getAttribute("data-metric")!, slice: td.getAttribute("data-slice")!,
      value: td.getAttribute("data-value"), n: td.getAttribute("data-n"), ciLow: td.getAttribute("data-ci-low"),
      ciHigh: td.getAttribute("data-ci-high"), failures: td.getAttribute("data-judge-failures"), text: td.textContent ?? "",
    })));
    const shot = join(tmpdir(), `uvqa-overview-${process.pid}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`screenshot: ${shot}`);
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
  });

  it("shows every score of the overall and per-category slices that uvqa score computes, exactly", () => {
    const expected = cli.filter(onPage);
    expect(expected.length).toBeGreaterThan(0);
    const measured = new Map<string, CellData[]>();
    for (const cell of cells.filter((c) => c.value !== null)) measured.set(key(cell), [...(measured.get(key(cell)) ?? []), cell]);
    for (const row of expected) {
      const found = measured.get(key(row)) ?? [];
      expect(found, `cells for ${key(row)}`).toHaveLength(1);
      const [cell] = found;
      expect({ value: Number(cell.value), n: Number(cell.n), ci_low: Number(cell.ciLow), ci_high: Number(cell.ciHigh), judge_failures: Number(cell.failures) }, key(row))
        .toEqual({ value: row.value, n: row.n, ci_low: row.ci_low, ci_high: row.ci_high, judge_failures: row.judge_failures });
      expect(cell.text, key(row)).toContain(`n = ${row.n.toLocaleString("en-US")}`);
    }
    // and nothing else: no cell shows a value the CLI did not compute
    expect(measured.size).toBe(expected.length);
  });

  it("leaves a cell empty only where the CLI has no score", () => {
    const computed = new Set(cli.filter(onPage).map(key));
    for (const cell of cells.filter((c) => c.value === null)) expect(computed.has(key(cell)), key(cell)).toBe(false);
  });

  it("puts both the overall table and the DuckDB category breakdown on the page", () => {
    const slices = new Set(cells.map((c) => c.slice));
    expect(slices.has("all")).toBe(true);
    expect([...slices].some((s) => s.startsWith("category:"))).toBe(true);
    expect(cells.filter((c) => c.slice !== "all").length).toBeGreaterThan(0);
  });

  it("shows the paper's published rows beside the runs, marked as such", async () => {
    const reference = await page.$$eval("td[data-paper]", (tds) => tds.map((td) => ({
      row: td.getAttribute("data-paper"), metric: td.getAttribute("data-metric"), value: td.getAttribute("data-value"),
    })));
    expect(reference).toContainEqual({ row: "VLM-RLAIF (7B) / DPO", metric: "f1", value: "0.66" });
    expect(reference).toContainEqual({ row: "LLaVA-Video-Qwen2 (72B) / prompt-aligned", metric: "llm_score", value: "2.5" });
    expect(await page.locator("tr.paper .badge", { hasText: "paper" }).count()).toBe(7);
  });

  it("labels the built-in judge's match score as a heuristic, not an LLM score", async () => {
    const header = await page.locator('th[data-metric="match_score"]').textContent();
    expect(header).toMatch(/heuristic/);
    expect(header).not.toMatch(/llm/i);
  });

  it("shows each run's coverage and the exact command that reproduces the page", async () => {
    const coverage = JSON.parse(readFileSync(builtReportFile(dist, "coverage.json"), "utf-8")) as Array<{ run: string; judged: number; missing: number }>;
    const rows = await page.$$eval("#coverage tbody tr", (trs) => trs.map((tr) => ({
      run: tr.getAttribute("data-run"), cells: [...tr.querySelectorAll("td")].map((td) => td.textContent?.trim()),
    })));
    expect(rows.map((r) => r.run)).toEqual(coverage.map((c) => c.run));
    for (const [i, c] of coverage.entries()) expect(rows[i]!.cells.slice(2, 4)).toEqual([String(c.judged), String(c.missing)]);
    // Every run's F1 denominator is the number of items judged in it.
    for (const c of coverage) expect(cli.find((r) => r.run === c.run && r.slice === "all" && r.metric === "f1")!.n).toBe(c.judged);
    const meta = JSON.parse(readFileSync(builtReportFile(dist, "meta.json"), "utf-8")) as { reproduce: string };
    expect(await page.locator("#reproduce").textContent()).toBe(meta.reproduce);
    expect(meta.reproduce).toMatch(/^uvqa score --items items.jsonl --predictions predictions.jsonl --runs runs-input.json/);
  });

  it("draws the headline figure (F1 and S_align per run) from the same scores", async () => {
    const dots = await page.$$eval('figure[data-figure="headline"] circle[data-run]', (nodes) => nodes.map((n) => ({
      run: n.getAttribute("data-run")!, slice: n.getAttribute("data-slice")!, metric: n.getAttribute("data-metric")!, value: Number(n.getAttribute("data-value")),
    })));
    const expected = cli.filter((r) => r.slice === "all" && (r.metric === "f1" || r.metric === "s_align") && r.n > 0);
    expect(dots.map(key).sort()).toEqual(expected.map(key).sort());
    for (const dot of dots) expect(dot.value).toBe(expected.find((r) => key(r) === key(dot))!.value);
  });

  it("with a category filter in the link, the table shows that category's scores, exactly", async () => {
    const filtered = await context.newPage();
    await filtered.goto(new URL("?category=object", server.url).href);
    await filtered.waitForSelector('table.overview td.score[data-slice="category:object"]', { timeout: 30_000 });
    const shown = await filtered.$$eval("table.overview td[data-value]", (tds) => tds.map((td) => ({
      run: td.getAttribute("data-run")!, slice: td.getAttribute("data-slice")!, metric: td.getAttribute("data-metric")!, value: Number(td.getAttribute("data-value")),
    })));
    const expected = cli.filter((r) => r.slice === "category:object" && PAGE_METRICS.includes(r.metric));
    expect(shown.map(key).sort()).toEqual(expected.map(key).sort());
    for (const cell of shown) expect(cell.value).toBe(expected.find((r) => key(r) === key(cell))!.value);
    await filtered.close();
  });

  it("with a model filter in the link, the category breakdown shows that model's runs only, and every run again when all models are chosen", async () => {
    const runs = JSON.parse(readFileSync(builtReportFile(dist, "runs.json"), "utf-8")) as Array<{ id: string; model: string }>;
    const model = runs[0]!.model;
    const filtered = await context.newPage();
    await filtered.goto(new URL(`?model=${encodeURIComponent(model)}`, server.url).href);
    await filtered.waitForSelector("#breakdown table", { timeout: 60_000 });
    const visible = () => filtered.$$eval("#breakdown tbody[data-run]", (bodies) =>
      bodies.filter((b) => (b as HTMLElement).offsetParent !== null).map((b) => b.getAttribute("data-run")));
    const mine = runs.filter((r) => r.model === model).map((r) => r.id);
    expect(mine.length).toBeLessThan(runs.length);
    expect(await visible()).toEqual(mine);
    // "all" of the model facet (in its closed dropdown: clicked as a script, as the page bench does).
    await filtered.evaluate(() => document.querySelector<HTMLButtonElement>('details.facet[data-facet="model"] button[aria-label^="select every"]')!.click());
    await expect.poll(visible, { timeout: 30_000 }).toEqual(runs.map((r) => r.id));
    await filtered.close();
  });

  it("logs no console error and requests nothing but 127.0.0.1", () => {
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});

describe("overview page load order", () => {
  it("starts DuckDB-WASM and the slice worker's reads only after the first figure is drawn", async () => {
    const build = await sharedBuild("default");
    const server = await serveDist(build.dist);
    const context = await launchChromium();
    try {
      // Both clocks are this machine's wall clock: the page records when its first figure was drawn.
      await context.addInitScript(`addEventListener("uvqa:figure", () => { window.__firstFigure ??= Date.now(); });`);
      const requested = new Map<string, number>();
      context.on("request", (request) => {
        const path = new URL(request.url()).pathname;
        for (const name of ["outcomes", "items", "duckdb-browser-eh.worker", "slices-worker"]) {
          if (path.includes(`/${name}.`) && !requested.has(name)) requested.set(name, Date.now());
        }
      });
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForSelector("#breakdown", { timeout: 60_000 });
      await expect.poll(() => requested.has("outcomes"), { timeout: 30_000 }).toBe(true);
      const first = await page.evaluate(() => (window as unknown as { __firstFigure?: number }).__firstFigure ?? null);
      expect(first).not.toBeNull();
      for (const name of ["outcomes", "items", "duckdb-browser-eh.worker", "slices-worker"]) {
        expect(requested.get(name), name).toBeGreaterThanOrEqual(first!);
      }
    } finally {
      await context.close();
      await server.close();
    }
  }, 300_000);
});
