// The model panel (/model) in real Chromium, built offline from a copy of the project: the model runs
// in the page on WebGPU when the browser offers it (--enable-unsafe-webgpu) and on WASM otherwise, saying why;
// its verdict matches the one stored at build time; typed text stays text; batch mode scores the filtered items.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { openSite, type Site } from "./pages.ts";
import { buildSite, projectCopy } from "./site.ts";

let dist = "";
const sites: Site[] = [];

beforeAll(async () => {
  // The panel reads no report table: a copy of the project with only this page builds it without the report
  // (and without the other pages, whose report tables are being reworked elsewhere).
  const root = await projectCopy();
  for (const name of await readdir(join(root, "src"))) {
    if (name.endsWith(".md") && name !== "model.md") await writeFile(join(root, "src", name), "# Left out of this test's build\n");
  }
  const build = buildSite(root);
  console.log(`model page built in ${build.seconds.toFixed(1)} s`);
  dist = join(root, "dist");
}, 600_000);
afterAll(async () => {
  for (const site of sites) await site.close();
});

async function open(flags: string[], path: string): Promise<{ page: Page; errors: string[]; foreign: string[] }> {
  const site = await openSite(dist, flags);
  sites.push(site);
  const opened = await site.open(path, { ready: "[data-role=live] .p-unanswerable" });
  return opened;
}

const text = (page: Page, selector: string) => page.$eval(selector, (e) => e.textContent ?? "");

describe.each([
  { flags: ["--enable-unsafe-webgpu"], provider: "webgpu" },
  { flags: [], provider: "wasm" },
])("model panel, Chromium $flags", ({ flags, provider }) => {
  let page: Page;
  let errors: string[];
  let foreign: string[];
  beforeAll(async () => {
    ({ page, errors, foreign } = await open(flags, "model?item=sample%2Fhand%2F0"));
  }, 120_000);

  it(`runs on ${provider} and says so${provider === "wasm" ? ", with the reason WebGPU was not used" : ""}`, async () => {
    expect(await page.getAttribute("[data-provider]", "data-provider")).toBe(provider);
    const line = await text(page, ".provider-line");
    if (provider === "wasm") expect(line).toMatch(/not WebGPU: (this browser has no WebGPU|no WebGPU adapter)/);
    else expect(line).not.toContain("not WebGPU");
    expect(line).toMatch(/model loaded in \d+ ms/);
  });

  it("shows the item named in the URL, its verdict equal to the build's, and the evidence highlighted", async () => {
    expect(await page.inputValue("textarea.question-input")).toMatch(/toddler/);
    const live = await text(page, "[data-role=live] .p-unanswerable");
    const stored = await text(page, "[data-role=stored] .p-unanswerable");
    expect(live).toBe(stored);
    expect(await text(page, "[data-role=live] .verdict")).toBe(await text(page, "[data-role=stored] .verdict"));
    expect(await text(page, "[data-role=live] .response")).toBe(await text(page, "[data-role=stored] .response"));
    expect(Number(await page.getAttribute("[data-role=live] [data-latency-ms]", "data-latency-ms"))).toBeGreaterThan(0);
    if ((await text(page, "[data-role=live] .verdict")).startsWith("Unanswerable")) expect(await page.$$("[data-role=live] mark")).not.toHaveLength(0);
  });

  it("keeps typed text as text and has no stored prediction for it", async () => {
    await page.fill("textarea.question-input", "Why is the <img src=x onerror=\"window.pwned=1\"> cook holding the kettle?");
    await page.click("button.run");
    await page.waitForFunction(() => document.querySelector("[data-role=stored]")?.textContent?.includes("edited"));
    expect(await page.$$("[data-role=live] img")).toHaveLength(0);
    expect(await text(page, "[data-role=live] .question-evidence")).toContain("<img src=x");
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  it("filters by search and scores the filtered items in the page beside the build", async () => {
    await page.selectOption("select.source-filter", "hand-written");
    await page.fill("input.search", "the");
    // The view is in the link (components/url-state.ts), so a copied link restores it.
    const expected = "?item=sample/hand/0&source=hand-written&q=the";
    await page.waitForFunction((want) => location.search === want, expected, { timeout: 5_000 }).catch(() => {});
    expect(await page.evaluate(() => location.search)).toBe(expected);
    const count = await text(page, ".picker .count");
    const n = Number(/^(\d+) of/.exec(count)![1]);
    expect(n).toBeGreaterThan(50);
    await page.click("button.batch");
    await page.waitForSelector("td[data-source=page][data-metric=f1]", { timeout: 60_000 });
    const cells = await page.$$eval("td[data-metric=f1]", (tds) => tds.map((td) => ({
      run: td.getAttribute("data-run"), slice: td.getAttribute("data-slice"), value: Number(td.getAttribute("data-value")), n: Number(td.getAttribute("data-n")), source: td.getAttribute("data-source"),
    })));
    expect(cells.map((c) => c.source)).toEqual(["page", "build"]);
    for (const c of cells) {
      expect(c.run).toBe("builtin-model/prompt-aligned");
      expect(c.slice).toBe("filter:hand-written/the");
      expect(c.n).toBe(n);
    }
    expect(cells[0]!.value).toBeCloseTo(cells[1]!.value, 9);
    expect(cells[0]!.value).toBeGreaterThan(0);
    expect(await text(page, ".batch-meta")).toMatch(new RegExp(`^${n} of ${n} verdicts identical to the build's`));
  }, 60_000);

  it("logs no error and asks nothing of the network", () => {
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
