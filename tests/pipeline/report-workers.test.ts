// The report's worker threads (pipeline/worker.ts): the built-in judge and the scoring on a second thread give
// the very same folder as one thread, and an error in a worker fails the report with its message. On a small bench
// data set (bench/generate.ts: imported runs, three datasets, slice fields, twin pairs).
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPlans, writeDataSet } from "../../bench/generate.ts";
import { writeReport, type ReportOptions } from "../../loaders/pipeline/report.ts";
import { uvqaInProcess } from "../cli/in-process.ts";

const base = mkdtempSync(join(tmpdir(), "uvqa-report-workers-"));
const data = join(base, "data");
const cacheDir = join(data, "responses");
const RUNS = 4, ITEMS = 300;
const GENERATED_AT = new Date("2026-01-02T03:04:05Z");

/** The report of the bench data set into `name`, and its files' bytes. */
async function report(name: string, options: ReportOptions): Promise<Map<string, Buffer>> {
  const out = join(base, name);
  await writeReport(out, { root: data, configPath: "uvqa.config.ts", cacheDir, resamples: 50, generatedAt: GENERATED_AT, log: () => {}, ...options });
  return new Map(readdirSync(out).filter((f) => !f.startsWith(".")).sort().map((f) => [f, readFileSync(join(out, f))]));
}

let single: Map<string, Buffer>;
beforeAll(async () => {
  const { plans } = await writeDataSet(data, { items: ITEMS, runs: RUNS });
  for (const [r, plan] of plans.entries()) {
    const imported = await uvqaInProcess(["import", "--from", "jsonl", "--file", join(data, "predictions", `${r}.jsonl`),
      "--run", plan.id, "--model", plan.model, "--prompt", plan.prompt, "--cache", cacheDir]);
    expect(imported.code, imported.stderr).toBe(0);
  }
  // One thread: workers off (and the data set is below MIN_WORKER_RESPONSES anyway).
  single = await report("single", { workers: false });
}, 120_000);
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe("the report's worker threads", () => {
  it("give the very same folder as one thread, in one group or several", async () => {
    expect(runPlans(RUNS).length).toBe(RUNS);
    for (const groupResponses of [undefined, 2 * ITEMS]) {
      const threaded = await report(`threaded-${groupResponses ?? "one-group"}`, { minWorkerResponses: 0, ...(groupResponses ? { groupResponses } : {}) });
      expect([...threaded.keys()]).toEqual([...single.keys()]);
      for (const [name, bytes] of single) expect(threaded.get(name)!.equals(bytes), `${name} (groups of ${groupResponses ?? "all"})`).toBe(true);
    }
  }, 120_000);

  it("an error thrown in a worker job rejects the report with its message and exit code; the folder is left as it was", async () => {
    const kept = join(base, "single");
    // Nothing checks the resamples before scoring, which runs in its worker: its option check throws there.
    const failed = writeReport(kept, { root: data, configPath: "uvqa.config.ts", cacheDir, resamples: -1, minWorkerResponses: 0, log: () => {} });
    await expect(failed).rejects.toThrow("invalid resamples: -1");
    await expect(failed).rejects.toMatchObject({ exitCode: 2 });
    expect(readdirSync(kept).filter((f) => !f.startsWith(".")).sort()).toEqual([...single.keys()]);
    for (const [name, bytes] of single) expect(readFileSync(join(kept, name)).equals(bytes), name).toBe(true);
  }, 60_000);
});
