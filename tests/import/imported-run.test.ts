// A model with backend "import": the run's responses are the rows `uvqa import` put in the run's cache.
// `inferRun` (what the report and `uvqa infer --config` call) returns them, sends nothing and writes
// nothing to the cache; an item nobody imported is a `missing` failure row.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ExperimentConfigSchema } from "../../loaders/config/schema.ts";
import { cacheFile } from "../../loaders/inference/cache.ts";
import { importPredictions } from "../../loaders/inference/import/predictions.ts";
import { inferRun } from "../../loaders/inference/run.ts";
import { ResponseRow } from "../../loaders/inference/row.ts";
import type { Item } from "../../loaders/items/schema.ts";
import { toJsonl } from "../../loaders/storage/jsonl.ts";
import { jsonl, runCli } from "../batch/helpers.ts";

let dir: string;
const path = (name: string) => join(dir, name);
const items: Item[] = ["q1", "q2", "q3"].map((id, i) => ({
  id, dataset: "hand", category: i === 0 ? "answerable" : "object", video: `v${i}`, question: `Question ${i}?`, reference: "ref",
}));
const noRequests: typeof fetch = async () => {
  throw new Error("an import run sent a request");
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-imported-run-"));
  await writeFile(path("items.jsonl"), toJsonl(items));
  await writeFile(path("preds.jsonl"), toJsonl([
    { question_id: "q1", prediction: "A man is cooking." },
    { question_id: "q2", prediction: "This question is unanswerable: there is no dog." },
  ]));
  const imported = await runCli(["import", "--from", "jsonl", "--file", path("preds.jsonl"), "--run", "ext/unaligned", "--model", "llava-7b",
    "--items", path("items.jsonl"), "--cache", path("cache")]);
  expect(imported.code, imported.stderr).toBe(0);
  await writeFile(path("uvqa.config.ts"), `export default ${JSON.stringify({
    models: [{ id: "llava-7b", backend: "import" }],
    runs: [{ id: "ext/unaligned", model: "llava-7b", prompt: "unaligned", variant: "unaligned" }],
  }, null, 2)};\n`);
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("backend import", () => {
  test("inferRun returns the imported responses, and a missing failure for an item not imported; the cache is untouched", async () => {
    const config = ExperimentConfigSchema.parse({
      models: [{ id: "llava-7b", backend: "import" }],
      runs: [{ id: "ext/unaligned", model: "llava-7b", prompt: "unaligned", variant: "unaligned" }],
    });
    const before = await readFile(cacheFile(path("cache"), "ext/unaligned"), "utf8");
    const logged: string[] = [];
    const rows = await inferRun({ config, runId: "ext/unaligned", items, cacheDir: path("cache"), fetch: noRequests, log: (line) => logged.push(line) });
    expect(rows.map((row) => [row.item, row.response, row.backend, row.model, row.error?.class ?? null])).toEqual([
      ["q1", "A man is cooking.", "import", "llava-7b", null],
      ["q2", "This question is unanswerable: there is no dog.", "import", "llava-7b", null],
      ["q3", null, "import", "llava-7b", "missing"],
    ]);
    expect(rows[2]!.error!.message).toContain("uvqa import --run ext/unaligned");
    expect(rows[2]!.error!.attempts).toBe(0);
    for (const row of rows) ResponseRow.parse(row);
    expect(logged.join("\n")).toContain("1 of 3 items have no imported prediction");
    expect(await readFile(cacheFile(path("cache"), "ext/unaligned"), "utf8")).toBe(before);
  });

  test("\"file\" (architecture.md's name) is the same backend", () => {
    const config = ExperimentConfigSchema.parse({ models: [{ id: "m", backend: "file" }] });
    expect(config.models[0]!.backend).toBe("import");
  });

  test("uvqa infer --config on it: the imported rows in --out, the missing item reported, nothing sent", async () => {
    const result = await runCli(["infer", "--config", path("uvqa.config.ts"), "--items", path("items.jsonl"), "--cache", path("cache"), "--out", path("out.jsonl")]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("ext/unaligned: 3 rows (2 answered, 1 failed, 1 not imported; 0 new, 2 from the cache)");
    const out = jsonl(await readFile(path("out.jsonl"), "utf8")) as ResponseRow[];
    expect(out.map((row) => [row.item, row.response, row.error?.class ?? null])).toEqual([
      ["q1", "A man is cooking.", null],
      ["q2", "This question is unanswerable: there is no dog.", null],
      ["q3", null, "missing"],
    ]);
  });
  test("re-importing an earlier file (A, then B, then A again): the run uses A, the newest import", async () => {
    const config = ExperimentConfigSchema.parse({
      models: [{ id: "m", backend: "import" }],
      runs: [{ id: "rev/unaligned", model: "m", prompt: "unaligned", variant: "unaligned" }],
    });
    const file = path("revert.jsonl");
    const added: number[] = [];
    for (const response of ["Answer A.", "Answer B.", "Answer A."]) {
      await writeFile(file, toJsonl([{ item: "q1", response }]));
      const report = await importPredictions({ from: "jsonl", file, run: "rev/unaligned", cacheDir: path("cache"), progress: false });
      added.push(report.added);
    }
    expect(added).toEqual([1, 1, 1]);
    const rows = await inferRun({ config, runId: "rev/unaligned", items: [items[0]!], cacheDir: path("cache"), fetch: noRequests, log: () => {} });
    expect(rows.map((row) => row.response)).toEqual(["Answer A."]);
    // The same file once more changes nothing.
    const again = await importPredictions({ from: "jsonl", file, run: "rev/unaligned", cacheDir: path("cache"), progress: false });
    expect(again).toMatchObject({ added: 0, unchanged: 1 });
  });

  test("rows another backend left in the run's cache are not passed off as imports", async () => {
    // The same run id was first answered by the built-in model (item q3), then switched to backend import.
    const answered = ExperimentConfigSchema.parse({
      models: [{ id: "b", backend: "builtin", context: "none" }],
      runs: [{ id: "switched/unaligned", model: "b", prompt: "unaligned", variant: "unaligned" }],
    });
    const [builtinRow] = await inferRun({ config: answered, runId: "switched/unaligned", items: [items[2]!], cacheDir: path("cache"), log: () => {} });
    expect(builtinRow!.backend).toBe("builtin");
    const file = path("switched.jsonl");
    await writeFile(file, toJsonl([{ item: "q1", response: "Imported." }]));
    await importPredictions({ from: "jsonl", file, run: "switched/unaligned", cacheDir: path("cache"), progress: false });
    const config = ExperimentConfigSchema.parse({
      models: [{ id: "m", backend: "import" }],
      runs: [{ id: "switched/unaligned", model: "m", prompt: "unaligned", variant: "unaligned" }],
    });
    const rows = await inferRun({ config, runId: "switched/unaligned", items: [items[0]!, items[2]!], cacheDir: path("cache"), fetch: noRequests, log: () => {} });
    expect(rows.map((row) => [row.item, row.response, row.error?.class ?? null])).toEqual([["q1", "Imported.", null], ["q3", null, "missing"]]);
  });
});
