// A build always reflects its inputs (issue 13, item 10): real `npm run build` runs in a private copy of the
// project, scores read out of the built dist/. Another config, another data folder and a changed response
// cache each show in the next build; a plain build publishes the default again; a build whose report or
// whose page build fails exits non-zero and leaves dist/ and the report folder as they were; `uvqa report`
// writes the same folder the build does; `npm run dev` computes the report before the preview serves it.
import { spawn, spawnSync } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdir, readdir, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtReportFile, projectCopy } from "../browser/site.ts";
import { filesUnder, repoRoot } from "../inference/helpers.ts";
import { loadConfig } from "../../loaders/config/load.ts";
import { loadDataset } from "../../loaders/datasets/configured.ts";

const DATA_DIR = resolve(repoRoot, process.env.UVQA_TEST_DATA_DIR ?? "../shared/uvqa");
/** The default config's runs (uvqa.config.ts) and the sample dataset's size, read from the code, not copied here. */
const DEFAULT_RUNS = (await loadConfig(join(repoRoot, "uvqa.config.ts"))).runs.map((r) => r.id);
const sampleItems = (await loadDataset({ id: "sample", kind: "sample" }, repoRoot) as { items: unknown[] }).items.length;

function spawnAsync(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  return new Promise((done, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (status) => done({ status, output }));
  });
}

/** The environment of a plain build: none of the variables that pick other inputs, whatever the test run has. */
function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ["UVQA_CONFIG", "UVQA_DATA_DIR", "UVQA_CACHE_DIR", "UVQA_INPUTS", "UVQA_INPUTS_LIMIT", "SOURCE_DATE_EPOCH", "UVQA_DIST"]) delete env[name];
  return { ...env, ...extra };
}

