// `npm run bench -- pages`: the pages at scale, as a reader meets them. For each size in PAGES_N (default
// "default,1000000": the repository's own build, then 1M generated responses), builds the site (`npm run build`,
// measured by bench/build-at.ts; generated data sets come from bench/generate.ts, 10 runs unless PAGES_RUNS says
// otherwise), serves dist/ with scripts/serve-dist.js and drives headless Chromium (bench/page-driver.ts) through:
//   first figures on / and /categories (navigation start -> the first `uvqa:figure`'s frame painted),
//   filter changes to every figure redrawn and painted: precomputed slices (model, variant and category toggles on
//     /categories, model and variant toggles on /) and ad-hoc slices scored in the Web Worker (a walk of category,
//     dataset and model toggles over combinations the build did not precompute, each new to the page's cache),
//   drill-down into a run (/explorer?run=<id> -> first rows) and the DOM row count as the list scrolls,
//   item view (/explorer?item=<id>&run=<run>, and a click on a row), search in one run and in every run,
//   peak JS heap and Chromium's RSS, dist/ size, build time and peak RSS.
// PAGES_SKIP_BUILD=1 measures the dist/ already there (the last build's figures are then not printed).
// Prints figures beside the issue's targets; never asserts.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { buildAt, type BuildAt } from "./build-at.ts";
import { generate, REPO, type Generated } from "./generate.ts";
import {
  adhocWalk, bodyTime, facetOptions, figureIds, figuresSettled, mark, precomputedToggles, rewatch, startSession, toggleFacet,
  type Change, type Session,
} from "./page-driver.ts";
import { itemsFor, median, ms, parsePagesN, percentile, spread, verdict, type PageSize } from "./page-stats.ts";

const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
const CHANGES = Number(process.env.PAGES_CHANGES ?? 20);
const TIMEOUT = Number(process.env.PAGES_TIMEOUT_MS ?? 180_000);

interface Row { measure: string; value: string; target: string; verdict: string }

/** The issue's targets: at 1M responses, and at 10M where it names one. */
const TARGETS = {
  first: { at1M: 1000, at10M: 1000 },
  precomputed: { at1M: 100, at10M: null },
  adhoc: { at1M: 500, at10M: null },
  item: { at1M: 250, at10M: 500 },
  searchRun: { at1M: 200, at10M: null },
  drill: { at1M: null, at10M: 2000 },
} as const;

function target(kind: keyof typeof TARGETS, responses: number): { text: string; limit: number | null } {
  const t = TARGETS[kind];
  const text = [t.at1M !== null ? `<= ${t.at1M} ms at 1M` : "", t.at10M !== null ? `<= ${t.at10M} ms at 10M` : ""].filter(Boolean).join(", ");
  // Judged against the target of the nearest named size: 10M from 5M responses up, 1M from 500k up.
  const limit = responses >= 5_000_000 ? t.at10M : responses >= 500_000 ? t.at1M : null;
  return { text, limit };
}

function git(...args: string[]): string {
  try {
    return execFileSync("git", ["-C", REPO, ...args], { encoding: "utf8" }).trim();
  } catch {
    return "?";
  }
}

/** The build of the repository's own config (no generated data): buildAt with the default config and cache. */
function defaultBuild(): Generated {
  return { dir: REPO, config: join(REPO, "uvqa.config.ts"), cache: "", items: 0, runs: 0, predictions: 0, seconds: { generate: 0, import: 0 } };
}

export default async function (): Promise<void> {
  const sizes = parsePagesN(process.env.PAGES_N);
  console.log(`code: ${git("log", "-1", "--format=%h %s").slice(0, 140)} (${REPO})`);
  for (const size of sizes) await measureSize(size);
}

