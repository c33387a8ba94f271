// No silent guess of the response field: a record holding two candidate fields (the prediction in `text`
// or `model_output` beside the ground truth in `answer`) is an error naming both and --map; the one field
// present is taken as before; and when most imported responses equal the items' references, the import
// says so (a file whose "responses" are its references would score F1 1.0).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cacheFile } from "../../loaders/inference/cache.ts";
import { importPredictions } from "../../loaders/inference/import/predictions.ts";
import { sameText } from "../../loaders/inference/import/reference.ts";
import type { Item } from "../../loaders/items/schema.ts";
import { toJsonl } from "../../loaders/storage/jsonl.ts";
import { runCli } from "../batch/helpers.ts";

let dir: string;
const path = (name: string) => join(dir, name);
const items: Item[] = [
  { id: "v1", dataset: "hand", category: "answerable", video: "v1", question: "What is the boy kicking?", reference: "A red ball." },
  { id: "v2", dataset: "hand", category: "object", video: "v2", question: "What is the cat on the sofa eating?", reference: "There is no cat in the video." },
  { id: "v3", dataset: "hand", category: "answerable", video: "v3", question: "Where is the bicycle?", reference: "Leaning on the fence." },
];
const predictions = ["A football.", "I do not see a cat here.", "Next to the gate."];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-fields-"));
  await writeFile(path("items.jsonl"), toJsonl(items));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("two candidate response fields", () => {
  test.each(["text", "model_output"])("the prediction in %s beside the ground truth in answer: an error naming both and --map", async (field) => {
    const file = path(`with-${field}.jsonl`);
    await writeFile(file, toJsonl(items.map((item, i) => ({ id: item.id, question: item.question, answer: item.reference, [field]: predictions[i] }))));
    const result = await runCli(["import", "--from", "jsonl", "--file", file, "--run", "r", "--items", path("items.jsonl"), "--cache", path("cache")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`uvqa: ambiguous response field: "${field}" and "answer" are both present (${file}:1); name the one to use with --map response=<field>\n`);
    expect(existsSync(cacheFile(path("cache"), "r"))).toBe(false);

    const mapped = await importPredictions({ from: "jsonl", file, run: "r", map: { response: field }, items, cacheDir: null, out: path("mapped.jsonl") });
    expect(mapped.rows.map((row) => row.response)).toEqual(predictions);
    expect(mapped.warnings).toEqual([]);
  });

  test("three candidates are all named", async () => {
    const file = path("three.jsonl");
    await writeFile(file, toJsonl([{ id: "v1", pred: "a", output: "b", answer: "c" }]));
    await expect(importPredictions({ from: "jsonl", file, run: "r", cacheDir: null, out: path("x.jsonl") }))
      .rejects.toThrow(`ambiguous response field: "pred", "output" and "answer" are all present (${file}:1); name the one to use with --map response=<field>`);
  });

  test("two candidate item fields (id and question_id) are an error too", async () => {
    const file = path("two-ids.csv");
    await writeFile(file, "id,question_id,pred\n0,v1,A football.\n");
    await expect(importPredictions({ from: "csv", file, run: "r", cacheDir: null, out: path("x.jsonl") }))
      .rejects.toThrow(`ambiguous item field: "id" and "question_id" are both present (${file}:2); name the one to use with --map item=<field>`);
  });

  test("one candidate present is taken without a word", async () => {
    const file = path("one.jsonl");
    await writeFile(file, toJsonl(items.map((item, i) => ({ id: item.id, model_output: predictions[i] }))));
    const report = await importPredictions({ from: "jsonl", file, run: "r", items, cacheDir: null, out: path("one-out.jsonl") });
    expect(report.rows.map((row) => row.response)).toEqual(predictions);
    expect(report.warnings).toEqual([]);
  });
});

describe("responses that equal the references", () => {
  test("most of them: a warning naming the field", async () => {
    const file = path("echo.jsonl");
    // The file's only response-like field holds the ground truth (two of three, spacing and case aside).
    await writeFile(file, toJsonl([
      { id: "v1", answer: "a red  ball." },
      { id: "v2", answer: "There is no cat in the video." },
      { id: "v3", answer: "Next to the gate." },
    ]));
    const result = await runCli(["import", "--from", "jsonl", "--file", file, "--run", "echo", "--items", path("items.jsonl"), "--no-cache", "--out", path("echo-out.jsonl")]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe([
      `uvqa import: warning: 2 of 3 imported responses equal their item's reference: is "answer" the ground truth? name the prediction with --map response=<field>`,
      `uvqa import: 3 rows (echo 3) -> ${path("echo-out.jsonl")}`,
      "",
    ].join("\n"));
  });

  test("half or fewer: no warning", async () => {
    const file = path("some.jsonl");
    await writeFile(file, toJsonl([{ id: "v1", answer: "A red ball." }, { id: "v2", answer: "No." }, { id: "v3", answer: "Behind the house." }]));
    const report = await importPredictions({ from: "jsonl", file, run: "r", items, cacheDir: null, out: path("some-out.jsonl") });
    expect(report.warnings).toEqual([]);
  });

  test("lmms-eval: compared with each sample's own target when no items are given", async () => {
    const file = path("samples_echo.jsonl");
    await writeFile(file, toJsonl(items.map((item, i) => ({ doc_id: i, target: item.reference, filtered_resps: item.reference, input: item.question }))));
    const report = await importPredictions({ from: "lmms-eval", file, run: "r", cacheDir: null, out: path("lmms-echo.jsonl") });
    expect(report.warnings).toEqual([`3 of 3 imported responses equal their item's reference: is "filtered_resps" the ground truth? name the prediction with --map response=<field>`]);
  });

  test("sameText: case and runs of white space aside, nothing else", () => {
    expect(sameText("  A red\n ball. ", "a RED ball.")).toBe(true);
    expect(sameText("A red ball.", "A red ball")).toBe(false);
    expect(sameText("A redball.", "A red ball.")).toBe(false);
    expect(sameText("A red ball. ", "A red ball. x")).toBe(false);
    expect(sameText("", "   ")).toBe(true);
  });
});
