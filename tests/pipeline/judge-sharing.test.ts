// The built-in judge shared with a worker (run-judgments.ts, judgeRunsBuiltin): whether the worker's batch is
// cut at once, after this thread has judged part of the items, or never (this thread judged them all before the
// wait ended), every run gets the very judgments one thread gives. On a small bench data set (bench/generate.ts).
import { mkdtempSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { writeDataSet } from "../../bench/generate.ts";
import { readItemsJsonl } from "../../loaders/datasets/items-jsonl.ts";
import type { Item } from "../../loaders/items/schema.ts";
import { builtinJudgeWorker, judgeRunsBuiltin, type RunJudgments } from "../../loaders/pipeline/run-judgments.ts";
import type { RunResponses } from "../../loaders/pipeline/run-responses.ts";

const base = mkdtempSync(join(tmpdir(), "uvqa-judge-sharing-"));
const RUNS = 3;
let items: Item[];
let runs: RunResponses[];
let single: RunJudgments[];

/** A run's predictions file as the columns judgeRunsBuiltin reads (item index and text; null: a failed request). */
function runOf(r: number, position: Map<string, number>): RunResponses {
  const lines = readFileSync(join(base, "predictions", `${r}.jsonl`), "utf8").trimEnd().split("\n").map((line) => JSON.parse(line) as { item: string; response: string | null });
  const response = lines.map((line) => line.response);
  return {
    run: `run-${r}`, rows: lines.length, item: Int32Array.from(lines, (line) => position.get(line.item)!), response,
    error: [], backend: [], model: [], prompt: [], promptHash: [], settings: [], frames: [], failed: response.filter((text) => text === null).length,
  };
}

beforeAll(async () => {
  await writeDataSet(base, { items: 400, runs: RUNS });
  items = [];
  for (const name of ["synth-a", "synth-b", "synth-c"]) items.push(...(await readItemsJsonl(join(base, `items-${name}.jsonl`))));
  const position = new Map(items.map((item, i) => [item.id, i]));
  runs = Array.from({ length: RUNS }, (_, r) => runOf(r, position));
  single = await judgeRunsBuiltin(runs, items);
}, 60_000);
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

it("one thread judges every answered row of every run, refusals and answers among them", () => {
  expect(single.map((j) => j.rows)).toEqual(runs.map((r) => r.rows - r.failed));
  const refused = single.flatMap((j) => Array.from(j.refused));
  expect(refused).toContain(1);
  expect(refused).toContain(0);
});

it("the worker's batch cut at once: the same judgments", async () => {
  expect(await judgeRunsBuiltin(runs, items, builtinJudgeWorker(), { postAfter: Promise.resolve() })).toEqual(single);
}, 60_000);

it("the worker's batch cut after some of the items were judged here: the same judgments", async () => {
  // Settles after a few of this thread's slices (each slice ends in a setImmediate turn).
  let turns = 0;
  const later = new Promise<void>((resolve) => {
    const tick = () => (++turns === 5 ? resolve() : setImmediate(tick));
    setImmediate(tick);
  });
  expect(await judgeRunsBuiltin(runs, items, builtinJudgeWorker(), { postAfter: later })).toEqual(single);
}, 60_000);

it("a wait that outlasts the judging: every item judged here, the worker ended unused, the same judgments", async () => {
  let release!: () => void;
  const never = new Promise<void>((resolve) => (release = resolve));
  const worker = builtinJudgeWorker();
  const shared = await judgeRunsBuiltin(runs, items, worker, { postAfter: never });
  expect(shared).toEqual(single);
  // The unused worker was ended: its job answers with no verdicts.
  expect(await worker.result).toEqual([]);
  release();
}, 60_000);

it("a wait that fails counts as over: the same judgments", async () => {
  const failed = Promise.reject(new Error("the items job failed"));
  failed.catch(() => {});
  expect(await judgeRunsBuiltin(runs, items, builtinJudgeWorker(), { postAfter: failed })).toEqual(single);
}, 60_000);
