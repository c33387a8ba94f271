// The report build (what the site's data loader runs), in process: the default config offline, and a
// config whose judge is an LLM judge served by a real local server (`uvqa serve --judge`).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { loadSampleItems } from "../../loaders/generate/sample.ts";
import type { Run } from "../../loaders/items/records.ts";
import { loadConfig } from "../../loaders/config/load.ts";
import { loadDataset } from "../../loaders/datasets/configured.ts";
import { writeReport, type ReportOptions } from "../../loaders/pipeline/report.ts";
import { uvqaInProcess } from "../cli/in-process.ts";
import { repoRoot, startServe, type Served } from "../inference/helpers.ts";

type Score = { run: string; slice: string; metric: string; value: number; n: number };
const text = (data: string | Uint8Array | undefined) => (typeof data === "string" ? data : new TextDecoder().decode(data));

let folders = 0;
/** The report written as its folder, read back whole. */
async function buildReport(options: ReportOptions): Promise<{ files: Record<string, Uint8Array>; runs: Run[] }> {
  const out = join(dir, `report-${folders++}`);
  const { runs } = await writeReport(out, options);
  const files: Record<string, Uint8Array> = {};
  for (const name of await readdir(out)) if (!name.startsWith(".")) files[name] = await readFile(join(out, name));
  return { files, runs };
}

/** The sample dataset's size (generated and hand-written items), read from the code. */
const sampleSize = async () => ((await loadDataset({ id: "sample", kind: "sample" }, repoRoot)) as { items: unknown[] }).items.length;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-report-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("buildReport", () => {
  it("builds the offline default: sample items, built-in model, built-in judge, every table", async () => {
    const { files, runs } = await buildReport({ root: repoRoot, cacheDir: join(dir, "cache"), resamples: 200, log: () => {} });
    expect(runs.map((r) => [r.id, r.baseline])).toEqual([
      ["builtin/unaligned", null], ["builtin/prompt-aligned", "builtin/unaligned"], ["builtin-model/prompt-aligned", "builtin/unaligned"],
    ]);
    const scores = JSON.parse(text(files["scores.json"])) as Score[];
    const meta = JSON.parse(text(files["meta.json"]));
    expect(meta.judge.name).toMatch(/^builtin@/);
    const items = text(files["items.jsonl"]).trim().split("\n").length;
    const f1 = scores.find((s) => s.run === "builtin/prompt-aligned" && s.slice === "all" && s.metric === "f1")!;
    expect(f1.n).toBe(items);
    // The unaligned built-in model never refuses: F1 is exactly 0, as in the paper's unaligned rows.
    expect(scores.find((s) => s.run === "builtin/unaligned" && s.slice === "all" && s.metric === "f1")!.value).toBe(0);
    expect(scores.some((s) => s.metric === "llm_score")).toBe(false);
    // Both aligned runs make real mistakes on the sample data (its hand-written part): refusals of answerable
    // questions that the baseline answered correctly (S_ex-ref > 0 of n > 0) and unanswerable ones still answered.
    for (const run of ["builtin/prompt-aligned", "builtin-model/prompt-aligned"]) {
      const score = (metric: string) => scores.find((s) => s.run === run && s.slice === "all" && s.metric === metric)!;
      expect(score("f1").value).toBeLessThan(1);
      expect(score("s_ex_ref").n).toBeGreaterThan(0);
      expect(score("s_ex_ref").value).toBeGreaterThan(0);
      expect(score("s_disc").value).toBeLessThan(1);
    }
    // The Arrow tables the page loads into DuckDB-WASM hold the same rows as scores.json.
    expect(tableFromIPC(files["scores.arrow"] as Uint8Array).numRows).toBe(scores.length);
    expect(tableFromIPC(files["reference.arrow"] as Uint8Array).numRows).toBe(7 * 7);
    // Each aligned run against its baseline: the paired S_acc difference equals the difference of the scores.
    const comparisons = JSON.parse(text(files["comparisons.json"])) as Array<{ a: string; b: string; slice: string; metric: string; diff: number }>;
    const sAcc = (run: string) => scores.find((s) => s.run === run && s.slice === "all" && s.metric === "s_acc")!.value;
    const pair = comparisons.find((c) => c.a === "builtin/unaligned" && c.b === "builtin/prompt-aligned" && c.slice === "all" && c.metric === "s_acc")!;
    expect(pair.diff).toBeCloseTo(sAcc("builtin/prompt-aligned") - sAcc("builtin/unaligned"), 12);
    for (const name of ["items.parquet", "responses.parquet", "judgments.parquet", "scores.parquet", "transitions.parquet"]) {
      expect(files[name], name).toBeInstanceOf(Uint8Array);
    }
  }, 120_000);

  describe("with an LLM judge served by uvqa serve --judge", () => {
    let judge: Served;
    beforeAll(async () => {
      judge = await startServe(["--judge"]);
    });
    afterAll(async () => {
      await judge?.stop();
    });

    it("judges every response through the server and reports llm_score, not match_score", async () => {
      const config = `export default {
  datasets: [{ id: "sample", kind: "sample" }],
  models: [
    { id: "builtin", backend: "builtin", context: "scene" },
    { id: "judge-model", backend: "openai", model: "builtin-judge", baseUrl: "${judge.url}" },
  ],
  runs: [
    { id: "b/unaligned", model: "builtin", prompt: "unaligned", variant: "unaligned" },
    { id: "b/prompt-aligned", model: "builtin", prompt: "prompt-aligned", variant: "prompt-aligned", baseline: "b/unaligned" },
  ],
  judges: [{ id: "served-judge", kind: "llm", model: "judge-model" }],
};
`;
      await writeFile(join(dir, "llm.config.ts"), config);
      const { files } = await buildReport({ root: repoRoot, configPath: join(dir, "llm.config.ts"), cacheDir: join(dir, "cache"), resamples: 100, log: () => {} });
      const meta = JSON.parse(text(files["meta.json"]));
      expect(meta.judge).toMatchObject({ id: "served-judge", kind: "llm" });
      expect(meta.judge.name).toMatch(/^served-judge/);
      const scores = JSON.parse(text(files["scores.json"])) as Score[];
      const items = text(files["items.jsonl"]).trim().split("\n").length;
      expect(scores.find((s) => s.run === "b/unaligned" && s.slice === "all" && s.metric === "llm_score")!.n).toBe(items);
      expect(scores.some((s) => s.metric === "match_score")).toBe(false);
      // The LLM judge (the built-in judge behind the JSON protocol) agrees with the built-in judge here.
      const builtin = await buildReport({ root: repoRoot, cacheDir: join(dir, "cache"), resamples: 100, log: () => {} });
      const value = (all: Score[], run: string, metric: string) => all.find((s) => s.run === run && s.slice === "all" && s.metric === metric)!.value;
      const builtinScores = JSON.parse(text(builtin.files["scores.json"])) as Score[];
      expect(value(scores, "b/prompt-aligned", "f1")).toBe(value(builtinScores, "builtin/prompt-aligned", "f1"));
    }, 120_000);
  });
});

