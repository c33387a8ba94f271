// /judges in Chromium. One judge (the default build, and the public data): the validation figures equal
// `uvqa judge-eval`, and the page says how to add a second judge. Two judges (a build whose config adds an LLM
// judge served over real HTTP on 127.0.0.1, one that disagrees and fails in a known way): the confusion matrices,
// every metric under each judge with its flag, and the disagreements equal `uvqa judge-agreement` run as the page's
// reproduce block says; filters, a copied link, exports.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { csvParse } from "d3";
import { parquetReadObjects } from "hyparquet";
import { JSDOM } from "jsdom";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { skipWithoutPublicData } from "../public-data.ts";
import { svgProvenance } from "../../components/export.ts";
import { METRICS } from "../../components/scores.ts";
import { builtReportFile, projectCopy, sharedBuild, siteRoot } from "./site.ts";
import { exportFigure, figureDrawn, openSite, readHooks, type Site } from "./pages.ts";
import { startSecondJudge, twistOf } from "./second-judge.ts";

// Each test runs the CLI on the build's inputs (1,000 resamples; the public data) and drives Chromium: on a shared
// 2-core machine that can take longer than the 30 s default.
vi.setConfig({ testTimeout: 180_000 });

const DATA_DIR = resolve(siteRoot, process.env.UVQA_TEST_DATA_DIR ?? "../shared/uvqa");
const KNOWN: readonly string[] = METRICS;

interface SetReport { name: string; n: number; accuracy: number; by_kind: Record<string, { n: number; accuracy: number }>; by_group: Record<string, { n: number; accuracy: number }> }
interface Metric { run: string; slice: string; metric: string; a: number; b: number; n_a: number; n_b: number; flagged: boolean }
interface Agreement { n: number; refused: { matrix: number[][] }; correct: { matrix: number[][] }; metrics: Metric[] }

