// `uvqa import --from json`: a JSON array of predictions as Video-ChatGPT's and LLaVA's evaluation scripts
// write them (`[{"id", "question", "answer", "pred"}]`, indented), read with the same field rules as JSON
// Lines; the same file given as JSON Lines says which format reads it.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { formatValue } from "../../loaders/errors.ts";
import { importPredictions } from "../../loaders/inference/import/predictions.ts";
import { ResponseRow } from "../../loaders/inference/row.ts";
import { Prediction } from "../../loaders/items/records.ts";
import type { Item } from "../../loaders/items/schema.ts";
import { toJsonl } from "../../loaders/storage/jsonl.ts";
import { jsonl, runCli } from "../batch/helpers.ts";

let dir: string;
const path = (name: string) => join(dir, name);
const items: Item[] = [
  { id: "v_kitchen_1", dataset: "hand", category: "answerable", video: "v_kitchen", question: "What does the man chop?", reference: "He chops onions." },
  { id: "v_park_2", dataset: "hand", category: "object", video: "v_park", question: "What is the horse drinking?", reference: "There is no horse in the video." },
];
// Video-ChatGPT style: the video name as id, the ground truth in "answer", the model's answer in "pred".
const vcg = [
  { id: "v_kitchen_1", question: "What does the man chop?", answer: "He chops onions.", pred: "The man is chopping carrots." },
  { id: "v_park_2", question: "What is the horse drinking?", answer: "There is no horse in the video.", pred: "Water from a bucket." },
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-json-"));
  await writeFile(path("items.jsonl"), toJsonl(items));
  await writeFile(path("vcg.json"), JSON.stringify(vcg, null, 4));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("a Video-ChatGPT predictions array: answer and pred are two candidates, so --map names the prediction", async () => {
  const ambiguous = await runCli(["import", "--from", "json", "--file", path("vcg.json"), "--run", "vcg/unaligned", "--items", path("items.jsonl"), "--no-cache", "--out", path("out.jsonl")]);
  expect(ambiguous.code).toBe(2);
  expect(ambiguous.stderr).toBe(`uvqa: ambiguous response field: "pred" and "answer" are both present (${path("vcg.json")}: record 0); name the one to use with --map response=<field>\n`);

  const result = await runCli(["import", "--from", "json", "--file", path("vcg.json"), "--run", "vcg/unaligned", "--map", "response=pred", "--items", path("items.jsonl"), "--no-cache", "--out", path("out.jsonl")]);
  expect(result.code, result.stderr).toBe(0);
  const rows = jsonl(await readFile(path("out.jsonl"), "utf8")) as ResponseRow[];
  expect(rows.map((row) => [row.item, row.response, row.source])).toEqual([
    ["v_kitchen_1", "The man is chopping carrots.", { file: path("vcg.json"), record: 0 }],
    ["v_park_2", "Water from a bucket.", { file: path("vcg.json"), record: 1 }],
  ]);
  for (const row of rows) {
    expect(row.settings).toEqual({ format: "json" });
    Prediction.parse(ResponseRow.parse(row));
  }
});

test("LLaVA style with question_id and text: one candidate each, read as is", async () => {
  await writeFile(path("llava.json"), JSON.stringify([{ question_id: "v_park_2", prompt: "What is the horse drinking?", text: "I cannot see a horse.", model_id: "llava" }]));
  const report = await importPredictions({ from: "json", file: path("llava.json"), run: "llava", items, cacheDir: null, out: path("llava-out.jsonl") });
  expect(report.rows.map((row) => [row.item, row.response])).toEqual([["v_park_2", "I cannot see a horse."]]);
});

test("the array read as JSON Lines, and other JSON read as an array: each names the format that reads it", async () => {
  await expect(importPredictions({ from: "jsonl", file: path("vcg.json"), run: "r", cacheDir: null, out: path("x.jsonl") }))
    .rejects.toThrow(`${path("vcg.json")} is a JSON array, not JSON Lines: read it with --from json`);
  await writeFile(path("one-line.json"), JSON.stringify(vcg));
  await expect(importPredictions({ from: "jsonl", file: path("one-line.json"), run: "r", cacheDir: null, out: path("x.jsonl") }))
    .rejects.toThrow(`${path("one-line.json")} is a JSON array, not JSON Lines: read it with --from json`);
  await writeFile(path("object.json"), JSON.stringify({ predictions: vcg }));
  await expect(importPredictions({ from: "json", file: path("object.json"), run: "r", cacheDir: null, out: path("x.jsonl") }))
    .rejects.toThrow(`invalid predictions (a JSON array of records is needed): ${formatValue({ predictions: vcg })} (${path("object.json")})`);
  await writeFile(path("results.json"), JSON.stringify({ results: { uvqa_object: { "gpt_eval_score,none": 3 } }, configs: {} }, null, 2));
  await expect(importPredictions({ from: "json", file: path("results.json"), run: "r", cacheDir: null, out: path("x.jsonl") }))
    .rejects.toThrow(`this is a results file; pass samples_*.jsonl with --from lmms-eval (${path("results.json")})`);
  await writeFile(path("logs.json"), JSON.stringify({ args: {}, logs: [] }, null, 4));
  await expect(importPredictions({ from: "json", file: path("logs.json"), run: "r", cacheDir: null, out: path("x.jsonl") }))
    .rejects.toThrow(`${path("logs.json")} is an lmms-eval log, not a JSON array of predictions: read it with --from lmms-eval`);
  await writeFile(path("mixed.json"), JSON.stringify([vcg[0], "stray"]));
  await expect(importPredictions({ from: "json", file: path("mixed.json"), run: "r", map: { response: "pred" }, cacheDir: null, out: path("x.jsonl") }))
    .rejects.toThrow(`invalid record: "stray" (${path("mixed.json")}: record 1)`);
});