/** Every file under `dir` with the sha256 of its bytes. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of (await filesUnder(dir)).sort()) out[relative(dir, file)] = createHash("sha256").update(await readFile(file)).digest("hex");
  return out;
}

type Score = { run: string; slice: string; metric: string; value: number; n: number };
type Meta = { config: { file: string }; datasets: Array<{ id: string; items?: number; skipped?: string }>; judges: unknown[] };

let project: string;
let dist: string;
const build = async (env: Record<string, string> = {}, args: string[] = []) => {
  const result = await spawnAsync("npm", ["run", "build", "--", "--offline", ...args], project, environment(env));
  return result;
};
const built = <T>(name: string): T => JSON.parse(readFileSync(builtReportFile(dist, name), "utf8")) as T;
const f1 = (scores: Score[], run: string) => scores.find((s) => s.run === run && s.slice === "all" && s.metric === "f1")!;

beforeAll(async () => {
  project = await projectCopy();
  dist = join(project, "dist");
  // As in a fresh clone: no browser bundles yet (git ignores them; the copy took this tree's).
  await rm(join(project, "src", "lib"), { recursive: true, force: true });
  await writeFile(join(project, "other.config.ts"), `import { defineConfig } from "./loaders/config/schema.ts";
export default defineConfig({
  datasets: [{ id: "sample", kind: "sample" }],
  models: [{ id: "builtin", backend: "builtin", context: "scene" }],
  runs: [{ id: "other/prompt-aligned", model: "builtin", prompt: "prompt-aligned", variant: "prompt-aligned" }],
});
`);
  await writeFile(join(project, "broken.config.ts"), `throw new Error("this config cannot be loaded");\n`);
  await writeFile(join(project, "import.config.ts"), `import { defineConfig } from "./loaders/config/schema.ts";
export default defineConfig({
  datasets: [{ id: "sample", kind: "sample" }],
  models: [{ id: "elsewhere", backend: "import" }],
  runs: [{ id: "elsewhere/unaligned", model: "elsewhere", prompt: "unaligned", variant: "unaligned" }],
});
`);
}, 60_000);
afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

describe("a build reflects the config, its datasets and the response cache it runs on", () => {
  let defaultScores = "";
  let defaultDist: Record<string, string> = {};

  it("--keep-report with no report folder yet is refused, naming the command that makes one", async () => {
    const result = await build({}, ["--keep-report"]);
    expect(result.status).toBe(2);
    expect(result.output).toContain("build: --keep-report, but data/cache/report/ holds no report (make one: uvqa report --out data/cache/report)");
    expect(existsSync(dist)).toBe(false);
  }, 120_000);

  it("a plain build publishes the default config", async () => {
    const result = await build();
    expect(result.status, result.output.slice(-3000)).toBe(0);
    const runs = built<Array<{ id: string }>>("runs.json");
    expect(runs.map((r) => r.id)).toEqual(DEFAULT_RUNS);
    const meta = built<Meta>("meta.json");
    expect(meta.datasets).toEqual([expect.objectContaining({ id: "sample", items: sampleItems }), expect.objectContaining({ id: "uvqa", skipped: "no dir given" })]);
    defaultScores = readFileSync(builtReportFile(dist, "scores.json"), "utf8");
    expect(f1(JSON.parse(defaultScores) as Score[], "builtin/prompt-aligned").n).toBe(sampleItems);
    // The browser bundles are made by the build.
    expect(statSync(join(project, "src", "lib", "metrics.js")).size).toBeGreaterThan(1000);
    // The site's other files (scripts/site-data.ts, made beside the report): /model's items, the model, the engine.
    const panel = JSON.parse(readFileSync(builtReportFile(dist, "model-items.json", "site"), "utf8")) as { total: number; items: unknown[] };
    expect([panel.total, panel.items.length]).toEqual([sampleItems, sampleItems]);
    expect(readFileSync(builtReportFile(dist, "answerability.onnx", "site"))).toEqual(readFileSync(join(project, "data", "model", "answerability.onnx")));
    expect(statSync(builtReportFile(dist, "ort-wasm-simd-threaded.jsep.wasm", "site")).size).toBeGreaterThan(1e6);
    expect(result.output).toMatch(/site data ready in [\d.]+ s/);
    defaultDist = await snapshot(dist);
  }, 300_000);

  it("UVQA_CONFIG=<another config> publishes that config's runs (and clears what a killed build left beside dist/)", async () => {
    // A build SIGKILLed mid-way leaves its staging folder (and, between its renames, the old dist/).
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    await mkdir(join(project, `.dist.staging-${dead}-k1`, "_file"), { recursive: true });
    await mkdir(join(project, `.dist.old-${dead}-k2`));
    const result = await build({ UVQA_CONFIG: "other.config.ts", UVQA_MODEL_PANEL_ITEMS: "7" });
    expect(result.status, result.output.slice(-3000)).toBe(0);
    expect((await readdir(project)).filter((name) => name.startsWith(".dist"))).toEqual([]);
    const panel = JSON.parse(readFileSync(builtReportFile(dist, "model-items.json", "site"), "utf8")) as { total: number; items: unknown[] };
    expect([panel.total, panel.items.length]).toEqual([sampleItems, 7]);
    expect(built<Array<{ id: string }>>("runs.json").map((r) => r.id)).toEqual(["other/prompt-aligned"]);
    expect(built<Meta>("meta.json").config.file).toBe("other.config.ts");
    const scores = built<Score[]>("scores.json");
    expect(new Set(scores.map((s) => s.run))).toEqual(new Set(["other/prompt-aligned"]));
    expect(f1(scores, "other/prompt-aligned").value).toBeGreaterThan(0);
  }, 300_000);

  it("--keep-report publishes the report folder as it is (the last one made, here the other config's), whatever the config says", async () => {
    const result = await build({}, ["--keep-report"]);
    expect(result.status, result.output.slice(-3000)).toBe(0);
    expect(result.output).toContain("report kept as it is (data/cache/report, --keep-report)");
    expect(built<Array<{ id: string }>>("runs.json").map((r) => r.id)).toEqual(["other/prompt-aligned"]);
  }, 300_000);

  it("--keep-report with a report folder that lacks a file the pages read (an older version's) is refused, naming it", async () => {
    const before = await snapshot(dist);
    const kept = join(project, "data", "cache", "report", "item-texts-starts.bin");
    const bytes = await readFile(kept);
    await unlink(kept);
    try {
      const result = await build({}, ["--keep-report"]);
      expect(result.status).toBe(2);
      expect(result.output).toContain("build: --keep-report, but data/cache/report/ lacks item-texts-starts.bin, which the pages read");
      expect(await snapshot(dist)).toEqual(before);
    } finally {
      await writeFile(kept, bytes);
    }
  }, 120_000);

  it("UVQA_DATA_DIR=<the public files> adds the UVQA items to every score", async () => {
    const result = await build({ UVQA_DATA_DIR: DATA_DIR });
    expect(result.status, result.output.slice(-3000)).toBe(0);
    const meta = built<Meta>("meta.json");
    const uvqa = meta.datasets.find((d) => d.id === "uvqa")!;
    expect(uvqa.items).toBeGreaterThan(500);
    const scores = built<Score[]>("scores.json");
    expect(f1(scores, "builtin/prompt-aligned").n).toBe(sampleItems + uvqa.items!);
    expect(scores.some((s) => s.slice === "dataset:uvqa")).toBe(true);
    // The public items carry flags: one slice per flag, and the reproduce command slices by them too.
    expect(built<{ slice_fields: string[]; reproduce: string }>("meta.json")).toMatchObject({
      slice_fields: ["dataset", "question_type", "source", "flags"],
      reproduce: expect.stringContaining("--slice-by dataset,question_type,source,flags"),
    });
    expect(scores.some((s) => s.slice === "flags:edited-question")).toBe(true);
    // judge-eval.json (in the report folder; dist/ holds what the pages link) measures the public reference answers too.
    const judgeEval = JSON.parse(readFileSync(join(project, "data", "cache", "report", "judge-eval.json"), "utf8")) as Array<{ set: string }>;
    expect(judgeEval.map((r) => r.set)).toEqual(["uvqa-reference-refusals", "vcgbench-reference-answers", "hardset"]);
  }, 300_000);

  it("a plain build after those publishes the default again, and uvqa report writes the very same folder", async () => {
    const result = await build({ SOURCE_DATE_EPOCH: "1767225600" });
    expect(result.status, result.output.slice(-3000)).toBe(0);
    expect(readFileSync(builtReportFile(dist, "scores.json"), "utf8")).toBe(defaultScores);
    expect(built<Array<{ id: string }>>("runs.json").map((r) => r.id)).toEqual(DEFAULT_RUNS);
    // Every report file but meta.json (its generated_at) is the first build's, byte for byte.
    const now = await snapshot(dist);
    const report = (s: Record<string, string>) => Object.fromEntries(Object.entries(s).filter(([path]) => path.startsWith("_file/data/report/") && !/\/meta\.[0-9a-f]{8}\.json$/.test(path)));
    expect(Object.keys(report(now)).length).toBeGreaterThan(10);
    expect(report(now)).toEqual(report(defaultDist));

    const out = join(project, ".out", "cli-report");
    const cli = await spawnAsync(process.execPath, ["bin/uvqa.js", "report", "--out", out], project, environment({ SOURCE_DATE_EPOCH: "1767225600" }));
    expect(cli.status, cli.output).toBe(0);
    const folder = await snapshot(join(project, "data", "cache", "report"));
    expect(Object.keys(folder).length).toBeGreaterThan(20);
    expect(await snapshot(out)).toEqual(folder);
  }, 300_000);

  it("a build whose report fails (a config that throws) exits non-zero and changes neither dist/ nor the report folder", async () => {
    const before = await snapshot(dist);
    const report = await snapshot(join(project, "data", "cache", "report"));
    const result = await build({ UVQA_CONFIG: "broken.config.ts" });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("uvqa: cannot load config broken.config.ts:1:7: this config cannot be loaded");
    expect(result.output).toContain("dist/ and data/cache/report/ are unchanged");
    expect(await snapshot(dist)).toEqual(before);
    expect(await snapshot(join(project, "data", "cache", "report"))).toEqual(report);
  }, 300_000);

  it("a build whose site files fail (a bad UVQA_MODEL_PANEL_ITEMS) exits non-zero naming the variable, dist/ and data/cache/site/ unchanged", async () => {
    const before = await snapshot(dist);
    const site = await snapshot(join(project, "data", "cache", "site"));
    const result = await build({ UVQA_MODEL_PANEL_ITEMS: "many" });
    expect(result.status).toBe(2);
    expect(result.output).toContain('site data: invalid UVQA_MODEL_PANEL_ITEMS: "many" (environment)');
    expect(result.output).toContain("build: the site's files failed (scripts/site-data.ts exited 2); dist/ is unchanged");
    expect(await snapshot(dist)).toEqual(before);
    expect(await snapshot(join(project, "data", "cache", "site"))).toEqual(site);
  }, 300_000);

  it("a --clean build whose page build fails exits non-zero and leaves the previous dist/ whole", async () => {
    const before = await snapshot(dist);
    const page = join(project, "src", "broken.md");
    await writeFile(page, '# Broken\n\n```js\nFileAttachment("data/report/no-such-table.arrow")\n```\n');
    try {
      const result = await build({}, ["--clean"]);
      expect(result.status).not.toBe(0);
      expect(result.output).toContain("dist/ is unchanged");
    } finally {
      await unlink(page);
    }
    expect(await snapshot(dist)).toEqual(before);
    expect((await filesUnder(project)).filter((f) => relative(project, f).startsWith(".dist."))).toEqual([]);
  }, 300_000);

  it("a new row in the response cache shows in the next build, with no --clean", async () => {
    const env = { UVQA_CONFIG: "import.config.ts" };
    const items = readFileSync(join(project, "data", "cache", "report", "items.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id);
    // Predictions made elsewhere, imported into the run's cache one at a time (a run with none is an error).
    const importOne = async (item: string, name: string) => {
      const predictions = join(project, ".out", `${name}.jsonl`);
      await writeFile(predictions, JSON.stringify({ item, response: "I cannot tell from the video." }) + "\n");
      const imported = await spawnAsync(process.execPath, ["bin/uvqa.js", "import", "--from", "jsonl", "--file", predictions, "--run", "elsewhere/unaligned"], project, environment());
      expect(imported.status, imported.output).toBe(0);
    };
    await mkdir(join(project, ".out"), { recursive: true });
    await importOne(items[0]!, "first");
    const first = await build(env);
    expect(first.status, first.output.slice(-3000)).toBe(0);
    expect(built<Array<{ items: number; failed: number }>>("runs.json")).toEqual([expect.objectContaining({ items: 1, failed: items.length - 1 })]);
    await importOne(items[1]!, "second");
    const second = await build(env);
    expect(second.status, second.output.slice(-3000)).toBe(0);
    expect(built<Array<{ items: number; failed: number }>>("runs.json")).toEqual([expect.objectContaining({ items: 2, failed: items.length - 2 })]);
    expect(f1(built<Score[]>("scores.json"), "elsewhere/unaligned").n).toBe(2);
  }, 300_000);
});

describe("npm run dev", () => {
  it("computes the report before the preview serves it", async () => {
    await rm(join(project, "data", "cache", "report"), { recursive: true, force: true });
    // A port free a moment ago (Framework's preview reads --port 0 as port 0, not as "any").
    const port = await new Promise<number>((done) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => done(free));
      });
    });
    const child = spawn("npm", ["run", "dev", "--", "--offline", "--no-open", "--port", String(port)], { cwd: project, env: environment({ UVQA_CONFIG: "other.config.ts" }), stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    try {
      const url = await new Promise<string>((done, reject) => {
        const timer = setTimeout(() => reject(new Error(`no preview URL:\n${output}`)), 240_000);
        const seen = (chunk: Buffer) => {
          output += chunk;
          const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
          if (match) {
            clearTimeout(timer);
            done(match[1]!);
          }
        };
        child.stdout.on("data", seen);
        child.stderr.on("data", seen);
        child.on("exit", (code) => reject(new Error(`npm run dev exited ${code}:\n${output}`)));
      });
      expect(output.indexOf("report ready in")).toBeGreaterThan(-1);
      expect(output.indexOf("report ready in")).toBeLessThan(output.indexOf(url));
      const runs = await (await fetch(new URL("_file/data/report/runs.json", url))).json() as Array<{ id: string }>;
      expect(runs.map((r) => r.id)).toEqual(["other/prompt-aligned"]);
    } finally {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    }
  }, 300_000);
});
