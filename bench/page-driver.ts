// The page bench's Chromium driver: serves a built dist/ with the project's own static server (byte ranges, which
// the explorer's hyparquet reads need), opens headless Chromium (playwright-core, /usr/bin/chromium) and times
// what a reader waits for. Every time is taken in the page, on the page's clock (performance.now(), 0 = navigation
// start): an init script records each `uvqa:figure` event (components/figure.ts), each reply of the slice worker
// that carries `ms` (its compute time, what slice-client.ts keeps as `lastMs`), when chosen elements first enter
// the DOM, and each write of `data-explorer-search-ms` / `data-item-view-ms` on <body> (src/explorer.md).
// Peak JS heap: CDP `Performance.getMetrics` (JSHeapUsedSize: the page's main thread) on every page, plus
// `Runtime.getHeapUsage` of its dedicated workers (the slice worker, DuckDB-WASM's worker) reached through CDP
// auto-attach, sampled every 250 ms; and the peak summed RSS of Chromium's processes from /proc (WASM memory and
// ArrayBuffers are outside the JS heap, so this is the fuller figure). Figures only; nothing is asserted.
import { mkdtempSync } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type CDPSession, type Page } from "playwright-core";
import { serveDist } from "../scripts/serve-dist.js";
import { adhocWalk, type Toggle } from "./page-stats.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TIMEOUT = Number(process.env.PAGES_TIMEOUT_MS ?? 180_000);

/** Installed in every page before its scripts run (as a string: it runs in the browser). */
const INIT = `(() => {
  const b = window.__bench = { figures: [], painted: [], worker: [], marks: {}, watch: {}, search: [], item: [] };
  addEventListener("uvqa:figure", (e) => {
    const id = e.detail && e.detail.id;
    b.figures.push({ t: performance.now(), id });
    // Painted: the task after the next animation frame, which lays out and paints what the figure's cell added.
    requestAnimationFrame(() => setTimeout(() => b.painted.push({ t: performance.now(), id }), 0));
  });
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (e) => {
        const d = e.data;
        if (d && typeof d === "object" && typeof d.ms === "number") b.worker.push({ t: performance.now(), type: String(d.type), ms: d.ms });
      });
    }
  };
  const check = () => {
    const now = performance.now();
    for (const [key, selector] of Object.entries(b.watch)) if (!(key in b.marks) && document.querySelector(selector)) b.marks[key] = now;
  };
  const observer = new MutationObserver((records) => {
    const now = performance.now();
    for (const r of records) {
      if (r.type !== "attributes" || r.target !== document.body) continue;
      const value = Number(document.body.getAttribute(r.attributeName));
      (r.attributeName === "data-explorer-search-ms" ? b.search : b.item).push({ t: now, ms: value, href: location.href });
    }
    check();
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-explorer-search-ms", "data-item-view-ms"] });
  b.check = check;
})();`;

interface BenchState {
  figures: Array<{ t: number; id: string }>;
  /** Each figure's next frame done (laid out and painted): see INIT. */
  painted: Array<{ t: number; id: string }>;
  worker: Array<{ t: number; type: string; ms: number }>;
  marks: Record<string, number>;
  search: Array<{ t: number; ms: number; href: string }>;
  item: Array<{ t: number; ms: number; href: string }>;
}

declare global {
  interface Window { __bench: BenchState & { watch: Record<string, string>; check(): void } }
}

/**
 * A filter change: wall ms from the input change to the last `uvqa:figure` (`ms`) and to that figure's frame
 * painted (`paintedMs`: a figure drawn in a ResizeObserver callback is made after one layout, so `ms` alone
 * flatters it), and what the worker reported.
 */
export interface Change { label: string; ms: number; paintedMs: number; figures: number; workerMs: number[]; timedOut: boolean }

export interface Memory {
  /** Peak of main-thread JSHeapUsedSize plus the workers' used heap, summed per page, over all pages (MB). */
  peakHeapMb: number;
  /** Peak main-thread JSHeapUsedSize of one page (MB). */
  peakMainHeapMb: number;
  /** Whether worker heaps could be read (CDP auto-attach to dedicated workers). */
  workers: boolean;
  /** Peak summed RSS of Chromium's processes (MB). */
  peakChromiumRssMb: number;
}

export interface Session {
  url: string;
  /** A fresh page (new tab) at `path`, the bench hooks installed; `watch` maps keys to selectors to time. */
  open(path: string, watch?: Record<string, string>, options?: { clearCache?: boolean }): Promise<Page>;
  memory(): Memory;
  close(): Promise<void>;
}

/** /proc: pid -> [ppid, rss kB]. */
async function processes(): Promise<Map<number, [number, number]>> {
  const out = new Map<number, [number, number]>();
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const status = await readFile(`/proc/${name}/status`, "utf8").catch(() => "");
    const ppid = /^PPid:\s+(\d+)/m.exec(status), rss = /^VmRSS:\s+(\d+)/m.exec(status);
    if (ppid) out.set(Number(name), [Number(ppid[1]), Number(rss?.[1] ?? 0)]);
  }
  return out;
}