async function measureSize(size: PageSize): Promise<void> {
  const runs = Number(process.env.PAGES_RUNS ?? 10);
  let generated: Generated;
  if (size.kind === "default") {
    console.log("\n### default build (npm run build on the repository's own config)");
    generated = defaultBuild();
  } else {
    const items = itemsFor(size.responses, runs);
    console.log(`\n### ${size.responses.toLocaleString("en-US")} responses (${runs} runs x ${items.toLocaleString("en-US")} items)`);
    generated = await generate({ items, runs });
    if (generated.seconds.import) console.log(`data set generated in ${generated.seconds.generate.toFixed(1)} s, imported in ${generated.seconds.import.toFixed(1)} s`);
    console.log(`data set: ${generated.predictions.toLocaleString("en-US")} predictions (${generated.dir})`);
  }
  const responses = size.kind === "default" ? 0 : generated.predictions;
  const rows: Row[] = [];
  const add = (measure: string, value: string, kind?: keyof typeof TARGETS, measured?: number) => {
    const t = kind ? target(kind, responses) : { text: "", limit: null };
    rows.push({ measure, value, target: t.text, verdict: measured === undefined ? "" : verdict(measured, t.limit) });
  };

  let build: BuildAt | null = null;
  const loadBefore = load();
  if (process.env.PAGES_SKIP_BUILD === "1" && existsSync(join(REPO, "dist"))) console.log("PAGES_SKIP_BUILD=1: measuring the dist/ already built");
  else {
    build = await buildAt(generated, { args: ["--offline"] });
    add("build time (s wall; CPU s of the build's processes)", `${build.seconds.toFixed(1)}; ${build.cpuSeconds === null ? "–" : build.cpuSeconds.toFixed(1)}`);
    add("build peak RSS (MB, process tree / largest process)", `${Math.round(build.peakRssMb)} / ${Math.round(build.peakProcessRssMb)}`);
    add("dist size (MB)", mb(build.distBytes));
  }
  const loadAfterBuild = load();

  const session = await startSession(join(REPO, "dist"));
  try {
    await measurePages(session, add, responses);
  } finally {
    const memory = session.memory();
    add(`peak JS heap (MB; CDP Performance.getMetrics JSHeapUsedSize of the page${memory.workers ? " + Runtime.getHeapUsage of its workers" : ", main thread only: workers not reachable"})`,
      `${memory.peakHeapMb.toFixed(1)} (main thread alone ${memory.peakMainHeapMb.toFixed(1)})`);
    add("peak RSS of Chromium's processes (MB, summed; WASM memory included)", memory.peakChromiumRssMb.toFixed(0));
    await session.close();
  }
  console.table(rows);
  if (build) {
    console.log("largest dist files:");
    for (const f of build.distFiles.slice(0, 8)) console.log(`  ${mb(f.bytes).padStart(8)} MB  ${f.path}`);
    console.log(`build's largest process: ${build.peakProcess}`);
    for (const line of build.phases) console.log(`build: ${line}`);
  }
  console.log(`load average: ${loadBefore} before the build, ${loadAfterBuild} after it, ${load()} after the pages (1, 5, 15 min; ${availableParallelism()} cores)`);
}

type Add = (measure: string, value: string, kind?: keyof typeof TARGETS, measured?: number) => void;

/** Runs `step`, printing a failure as the figure's value instead of stopping the bench. */
async function attempt(add: Add, measure: string, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    add(measure, `failed: ${(error as Error).message.split("\n")[0]!.slice(0, 160)}`);
  }
}

async function sizesOf(page: Page): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const facet of ["dataset", "category", "model", "prompt", "variant"]) out[facet] = (await facetOptions(page, facet)).length;
  return out;
}

/** Bytes (encoded body) and count of the resources a page had fetched by `t` on its clock. */
async function fetchedBefore(page: Page, t: number): Promise<string> {
  const [bytes, count] = await page.evaluate((limit) => {
    const done = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((r) => r.responseEnd <= limit);
    return [done.reduce((sum, r) => sum + r.encodedBodySize, 0), done.length];
  }, t);
  return `${mb(bytes)} MB, ${count} requests`;
}

function changeRows(add: Add, label: string, changes: Change[], kind: "precomputed" | "adhoc"): void {
  const done = changes.filter((c) => !c.timedOut && Number.isFinite(c.paintedMs));
  const times = done.map((c) => c.paintedMs);
  const p95 = percentile(times, 95);
  add(`filter change, ${label} (ms, to all figures redrawn and painted)`, spread(times), kind, p95);
  add(`  to the last figure made (before its layout and paint)`, spread(done.map((c) => c.ms)));
  const worker = changes.flatMap((c) => c.workerMs);
  const withWorker = changes.filter((c) => c.workerMs.length > 0).length;
  add(`  of which in the slice worker (worker ms, lastMs)`, `${withWorker} of ${changes.length} changes; ${spread(worker)}`);
  const timedOut = changes.filter((c) => c.timedOut).length;
  if (timedOut) add(`  changes that did not redraw every figure in time`, String(timedOut));
}

