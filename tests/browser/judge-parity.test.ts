// The built-in judge is the same code in Node and in the browser: bundled for the browser platform (which
// fails on any Node API), run in Chromium, it gives the same judgments as in Node, response by response.
import { afterAll, beforeAll, expect, test } from "vitest";
import { build } from "esbuild";
import type { BrowserContext } from "playwright-core";
import { judgeBuiltin } from "../../loaders/judges/builtin.ts";
import { loadSampleItems } from "../../loaders/generate/sample.ts";
import { respond } from "../../loaders/responders/index.ts";
import { PAPER_INSTRUCTION } from "../../loaders/prompts/index.ts";
import { launchChromium } from "./site.ts";

let browser: BrowserContext;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

test("judgeBuiltin gives identical results in Chromium and in Node", async () => {
  const bundle = await build({
    entryPoints: ["loaders/judges/builtin.ts"], bundle: true, platform: "browser", format: "iife",
    globalName: "UvqaJudge", write: false, logLevel: "silent",
  });
  // Every sample item, answered by the built-in model with and without the paper's instruction, and its
  // own reference: answers, refusals, hallucinations.
  const items = await loadSampleItems();
  const cases = items.flatMap((item) => [
    { item, response: respond({ question: item.question, scene: item.scene!, instruction: null }) },
    { item, response: respond({ question: item.question, scene: item.scene!, instruction: PAPER_INSTRUCTION }) },
    { item, response: item.reference },
  ]);
  const inNode = cases.map(({ item, response }) => judgeBuiltin(item, response));

  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.setContent("<!doctype html><title>judge</title>");
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  const inBrowser = await page.evaluate(
    (all) => all.map(({ item, response }) => (globalThis as unknown as { UvqaJudge: { judgeBuiltin: typeof judgeBuiltin } }).UvqaJudge.judgeBuiltin(item, response)),
    cases,
  );
  expect(errors).toEqual([]);
  expect(inBrowser).toHaveLength(cases.length);
  expect(inBrowser).toEqual(inNode);
  // Not a vacuous comparison: both refusals and answers, correct and not, are in the set.
  expect(new Set(inNode.map((j) => `${j.refused}/${j.correct}`)).size).toBeGreaterThanOrEqual(3);
}, 60_000);
