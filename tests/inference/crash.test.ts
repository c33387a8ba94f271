// Crash: `uvqa infer --config` (two runs) is SIGKILLed ten times at random moments and resumed each time;
// the final out file has exactly items x runs rows, no duplicate, no torn line, and the same responses as
// an uninterrupted run.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomLcg } from "d3-random";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ResponseRow } from "../../loaders/inference/row.ts";
import { cacheFile } from "../../loaders/inference/cache.ts";
import type { Item } from "../../loaders/items/schema.ts";
import { toJsonl } from "../../loaders/storage/jsonl.ts";
import { runCli, spawnCli, startServe, uvqaItems, type Served } from "./helpers.ts";

let served: Served;
let dir: string;
let items: Item[];
const RUNS = ["http/unaligned", "http/prompt-aligned"];
/** The kill delays come from a seeded generator, so a failing sequence can be replayed (CRASH_SEED=n). */
const SEED = Number(process.env.CRASH_SEED ?? 11);
const random = randomLcg(SEED);

beforeAll(async () => {
  [served, dir, items] = await Promise.all([startServe(["--latency-ms", "40"]), mkdtemp(join(tmpdir(), "uvqa-crash-")), uvqaItems(120)]);
  await writeFile(join(dir, "items.jsonl"), toJsonl(items));
  const config = {
    datasets: [{ id: "these", kind: "items", path: "items.jsonl" }],
    models: [{ id: "served", backend: "openai", model: "builtin", baseUrl: served.url, context: "scene", concurrency: 6 }],
    runs: [
      { id: RUNS[0], model: "served", prompt: "unaligned", variant: "unaligned" },
      { id: RUNS[1], model: "served", prompt: "prompt-aligned", variant: "prompt-aligned", baseline: RUNS[0] },
    ],
  };
  await writeFile(join(dir, "experiment.config.ts"), `export default ${JSON.stringify(config, null, 2)};\n`);
});
afterAll(async () => {
  await served?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Lines in the run caches, torn last lines included (a cheap progress probe). */
async function cachedLines(): Promise<number> {
  let lines = 0;
  for (const run of RUNS) {
    const text = await readFile(cacheFile(join(dir, "cache"), run), "utf8").catch(() => "");
    lines += text.split("\n").length - 1;
  }
  return lines;
}

test("ten SIGKILLs at random moments, resumed each time: items x runs rows, no duplicate, no torn line", async () => {
  const args = ["infer", "--config", join(dir, "experiment.config.ts"), "--out", join(dir, "out.jsonl"), "--cache", join(dir, "cache")];
  let killedWhileRunning = 0;
  for (let i = 0; i < 10; i++) {
    const before = await cachedLines();
    const { child, done } = spawnCli(args);
    let exited = false;
    void done.then(() => (exited = true));
    // Kill at a random moment while the process is at work: once it has written a new cache row, after a
    // random 0-150 ms (a fixed delay would race the shrinking remainder of the job and often miss it).
    while (!exited && (await cachedLines()) <= before) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, random() * 150));
    if (!exited && child.kill("SIGKILL")) killedWhileRunning++;
    const result = await done;
    expect(result.signal === "SIGKILL" || result.code === 0, `CRASH_SEED=${SEED}, kill ${i}: ${result.stderr}`).toBe(true);
  }
  expect(killedWhileRunning, `CRASH_SEED=${SEED}`).toBeGreaterThan(5);
  const final = await runCli(args);
  expect(final.code, final.stderr).toBe(0);

  const text = await readFile(join(dir, "out.jsonl"), "utf8");
  expect(text.endsWith("\n")).toBe(true);
  const rows = text.trimEnd().split("\n").map((line) => ResponseRow.parse(JSON.parse(line)));
  expect(rows).toHaveLength(items.length * RUNS.length);
  const keys = rows.map((row) => `${row.run}\u0000${row.item}`);
  expect(new Set(keys).size).toBe(keys.length);
  for (const run of RUNS) expect(rows.filter((row) => row.run === run).map((row) => row.item).sort()).toEqual(items.map((item) => item.id).sort());
  expect(rows.every((row) => row.error === null)).toBe(true);

  // Same responses as an uninterrupted run into a fresh cache.
  const clean = await runCli(["infer", "--config", join(dir, "experiment.config.ts"), "--out", join(dir, "clean.jsonl"), "--cache", join(dir, "clean-cache")]);
  expect(clean.code, clean.stderr).toBe(0);
  const expected = new Map((await readFile(join(dir, "clean.jsonl"), "utf8")).trimEnd().split("\n").map((line) => {
    const row = JSON.parse(line) as ResponseRow;
    return [`${row.run}\u0000${row.item}`, row.response] as const;
  }));
  for (const row of rows) expect(row.response).toBe(expected.get(`${row.run}\u0000${row.item}`));
}, 90_000);