async function measurePages(session: Session, add: Add, responses: number): Promise<void> {
  // First figures: navigation start -> the first uvqa:figure (a cold HTTP cache: a fresh profile).
  let overview: Page | null = null;
  let runIds: string[] = [];
  await attempt(add, "first figures on / (ms)", async () => {
    overview = await session.open("/");
    const figures = await figuresSettled(overview);
    add(`first figures on / (ms, navigation start -> first figure painted; made at ${ms(figures[0]!.t)}; the session's first page)`, ms(figures[0]!.painted), "first", figures[0]!.painted);
    add("  fetched before it (MB, requests)", await fetchedBefore(overview, figures[0]!.t));
    runIds = await overview.$$eval("#coverage tr[data-run]", (rows) => rows.map((r) => r.getAttribute("data-run")!));
  });
  let categories: Page | null = null;
  await attempt(add, "summary on /categories (ms)", async () => {
    // The overview goes on loading (its worker's tables, DuckDB) after its first figure: let it finish first.
    await (overview as Page | null)?.waitForLoadState("networkidle").catch(() => {});
    categories = await session.open("/categories");
    const figures = await figuresSettled(categories);
    add(`summary on /categories (ms, navigation start -> first figure painted; made at ${ms(figures[0]!.t)})`, ms(figures[0]!.painted), "first", figures[0]!.painted);
    add("  fetched before it (MB, requests)", await fetchedBefore(categories, figures[0]!.t));
    await categories.waitForLoadState("networkidle").catch(() => {});
  });
  for (const cold of [true, false]) {
    await attempt(add, `first figures on /, ${cold ? "cold" : "warm"} HTTP cache (ms)`, async () => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const page = await session.open("/", {}, { clearCache: cold });
        times.push((await figuresSettled(page))[0]!.painted);
        await page.waitForLoadState("networkidle").catch(() => {});
        await page.close();
      }
      add(`first figures on /, a new tab, ${cold ? "HTTP cache cleared (CDP Network.clearBrowserCache)" : "warm HTTP cache"} (ms, median of 3: ${times.map(ms).join(", ")})`,
        ms(median(times)), "first", median(times));
    });
  }

  // Filter changes on precomputed slices.
  await attempt(add, "filter change, precomputed, /categories", async () => {
    const page = categories!;
    await page.bringToFront();
    const ids = await figureIds(page);
    const changes: Change[] = [];
    for (const toggle of precomputedToggles(await sizesOf(page), CHANGES, true)) changes.push(await toggleFacet(page, toggle, ids));
    changeRows(add, `precomputed slices, /categories (${[...new Set(changes.map((c) => c.label.split(" ")[0]))].join(", ")} toggles)`, changes, "precomputed");
  });
  await attempt(add, "filter change, precomputed, /", async () => {
    const page = overview!;
    await page.bringToFront();
    const ids = await figureIds(page);
    const changes: Change[] = [];
    for (const toggle of precomputedToggles(await sizesOf(page), CHANGES, false)) changes.push(await toggleFacet(page, toggle, ids));
    changeRows(add, `precomputed slice "all", / (${[...new Set(changes.map((c) => c.label.split(" ")[0]))].join(", ")} toggles)`, changes, "precomputed");
  });
  // Ad-hoc slices: combinations the build did not precompute, scored in the worker with the report's resamples.
  await attempt(add, "filter change, ad-hoc, /", async () => {
    const page = overview!;
    await page.bringToFront();
    const ids = await figureIds(page);
    const sizes = await sizesOf(page);
    const walk = adhocWalk(sizes, CHANGES);
    const changes: Change[] = [];
    for (const toggle of walk) changes.push(await toggleFacet(page, toggle, ids));
    changeRows(add, `ad-hoc slice in the worker, / (${[...new Set(walk.map((t) => t.facet))].join(", ")} toggles over ${Object.entries(sizes).filter(([f]) => ["dataset", "category", "model"].includes(f)).map(([f, n]) => `${f}: ${n} values`).join(", ")})`, changes, "adhoc");
  });
  for (const page of [overview, categories] as Array<Page | null>) await page?.close();

  // Drill-down into a run: /explorer?run=<id> -> its first rows; the DOM rows as the list scrolls.
  const run = runIds.at(-1) ?? "";
  let itemIds: string[] = [];
  let words: string[] = [];
  await attempt(add, "drill-down into a run (ms)", async () => {
    if (!run) throw new Error("no run found on / (#coverage)");
    const page = await session.open(`/explorer?run=${encodeURIComponent(run)}`, { rows: ".virtual-list a.ex-row" });
    const t = await mark(page, "rows");
    const count = await page.$eval("#explorer-summary", (n) => Number(n.getAttribute("data-count")));
    add(`drill-down into run ${run} (ms, navigation start -> rows visible; ${count.toLocaleString("en-US")} rows)`, ms(t), "drill", t);
    const inDom = () => page.$$eval(".virtual-list [role=row]", (r) => r.length);
    await page.waitForFunction(() => [...document.querySelectorAll(".virtual-list .ex-response")].some((n) => n.textContent !== "…"));
    const samples = [await inDom()];
    itemIds = await page.$$eval(".virtual-list a.ex-row", (rows) => rows.map((r) => r.getAttribute("data-item")!));
    words = await page.$$eval(".virtual-list .ex-response", (nodes) => nodes.map((n) => n.textContent ?? ""));
    for (const where of [0.5, 1]) {
      await page.$eval(".virtual-list", (box, w) => { box.scrollTop = (box.scrollHeight - box.clientHeight) * w; }, where);
      const index = where === 1 ? count : null;
      if (index !== null) await page.waitForSelector(`.virtual-list [aria-rowindex="${index}"]`);
      else await page.waitForFunction(() => Number(document.querySelector(".virtual-list [role=row]")?.getAttribute("aria-rowindex")) > 1);
      samples.push(await inDom());
    }
    add("DOM rows of the list (top, scrolled halfway, at the end)", samples.join(", "));
    // Once the rows show, the page loads the run into DuckDB and reads its responses in idle time (src/explorer.md).
    const prefetch = await page.waitForFunction(() => document.body.dataset.explorerPrefetchMs ?? null, null, { timeout: TIMEOUT })
      .then((h) => h.jsonValue()).catch(() => null);
    add("  background after the rows: run into DuckDB, its responses and the items' texts read (ms, page's explorerPrefetchMs)", prefetch === null ? "not reported" : ms(Number(prefetch)));

    // Item view by selection: a click on a row -> the item panel in the DOM.
    const wall: number[] = [], own: number[] = [];
    await page.$eval(".virtual-list", (box) => { box.scrollTop = 0; });
    for (const id of itemIds.slice(1, 6)) {
      await page.waitForSelector(`.virtual-list a.ex-row[data-item="${id}"]`);
      await rewatch(page, "item", `section.item-view[data-item="${id}"]`);
      const writes = await page.evaluate(() => window.__bench.item.length);
      const t0 = await page.evaluate((i) => {
        const row = document.querySelector<HTMLElement>(`.virtual-list a.ex-row[data-item="${i}"]`)!;
        const t = performance.now();
        row.click();
        return t;
      }, id);
      wall.push((await mark(page, "item")) - t0);
      own.push((await bodyTime(page, "item", writes + 1)).ms);
    }
    add("item view after a click on a row (ms, wall: click -> panel in the DOM)", spread(wall), "item", median(wall));
    add("  the page's own itemViewMs", spread(own));
    await page.close();
  });

  // Item view from a link.
  await attempt(add, "item view from a link (ms)", async () => {
    if (!itemIds.length) throw new Error("no item ids (the drill-down failed)");
    const wall: number[] = [], own: number[] = [];
    for (const id of itemIds.slice(-3)) {
      const page = await session.open(`/explorer?item=${encodeURIComponent(id)}&run=${encodeURIComponent(run)}`, { item: "section.item-view" });
      wall.push(await mark(page, "item"));
      own.push((await bodyTime(page, "item", 1)).ms);
      await page.close();
    }
    add("item view from a link, /explorer?item=&run= (ms, page's itemViewMs; 3 items, each a new page, the first with a cold HTTP cache)", own.map(ms).join(", "), "item", median(own));
    add("  wall: navigation start -> item panel in the DOM", wall.map(ms).join(", "));
  });

  // Search: the page's explorerSearchMs for a first search (navigation with q=) and a repeat (a second word).
  const pickWords = (texts: string[]): string[] => {
    const all = texts.flatMap((t) => t.toLowerCase().match(/[a-z]{5,}/g) ?? []);
    const counts = new Map<string, number>();
    for (const w of all) counts.set(w, (counts.get(w) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([w]) => w);
  };
  // The commonest word of the first rows' responses (many hits), then the rarest (few).
  const chosen = pickWords(words);
  const [first, second] = [chosen.at(-1) ?? "video", chosen[0] ?? "cannot"];
  // A first search typed once the run's list is shown: the page has read the run's responses in idle time by then.
  await attempt(add, "search in one run, typed after the list (ms)", async () => {
    const page = await session.open(`/explorer?run=${encodeURIComponent(run)}`, { rows: ".virtual-list a.ex-row" });
    await mark(page, "rows");
    await bodyTime(page, "search", 1); // the load's own write (no search: 0)
    const waited = performance.now();
    await page.waitForFunction(() => document.body.dataset.explorerPrefetched !== undefined, null, { timeout: TIMEOUT });
    const waitedMs = performance.now() - waited;
    const t0 = await typeSearch(page, first);
    const typed = await bodyTime(page, "search", 2);
    await page.waitForFunction(() => document.querySelector("#explorer-summary")?.textContent?.includes("search"), null, { timeout: TIMEOUT });
    const count = await page.$eval("#explorer-summary", (n) => Number(n.getAttribute("data-count")));
    add(`search in one run, first typed after the list is shown (ms, explorerSearchMs; "${first}", ${count.toLocaleString("en-US")} rows; wall to the page's write ${ms(typed.t - t0)}; waited ${ms(waitedMs)} after the rows for the background read)`,
      ms(typed.ms), "searchRun", typed.ms);
    await page.close();
  });
  for (const scope of ["one run", "all runs"] as const) {
    await attempt(add, `search in ${scope} (ms)`, async () => {
      const runPart = scope === "one run" ? `&run=${encodeURIComponent(run)}` : "";
      const page = await session.open(`/explorer?q=${encodeURIComponent(first)}${runPart}`);
      const firstSearch = await bodyTime(page, "search", 1);
      const count = await page.$eval("#explorer-summary", (n) => Number(n.getAttribute("data-count"))).catch(async () => {
        await page.waitForSelector("#explorer-summary");
        return page.$eval("#explorer-summary", (n) => Number(n.getAttribute("data-count")));
      });
      const t0 = await typeSearch(page, second);
      const repeat = await bodyTime(page, "search", 2);
      add(`search in ${scope}, first, from a link (q= in the URL: nothing read before; ms, page's explorerSearchMs; "${first}", ${count.toLocaleString("en-US")} rows; wall from navigation start to the page's write ${ms(firstSearch.t)})`, ms(firstSearch.ms), scope === "one run" ? "searchRun" : undefined, firstSearch.ms);
      add(`search in ${scope}, repeat (ms, explorerSearchMs; "${second}"; wall to the page's write ${ms(repeat.t - t0)})`, ms(repeat.ms), scope === "one run" ? "searchRun" : undefined, repeat.ms);
      await page.close();
    });
  }
  void responses;
}

/** Types `word` into the explorer's search and submits it; the page's clock at the submit. */
function typeSearch(page: Page, word: string): Promise<number> {
  return page.evaluate((text) => {
    const input = document.querySelector<HTMLInputElement>('input[placeholder="words in the text (any case)"]')!;
    // As typing does: the input event enables the search button, whose click submits the word.
    input.value = text;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    const t = performance.now();
    input.form!.querySelector<HTMLButtonElement>("button[type=submit]")!.click();
    return t;
  }, word);
}