function cli(root: string, args: string[]): string {
  const result = spawnSync(process.execPath, [join(root, "bin", "uvqa.js"), ...args], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`uvqa ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

/** A file of the build's report: the report folder the build wrote, else the copy the site serves. */
function reportFile(root: string, dist: string, name: string): string {
  const folder = join(root, "data", "cache", "report", name);
  return existsSync(folder) ? folder : builtReportFile(dist, name);
}

/** `uvqa judge-eval` as the page's reproduce block says; its sets by name. */
function judgeEval(root: string, withPublic: boolean): Map<string, SetReport> {
  const out = join(mkdtempSync(join(tmpdir(), "uvqa-judge-eval-")), "judge-eval.json");
  cli(root, ["judge-eval", "--uvqa", DATA_DIR, "--out", out]);
  const report = JSON.parse(readFileSync(out, "utf8")) as { sets: SetReport[] };
  return new Map(report.sets.filter((s) => withPublic || s.name === "hardset").map((s) => [s.name, s]));
}

async function validationHooks(page: Page) {
  return page.$$eval('figure[data-figure="judge-validation"] circle[data-set]', (nodes) => nodes.map((n) => ({
    set: n.getAttribute("data-set")!, level: n.getAttribute("data-level")!, part: n.getAttribute("data-part")!, value: Number(n.getAttribute("data-value")), n: Number(n.getAttribute("data-n")),
  })));
}

/** The validation figure equals uvqa judge-eval: every set, batch and kind, accuracy and n. */
async function expectValidation(page: Page, sets: Map<string, SetReport>) {
  const expected = [...sets.values()].flatMap((s) => [
    { set: s.name, level: "set", part: "", value: s.accuracy, n: s.n },
    ...Object.entries(s.by_group).map(([part, v]) => ({ set: s.name, level: "group", part, value: v.accuracy, n: v.n })),
    ...Object.entries(s.by_kind).map(([part, v]) => ({ set: s.name, level: "kind", part, value: v.accuracy, n: v.n })),
  ]);
  const key = (h: { set: string; level: string; part: string }) => `${h.set}/${h.level}/${h.part}`;
  const shown = await validationHooks(page);
  expect(Object.fromEntries(shown.map((h) => [key(h), [h.value, h.n]]))).toEqual(Object.fromEntries(expected.map((h) => [key(h), [h.value, h.n]])));
}

function oneJudgeSuite(name: string, build: () => Promise<{ root: string; dist: string }>, withPublic: boolean) {
  describe(name, () => {
    let site: Site;
    let root: string;
    beforeAll(async () => {
      const built = await build();
      root = built.root;
      site = await openSite(built.dist);
    });
    afterAll(async () => {
      await site?.close();
    });
    it("shows the built-in judge's validation exactly as uvqa judge-eval measures it, and how to add a second judge", async () => {
      const { page, errors, foreign } = await site.open("/judges", { ready: 'figure[data-figure="judge-validation"] circle[data-set]' });
      await expectValidation(page, judgeEval(root, withPublic));
      expect(await page.textContent(".one-judge")).toContain("add a second judge");
      expect(await page.$('figure[data-figure="judge-confusion"]')).toBeNull();
      const table = await page.$$eval('figure[data-figure="judge-validation-table"] tbody tr', (trs) => trs.map((tr) => tr.getAttribute("data-set")));
      expect(table.sort()).toEqual([...judgeEval(root, withPublic).keys()].sort());
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
      await page.close();
    });
  });
}

oneJudgeSuite("/judges with one judge (default build)", () => sharedBuild("default"), false);
// Never skipped in CI: there a missing folder fails the suite (tests/public-data.ts).
if (!skipWithoutPublicData("eval_object.json", process.env, DATA_DIR)) oneJudgeSuite("/judges with one judge (public data)", () => sharedBuild("uvqa", { UVQA_DATA_DIR: DATA_DIR }), true);

/** A build of a private copy with the two-judge config, the second judge served from this process meanwhile. */
async function twoJudgeBuild(): Promise<{ root: string; dist: string }> {
  const judge = await startSecondJudge();
  try {
    const root = await projectCopy();
    await new Promise<string>((resolvePromise, reject) => {
      const child = spawn("npm", ["run", "build", "--", "--clean", "--offline"], {
        cwd: root, env: { ...process.env, UVQA_CONFIG: "tests/browser/two-judges.config.ts", UVQA_TEST_JUDGE_URL: judge.url }, stdio: ["ignore", "pipe", "pipe"],
      });
      let text = "";
      child.stdout.on("data", (c) => (text += c));
      child.stderr.on("data", (c) => (text += c));
      child.on("exit", (code) => (code === 0 ? resolvePromise(text) : reject(new Error(`two-judge build failed (${code}):\n${text.slice(-4000)}`))));
    });
    // Every response of both runs went through the server (plus the repair requests after unreadable replies).
    expect(judge.stats.requests).toBeGreaterThan(2 * 495);
    return { root, dist: join(root, "dist") };
  } finally {
    await judge.close();
  }
}

describe("/judges with two judges", () => {
  let site: Site;
  let root: string;
  let dist: string;
  let cliAgreement: Agreement;
  let cliDisagreements: Array<{ run: string; item: string; category: string; field: string }>;
  beforeAll(async () => {
    ({ root, dist } = await twoJudgeBuild());
    const entries = JSON.parse(readFileSync(reportFile(root, dist, "agreement.json"), "utf8")) as Array<{ reproduce: string }>;
    expect(entries).toHaveLength(1);
    // The page's reproduce command, run on the report's own files.
    const words = entries[0]!.reproduce.split(/\s+/);
    const flag = (name: string) => words[words.indexOf(name) + 1]!;
    const out = join(mkdtempSync(join(tmpdir(), "uvqa-agreement-")), "out");
    cli(root, ["judge-agreement", "--items", reportFile(root, dist, flag("--items")), "--a", reportFile(root, dist, flag("--a")), "--b", reportFile(root, dist, flag("--b")), "--runs", reportFile(root, dist, flag("--runs")), "--out", out]);
    cliAgreement = JSON.parse(readFileSync(join(out, "agreement.json"), "utf8"));
    const buffer = readFileSync(join(out, "disagreements.parquet"));
    cliDisagreements = (await parquetReadObjects({ file: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) })) as never;
    site = await openSite(dist);
  });
  afterAll(async () => {
    await site?.close();
  });

  const ready = 'figure[data-figure="judge-metrics"] circle[data-run]';
  const flatten = (m: number[][]) => m.flat();
  async function confusion(page: Page, field: string) {
    return page.$$eval(`figure[data-figure="judge-confusion"] rect[data-field="${field}"]`, (rects) => rects.map((r) => Number(r.getAttribute("data-count"))));
  }
  async function metricHooks(page: Page) {
    return (await readHooks(page, 'figure[data-figure="judge-metrics-table"]')).filter((h) => h.tag === "td");
  }
  async function disagreementRows(page: Page) {
    return page.$$eval('figure[data-figure="judge-disagreements"] tbody tr', (trs) => trs.map((tr) => `${tr.getAttribute("data-run")}/${tr.getAttribute("data-item")}/${tr.getAttribute("data-field")}`));
  }
  const expectedMetrics = (slices: string[], runs?: string[]) => cliAgreement.metrics
    .filter((m) => slices.includes(m.slice) && KNOWN.includes(m.metric) && (!runs || runs.includes(m.run)))
    .flatMap((m) => [`${m.run}/${m.slice}/${m.metric}/A=${m.a}`, `${m.run}/${m.slice}/${m.metric}/B=${m.b}`]).sort();

  it("the confusion matrices, every metric under each judge and the disagreements equal uvqa judge-agreement's", async () => {
    const { page, errors, foreign } = await site.open("/judges", { ready });
    // The second judge really disagrees (and fails) here: not a comparison of two identical judges.
    expect(cliDisagreements.length).toBeGreaterThan(20);
    expect(cliDisagreements.some((d) => d.field === "failed")).toBe(true);
    expect(await confusion(page, "refused")).toEqual(flatten(cliAgreement.refused.matrix));
    expect(await confusion(page, "correct")).toEqual(flatten(cliAgreement.correct.matrix));
    const table = await page.$$eval('figure[data-figure="judge-metrics-table"] td[data-judge]', (tds) => tds.map((td) => `${td.getAttribute("data-run")}/${td.getAttribute("data-slice")}/${td.getAttribute("data-metric")}/${td.getAttribute("data-judge")}=${Number(td.getAttribute("data-value"))}`));
    expect(table.sort()).toEqual(expectedMetrics(["all"]));
    expect(await metricHooks(page)).toHaveLength(table.length);
    const flagged = await page.$$eval('figure[data-figure="judge-metrics-table"] tbody tr[data-flagged="true"]', (trs) => trs.length);
    expect(flagged).toBe(cliAgreement.metrics.filter((m) => m.slice === "all" && KNOWN.includes(m.metric) && m.flagged).length);
    expect(flagged).toBeGreaterThan(0);
    const rows = await disagreementRows(page);
    expect(await page.getAttribute('figure[data-figure="judge-disagreements"] table', "data-rows")).toBe(String(cliDisagreements.length));
    expect(rows).toEqual(cliDisagreements.slice(0, 100).map((d) => `${d.run}/${d.item}/${d.field}`));
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it("a category filter shows that category's rows and disagreements; the copied link restores them", async () => {
    const { page, errors } = await site.open("/judges", { ready });
    const drawn = await figureDrawn(page, "judge-metrics");
    await page.click('details[data-facet="category"] > summary');
    await page.click('details[data-facet="category"] button:has-text("none")');
    await page.click('details[data-facet="category"] label:has-text("object") input');
    await figureDrawn(page, "judge-metrics", drawn);
    await page.waitForFunction(() => location.search === "?category=object");
    const table = await page.$$eval('figure[data-figure="judge-metrics-table"] td[data-judge]', (tds) => tds.map((td) => `${td.getAttribute("data-run")}/${td.getAttribute("data-slice")}/${td.getAttribute("data-metric")}/${td.getAttribute("data-judge")}=${Number(td.getAttribute("data-value"))}`));
    expect(table.sort()).toEqual(expectedMetrics(["category:object"]));
    const objects = cliDisagreements.filter((d) => d.category === "object");
    expect(await page.getAttribute('figure[data-figure="judge-disagreements"] table', "data-rows")).toBe(String(objects.length));
    const copy = await site.open(`/judges${new URL(page.url()).search}`, { ready });
    expect((await copy.page.$$eval('figure[data-figure="judge-metrics-table"] td[data-judge]', (tds) => tds.length))).toBe(table.length);
    expect(await copy.page.getAttribute('figure[data-figure="judge-disagreements"] table', "data-rows")).toBe(String(objects.length));
    await copy.page.close();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a link naming a judge the report lacks says so and shows the second judge", async () => {
    const { page, errors } = await site.open("/judges?judge=7", { ready });
    expect(await page.textContent(".page-notice")).toMatch(/^unknown judge in the link: "7" \(this report has "2"\); showing judge 2: served-judge@/);
    expect(await confusion(page, "refused")).toEqual(flatten(cliAgreement.refused.matrix));
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a run filter keeps that run's metrics and disagreements only", async () => {
    const runs = JSON.parse(readFileSync(reportFile(root, dist, "runs-input.json"), "utf8")) as Array<{ id: string; variant: string }>;
    const aligned = runs.find((r) => r.variant === "prompt-aligned")!;
    const { page } = await site.open("/judges?variant=prompt-aligned", { ready });
    const table = await page.$$eval('figure[data-figure="judge-metrics-table"] td[data-judge]', (tds) => tds.map((td) => `${td.getAttribute("data-run")}/${td.getAttribute("data-slice")}/${td.getAttribute("data-metric")}/${td.getAttribute("data-judge")}=${Number(td.getAttribute("data-value"))}`));
    expect(table.sort()).toEqual(expectedMetrics(["all"], [aligned.id]));
    expect(await page.getAttribute('figure[data-figure="judge-disagreements"] table', "data-rows")).toBe(String(cliDisagreements.filter((d) => d.run === aligned.id).length));
    await page.close();
  });

  it("each run's outcome matrix between the judges counts the two judged files' outcomes", async () => {
    const items = new Map(readFileSync(reportFile(root, dist, "items.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { id: string; category: string }).map((i) => [i.id, i]));
    const judged = (name: string) => new Map(readFileSync(reportFile(root, dist, name), "utf8").split("\n").filter(Boolean)
      .map((l) => JSON.parse(l) as { run: string; item: string; refused: boolean | null; correct: boolean | null }).map((p) => [`${p.run}/${p.item}`, p]));
    const outcome = (p: { item: string; refused: boolean | null; correct: boolean | null }) => {
      if (p.refused === null) return "F";
      if (items.get(p.item)!.category !== "answerable") return p.refused ? "R" : "A";
      return p.refused ? "R" : p.correct === null ? "F" : p.correct ? "C" : "W";
    };
    const first = judged("predictions.jsonl"), second = judged("predictions-2.jsonl");
    const expected: Record<string, number> = {};
    for (const [key, p] of first) {
      const q = second.get(key)!;
      const table = items.get(p.item)!.category === "answerable" ? "answerable" : "unanswerable";
      const cell = `${p.run}/${table}/${outcome(p)}${outcome(q)}`;
      expected[cell] = (expected[cell] ?? 0) + 1;
    }
    const { page } = await site.open("/judges", { ready: 'figure[data-figure="judge-outcomes"] rect[data-run]' });
    const shown = await page.$$eval('figure[data-figure="judge-outcomes"] rect[data-run]', (rects) => rects.map((r) => [`${r.getAttribute("data-run")}/${r.getAttribute("data-table")}/${r.getAttribute("data-from")}${r.getAttribute("data-to")}`, Number(r.getAttribute("data-count"))] as const));
    expect(Object.fromEntries(shown.filter(([, count]) => count > 0))).toEqual(expected);
    await page.close();
  });

  it("the second judge's verdicts are what its server decided (the test's own check of the fixture)", () => {
    const items = new Map(readFileSync(reportFile(root, dist, "items.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { id: string; question: string }).map((i) => [i.id, i]));
    const responses = readFileSync(reportFile(root, dist, "predictions.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { run: string; item: string; response: string });
    const failed = responses.filter((r) => twistOf(items.get(r.item)!.question, r.response) === "unreadable").map((r) => `${r.run}/${r.item}`).sort();
    expect(cliDisagreements.filter((d) => d.field === "failed").map((d) => `${d.run}/${d.item}`).sort()).toEqual(failed);
  });

  it("exports: the metrics figure's SVG parses with its provenance; the disagreements' CSV holds every row shown", async () => {
    const { page } = await site.open("/judges", { ready });
    const svg = new JSDOM(await exportFigure(page, "judge-metrics", "svg"), { contentType: "image/svg+xml" }).window.document;
    expect(svg.querySelector("parsererror")).toBeNull();
    expect(svgProvenance(svg)!.judge).toContain(" + ");
    expect(svg.querySelectorAll("circle[data-run]").length).toBe(await page.$$eval('figure[data-figure="judge-metrics"] circle[data-run]', (c) => c.length));
    const csv = csvParse((await exportFigure(page, "judge-disagreements", "csv")).toString("utf8").split("\n").filter((l) => !l.startsWith("#")).join("\n"));
    expect(csv.map((r) => `${r.run}/${r.item}/${r.field}`)).toEqual(cliDisagreements.map((d) => `${d.run}/${d.item}/${d.field}`));
    await page.close();
  });
});