/** The environment without UVQA_DATA_DIR: the default config then reports the sample items only. */
function withoutDataDir(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.UVQA_DATA_DIR;
  return env;
}

describe("runs the report cannot score", () => {
  const configOf = async (name: string, body: string) => {
    const file = join(dir, name);
    await writeFile(file, body);
    return file;
  };

  it("a configured run with no responses is named, with how to import them (not `unknown run`)", async () => {
    const file = await configOf("import.config.ts", `export default {
  datasets: [{ id: "sample", kind: "sample" }],
  models: [{ id: "elsewhere", backend: "import" }],
  runs: [
    { id: "m/unaligned", model: "elsewhere", prompt: "unaligned", variant: "unaligned" },
    { id: "m/prompt-aligned", model: "elsewhere", prompt: "prompt-aligned", variant: "prompt-aligned", baseline: "m/unaligned" },
  ],
};
`);
    await expect(buildReport({ root: repoRoot, configPath: file, cacheDir: join(dir, "cache-import"), resamples: 10, log: () => {} })).rejects.toHaveProperty("message",
      `run m/unaligned has no responses (${await sampleSize()} items): import them: uvqa import --from jsonl|csv|lmms-eval --file <predictions> --run m/unaligned ` +
      "(or uvqa batch import --config <file> --run m/unaligned --file <output.jsonl>)");
  }, 60_000);

  it("items without an imported response are failure rows: runs.json and coverage.json count them alike", async () => {
    const file = await configOf("partial.config.ts", `export default {
  datasets: [{ id: "sample", kind: "sample" }],
  models: [{ id: "elsewhere", backend: "import" }],
  runs: [{ id: "partial", model: "elsewhere", prompt: "unaligned", variant: "unaligned" }],
};
`);
    const some = (await loadSampleItems()).slice(0, 3);
    const predictions = join(dir, "partial-predictions.jsonl");
    await writeFile(predictions, some.map((item) => JSON.stringify({ item: item.id, response: item.reference })).join("\n") + "\n");
    const cacheDir = join(dir, "cache-partial");
    const imported = await uvqaInProcess(["import", "--from", "jsonl", "--file", predictions, "--run", "partial", "--cache", cacheDir]);
    expect(imported.code, imported.stderr).toBe(0);
    const { files } = await buildReport({ root: repoRoot, configPath: file, cacheDir, resamples: 10, log: () => {} });
    const size = await sampleSize();
    expect(JSON.parse(text(files["runs.json"]))).toMatchObject([{ id: "partial", items: 3, missing: size - 3, failed: size - 3 }]);
    expect(JSON.parse(text(files["coverage.json"]))).toMatchObject([{ run: "partial", items: size, judged: 3, missing: size - 3, failed: size - 3 }]);
  }, 60_000);

  it("a config with no runs is an error, not a report of 0 runs", async () => {
    const file = await configOf("empty.config.ts", "export default {};\n");
    await expect(buildReport({ root: repoRoot, configPath: file, cacheDir: join(dir, "cache-empty"), log: () => {} })).rejects.toHaveProperty("message",
      `config ${file} has no runs: nothing to report (README, Running your own models)`);
  });

  it("uvqa report run from another folder finds the repository's config, as uvqa judge does", async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), "uvqa-report-cwd-"));
    const out = join(elsewhere, "report");
    const result = await new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, [join(repoRoot, "bin/uvqa.js"), "report", "--out", out, "--cache", join(elsewhere, "cache"), "--resamples", "10"],
        { cwd: elsewhere, env: withoutDataDir(), stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr!.on("data", (chunk) => (stderr += chunk));
      child.once("close", (code) => done({ code, stderr }));
    });
    expect(result.code, result.stderr).toBe(0);
    const runs = (await loadConfig(join(repoRoot, "uvqa.config.ts"))).runs.length;
    expect(result.stderr.trim().split("\n").at(-1)).toMatch(new RegExp(`^report of ${runs} run\\(s\\): \\d+ files -> ${out}$`));
    const meta = JSON.parse(await readFile(join(out, "meta.json"), "utf8")) as { config: { file: string } };
    expect(meta.config.file).toBe(relative(elsewhere, join(repoRoot, "uvqa.config.ts")));
    await rm(elsewhere, { recursive: true, force: true });
  }, 120_000);
});
