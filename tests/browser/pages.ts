// Helpers for the analysis pages' browser tests: open a page of a built site in Chromium while recording console
// errors and every request to a host other than 127.0.0.1, read the scores a page shows off its test hooks, and
// download a figure's exports.
import { readFileSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { serveDist } from "../../scripts/serve-dist.js";
import { launchChromium } from "./site.ts";

export interface Hook {
  run: string;
  slice: string;
  metric: string;
  value: number;
  tag: string;
}

export interface Opened {
  page: Page;
  errors: string[];
  foreign: string[];
}

export interface Site {
  url: string;
  context: BrowserContext;
  open(path: string, options?: { width?: number; ready?: string }): Promise<Opened>;
  close(): Promise<void>;
}

/** Serves `dist` on 127.0.0.1 and opens Chromium on it. */
export async function openSite(dist: string, args: string[] = []): Promise<Site> {
  const server = await serveDist(dist);
  const context = await launchChromium(args);
  return {
    url: server.url,
    context,
    async open(path, options = {}) {
      const errors: string[] = [];
      const foreign: string[] = [];
      const page = await context.newPage();
      page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
      page.on("pageerror", (error) => errors.push(error.message));
      page.on("request", (request) => {
        const url = new URL(request.url());
        if (url.protocol === "blob:" || url.protocol === "data:") return;
        if (url.hostname !== "127.0.0.1") foreign.push(request.url());
      });
      await page.setViewportSize({ width: options.width ?? 1400, height: 1000 });
      await page.goto(new URL(path.replace(/^\//, ""), server.url).href);
      if (options.ready) await page.waitForSelector(options.ready, { timeout: 60_000 });
      return { page, errors, foreign };
    },
    async close() {
      await context.close();
      await server.close();
    },
  };
}

/** Every score the page shows: elements carrying data-run, data-slice, data-metric and data-value. */
export async function readHooks(page: Page, within = "body"): Promise<Hook[]> {
  return page.$$eval(`${within} [data-run][data-metric][data-slice][data-value]`, (nodes) => nodes.map((n) => ({
    run: n.getAttribute("data-run")!, slice: n.getAttribute("data-slice")!, metric: n.getAttribute("data-metric")!,
    value: Number(n.getAttribute("data-value")), tag: n.tagName.toLowerCase(),
  })));
}

/** Waits until the figure with this id has been drawn at least `after + 1` times (figure.ts counts renders). */
export async function figureDrawn(page: Page, id: string, after = 0): Promise<number> {
  await page.waitForFunction(([id, after]) => {
    const node = document.querySelector(`figure[data-figure="${id}"]`) as HTMLElement | null;
    return node !== null && Number(node.dataset.rendered) > Number(after);
  }, [id, after] as const, { timeout: 60_000 });
  return page.$eval(`figure[data-figure="${id}"]`, (node) => Number((node as HTMLElement).dataset.rendered));
}

/** Clicks a figure's export button and returns the downloaded file's bytes. */
export async function exportFigure(page: Page, id: string, kind: "svg" | "png" | "csv"): Promise<Buffer> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click(`figure[data-figure="${id}"] button[data-export="${kind}"]`),
  ]);
  const path = await download.path();
  return readFileSync(path!);
}

/** A key for comparing a hook with a score row. */
export const scoreKey = (r: { run: string; slice: string; metric: string }) => JSON.stringify([r.run, r.slice, r.metric]);

/** The flags of a report's `meta.reproduce` command after its three inputs, without `--out <dir>`. */
export function reproduceFlags(command: string): string[] {
  const words = command.trim().split(/\s+/);
  const rest = words.slice(words.indexOf("runs-input.json") + 1);
  const flags: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === "--out") i++;
    else flags.push(rest[i]!);
  }
  return flags;
}

/** Clicks a table's "CSV" button (figure.ts#tableCsvButton) and returns the downloaded file's bytes. */
export async function exportFigureTable(page: Page, id: string): Promise<Buffer> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click(`button.table-csv[data-table="${id}"]`),
  ]);
  return readFileSync((await download.path())!);
}