/** Summed RSS (kB) of this process's descendants (Chromium and its helpers; the server runs in-process). */
async function childrenRssKb(): Promise<number> {
  const all = await processes();
  const children = new Map<number, number[]>();
  for (const [pid, [ppid]] of all) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  let sum = 0;
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length) {
    const pid = stack.pop()!;
    sum += all.get(pid)?.[1] ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return sum;
}

/** Serves `dist` on 127.0.0.1 and starts Chromium (a fresh profile: a cold HTTP cache). */
export async function startSession(dist: string): Promise<Session> {
  const server = await serveDist(dist);
  const profile = mkdtempSync(join(tmpdir(), "uvqa-bench-chromium-"));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ["--no-sandbox", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--enable-precise-memory-info",
      // Several tabs are open at once: a tab in the background must not have its timers and frames throttled.
      "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
  });
  await context.addInitScript(INIT);
  let peakHeap = 0, peakMain = 0, peakRss = 0, workersSeen = false;
  const samplers: Array<() => Promise<void>> = [];
  let sampling = false;
  const timer = setInterval(async () => {
    if (sampling) return;
    sampling = true;
    try {
      for (const sample of samplers) await sample().catch(() => {});
      peakRss = Math.max(peakRss, await childrenRssKb());
    } finally {
      sampling = false;
    }
  }, 250);

  async function watchMemory(page: Page): Promise<CDPSession> {
    const cdp: CDPSession = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    // Dedicated workers: attached through the deprecated non-flat protocol, which this session can speak.
    const workers = new Set<string>();
    const waiting = new Map<number, (value: number) => void>();
    let next = 1;
    cdp.on("Target.attachedToTarget", (event: { sessionId: string; targetInfo: { type: string } }) => {
      if (event.targetInfo.type === "worker") workers.add(event.sessionId);
    });
    cdp.on("Target.detachedFromTarget", (event: { sessionId: string }) => workers.delete(event.sessionId));
    cdp.on("Target.receivedMessageFromTarget", (event: { message: string }) => {
      const reply = JSON.parse(event.message) as { id?: number; result?: { usedSize?: number } };
      if (reply.id !== undefined) waiting.get(reply.id)?.(reply.result?.usedSize ?? 0);
      if (reply.id !== undefined) waiting.delete(reply.id);
    });
    await cdp.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: false, flatten: false }).catch(() => {});
    let closed = false;
    page.on("close", () => { closed = true; });
    samplers.push(async () => {
      if (closed) return;
      const { metrics } = await cdp.send("Performance.getMetrics");
      const main = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0;
      let sum = main;
      for (const sessionId of workers) {
        const id = next++;
        const used = new Promise<number>((resolve) => {
          waiting.set(id, resolve);
          setTimeout(() => { waiting.delete(id); resolve(0); }, 1000);
        });
        await cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method: "Runtime.getHeapUsage" }) }).catch(() => {});
        const size = await used;
        if (size > 0) workersSeen = true;
        sum += size;
      }
      peakMain = Math.max(peakMain, main);
      peakHeap = Math.max(peakHeap, sum);
    });
    return cdp;
  }

  return {
    url: server.url,
    async open(path, watch = {}, options = {}) {
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      const cdp = await watchMemory(page);
      if (options.clearCache) await cdp.send("Network.clearBrowserCache");
      await page.addInitScript((w) => { window.__bench.watch = w; }, watch);
      await page.goto(new URL(path.replace(/^\//, ""), server.url).href, { waitUntil: "commit" });
      return page;
    },
    memory: () => ({ peakHeapMb: peakHeap / 1e6, peakMainHeapMb: peakMain / 1e6, workers: workersSeen, peakChromiumRssMb: (peakRss * 1024) / 1e6 }),
    async close() {
      clearInterval(timer);
      await context.close();
      await server.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Waits until `count` figures have been drawn and none for `quietMs`; returns the figure events so far, each with
 * `painted`, the time its frame was painted (see INIT).
 */
export async function figuresSettled(page: Page, count = 1, quietMs = 400): Promise<Array<BenchState["figures"][number] & { painted: number }>> {
  await page.waitForFunction((n) => window.__bench.figures.length >= n, count, { timeout: TIMEOUT });
  for (;;) {
    const [last, now] = await page.evaluate(() => [window.__bench.figures.at(-1)!.t, performance.now()] as const);
    if (now - last >= quietMs) break;
    await sleep(Math.max(50, quietMs - (now - last)));
  }
  await page.waitForFunction(() => window.__bench.painted.length >= window.__bench.figures.length, null, { timeout: TIMEOUT });
  return page.evaluate(() => window.__bench.figures.map((f, i) => ({ ...f, painted: window.__bench.painted[i]!.t })));
}

/** The ids of the figures on the page now. */
export const figureIds = (page: Page): Promise<string[]> =>
  page.$$eval("figure[data-figure]", (nodes) => [...new Set(nodes.map((n) => n.getAttribute("data-figure")!))]);

/** Option labels of a filter-bar facet (its checkboxes, in order); [] when the page has no such facet. */
export const facetOptions = (page: Page, facet: string): Promise<string[]> =>
  page.$$eval(`details.facet[data-facet="${facet}"] input[type=checkbox]`, (inputs) => inputs.map((i) => i.parentElement?.textContent?.trim() ?? ""));

/**
 * Clicks one filter-bar checkbox (as a reader's click does: the input and change events fire) and measures the
 * wall time from the click to the last `uvqa:figure` once every figure of the page has been drawn again and
 * none for `quietMs`.
 */
export async function toggleFacet(page: Page, toggle: Toggle, ids: readonly string[], quietMs = 300): Promise<Change> {
  const label = `${toggle.facet} #${toggle.option}`;
  await page.bringToFront();
  const t0 = await page.evaluate(({ facet, option }) => {
    window.__bench.figures.length = 0;
    window.__bench.painted.length = 0;
    window.__bench.worker.length = 0;
    const input = document.querySelectorAll<HTMLInputElement>(`details.facet[data-facet="${facet}"] input[type=checkbox]`)[option]!;
    const t = performance.now();
    input.click();
    return t;
  }, toggle);
  let timedOut = false;
  try {
    await page.waitForFunction((wanted) => wanted.every((id) => window.__bench.figures.some((f) => f.id === id)), [...ids], { timeout: TIMEOUT });
  } catch {
    timedOut = true;
  }
  for (;;) {
    const { last, now } = await page.evaluate(() => ({ last: window.__bench.figures.at(-1)?.t ?? performance.now(), now: performance.now() }));
    if (now - last >= quietMs) break;
    await sleep(Math.max(30, quietMs - (now - last)));
  }
  await page.waitForFunction(() => window.__bench.painted.length >= window.__bench.figures.length, null, { timeout: TIMEOUT }).catch(() => {});
  const state = await page.evaluate(() => ({ figures: window.__bench.figures, painted: window.__bench.painted, worker: window.__bench.worker }));
  const last = Math.max(...state.figures.map((f) => f.t));
  const painted = Math.max(...state.painted.map((f) => f.t));
  return {
    label, ms: state.figures.length ? last - t0 : NaN, paintedMs: state.painted.length ? painted - t0 : NaN,
    figures: state.figures.length, workerMs: state.worker.map((w) => w.ms), timedOut,
  };
}

/** ~`count` toggles of run facets (model, then prompt/variant) and, where `categories`, of categories, each undone by the next. */
export function precomputedToggles(sizes: Record<string, number>, count: number, categories: boolean): Toggle[] {
  const facets = ["model", ...(categories ? ["category"] : []), "variant"].filter((f) => (sizes[f] ?? 0) > 1);
  const out: Toggle[] = [];
  for (let i = 0; out.length < count && facets.length; i++) {
    const facet = facets[i % facets.length]!;
    const option = Math.floor(i / facets.length) % sizes[facet]!;
    out.push({ facet, option }, { facet, option }); // off, then on again
  }
  return out.slice(0, count);
}

export { adhocWalk };

/** The timing marks the init script recorded (first entry of each watched selector). */
export const marks = (page: Page): Promise<Record<string, number>> => page.evaluate(() => { window.__bench.check(); return window.__bench.marks; });

/** Waits for a watched selector's first entry into the DOM; returns its time on the page's clock. */
export async function mark(page: Page, key: string): Promise<number> {
  await page.waitForFunction((k) => { window.__bench.check(); return k in window.__bench.marks; }, key, { timeout: TIMEOUT });
  return (await marks(page))[key]!;
}

/** Starts watching `selector` under `key` again (clears an earlier mark). */
export const rewatch = (page: Page, key: string, selector: string): Promise<void> =>
  page.evaluate(([k, s]) => { delete window.__bench.marks[k]; window.__bench.watch[k] = s; }, [key, selector] as const);

/** The body-attribute writes recorded so far ("search" or "item"). */
export const bodyTimes = (page: Page, which: "search" | "item"): Promise<Array<{ t: number; ms: number; href: string }>> =>
  page.evaluate((w) => window.__bench[w], which);

/** Waits for the `n`-th write of a body attribute. */
export async function bodyTime(page: Page, which: "search" | "item", n: number): Promise<{ t: number; ms: number }> {
  await page.waitForFunction(([w, k]) => window.__bench[w as "search" | "item"].length >= (k as number), [which, n] as const, { timeout: TIMEOUT });
  return (await bodyTimes(page, which))[n - 1]!;
}
