// `uvqa import` from hand-written JSONL, CSV and lmms-eval sample logs: rows land in the response cache
// (read back with the cache's own reader) and in an --out file that `uvqa score --predictions` accepts;
// a second import adds nothing; bad input names file, line and field and writes nothing.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ResponseCache, cacheFile, readCacheFile } from "../../loaders/inference/cache.ts";
import { importPredictions } from "../../loaders/inference/import/predictions.ts";
import { importCacheKey } from "../../loaders/inference/import/rows.ts";
import { ResponseRow } from "../../loaders/inference/row.ts";
import { Prediction } from "../../loaders/items/records.ts";
import type { Item } from "../../loaders/items/schema.ts";
import { toJsonl } from "../../loaders/storage/jsonl.ts";
import { jsonl, runCli } from "../batch/helpers.ts";

let dir: string;
const items: Item[] = ["q1", "q2", "q3"].map((id, i) => ({
  id, dataset: "hand", category: i === 0 ? "answerable" : "object", video: `v${i}`, question: `Question ${i}?`, reference: "ref",
}));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-import-"));
  await writeFile(join(dir, "items.jsonl"), toJsonl(items));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const path = (name: string) => join(dir, name);

describe("uvqa import --from jsonl", () => {
  test("default columns (question_id, prediction), into the cache and --out; a second import adds nothing", async () => {
    await writeFile(path("preds.jsonl"), [
      JSON.stringify({ question_id: "q1", prediction: "A man is cooking." }),
      "",
      JSON.stringify({ question_id: "q2", prediction: "This question is unanswerable: there is no dog." }),
      JSON.stringify({ question_id: "q3", prediction: null }),
    ].join("\n") + "\n");
    const args = ["import", "--from", "jsonl", "--file", path("preds.jsonl"), "--run", "ext/unaligned", "--items", path("items.jsonl"),
      "--model", "llava-7b", "--cache", path("cache"), "--out", path("out.jsonl")];
    const first = await runCli(args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("3 rows (ext/unaligned 3); cache: 3 added, 0 already there");

    const { rows, report } = await readCacheFile(cacheFile(path("cache"), "ext/unaligned"), false);
    expect(report.skippedLines).toBe(0);
    expect(rows.map((row) => [row.item, row.response, row.backend, row.model])).toEqual([
      ["q1", "A man is cooking.", "import", "llava-7b"],
      ["q2", "This question is unanswerable: there is no dog.", "import", "llava-7b"],
      ["q3", null, "import", "llava-7b"],
    ]);
    expect(rows[1]).toMatchObject({ source: { file: path("preds.jsonl"), line: 3 }, settings: { format: "jsonl" } });
    const out = jsonl(await readFile(path("out.jsonl"), "utf8"));
    expect(out).toHaveLength(3);
    for (const row of out) {
      ResponseRow.parse(row);
      Prediction.parse(row); // what `uvqa score --predictions` reads
    }

    const again = await runCli(args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("cache: 0 added, 3 already there");
    expect((await readCacheFile(cacheFile(path("cache"), "ext/unaligned"), false)).rows).toHaveLength(3);
    expect(jsonl(await readFile(path("out.jsonl"), "utf8"))).toHaveLength(3);
  });

  test("a changed response is a new row that the cache returns as the latest", async () => {
    await writeFile(path("changed.jsonl"), JSON.stringify({ id: "q1", answer: "A woman is cooking." }) + "\n");
    const report = await importPredictions({ from: "jsonl", file: path("changed.jsonl"), run: "ext/unaligned", cacheDir: path("cache"), progress: false });
    expect(report).toMatchObject({ added: 1, unchanged: 0 });
    const cache = await ResponseCache.open(path("cache"), "ext/unaligned");
    expect(cache.latest("q1")!.response).toBe("A woman is cooking.");
    expect(cache.latest("q2")!.response).toContain("unanswerable");
    await cache.close();
  });

  test("a run column and nested fields through --map", async () => {
    await writeFile(path("multi.jsonl"), [
      { meta: { qid: "q1" }, out: "yes", model_run: "a/unaligned" },
      { meta: { qid: "q1" }, out: "no", model_run: "b/unaligned" },
    ].map((r) => JSON.stringify(r)).join("\n"));
    const report = await importPredictions({
      from: "jsonl", file: path("multi.jsonl"), map: { item: "meta.qid", response: "out", run: "model_run" }, cacheDir: null, out: path("multi-out.jsonl"),
    });
    expect(report.runs).toEqual({ "a/unaligned": 1, "b/unaligned": 1 });
    expect(jsonl(await readFile(path("multi-out.jsonl"), "utf8")).map((r) => (r as { run: string; response: string }).response)).toEqual(["yes", "no"]);
    expect(existsSync(path("cache/a%2Funaligned.jsonl"))).toBe(false);
  });
});

describe("uvqa import --from csv", () => {
  test("mapped columns, a quoted response over two lines, line numbers of the record's first line", async () => {
    await writeFile(path("preds.csv"), 'vid_q,model_answer,extra\nq1,"He is cooking, then\nhe eats.",x\nq2,Unanswerable.,y\n');
    const report = await importPredictions({
      from: "csv", file: path("preds.csv"), run: "csv/run", map: { item: "vid_q", response: "model_answer" }, items, cacheDir: path("cache"), progress: false,
    });
    expect(report.rows.map((r) => [r.item, r.response, (r.source as { line: number }).line])).toEqual([
      ["q1", "He is cooking, then\nhe eats.", 2],
      ["q2", "Unanswerable.", 4],
    ]);
  });

  test("an unknown item id names the file, the line and the field; nothing is written", async () => {
    await writeFile(path("bad.csv"), "id,pred\nq1,fine\nq1-typo,\"two\nlines\"\nq9,never read\n");
    const result = await runCli(["import", "--from", "csv", "--file", path("bad.csv"), "--run", "bad", "--items", path("items.jsonl"), "--cache", path("cache")]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`uvqa: invalid item: "q1-typo" (${path("bad.csv")}:3)`);
    expect(existsSync(cacheFile(path("cache"), "bad"))).toBe(false);
  });

  test("a missing mapped column and a duplicate item are errors at their line", async () => {
    await writeFile(path("dup.csv"), "id,pred\nq1,a\nq2,b\nq1,c\n");
    await expect(importPredictions({ from: "csv", file: path("dup.csv"), run: "r", cacheDir: null, out: path("x.jsonl") }))
      .rejects.toThrow(`invalid item (again; first at ${path("dup.csv")}:2): "q1" (${path("dup.csv")}:4)`);
    await expect(importPredictions({ from: "csv", file: path("dup.csv"), run: "r", map: { response: "answer_text" }, cacheDir: null, out: path("x.jsonl") }))
      .rejects.toThrow(`invalid answer_text: undefined (${path("dup.csv")}:2)`);
    expect(existsSync(path("x.jsonl"))).toBe(false);
  });
});

describe("uvqa import --from lmms-eval", () => {
  // As lmms_eval/evaluator.py logs a generation task's sample: one request, resps [[text]], filtered_resps [text].
  const sample = (docId: number, doc: Record<string, unknown> | undefined, text: string) => ({
    doc_id: docId,
    ...(doc ? { doc } : {}),
    target: "ref",
    ...(doc ? { arguments: [[`<video> ${String(doc.question ?? "")}`, { max_new_tokens: 64 }]] } : { input: `<video> Question ${docId}?` }),
    resps: [[text]],
    filtered_resps: [text],
    doc_hash: "d".repeat(64),
    prompt_hash: "p".repeat(64),
    target_hash: "t".repeat(64),
    gpt_eval_score: { pred: text },
  });

  test("doc.question_id names the item; the response is the filtered response", async () => {
    await writeFile(path("2024_samples_uvqa_object.jsonl"), [
      sample(0, { question_id: "q2", question: "What is the dog doing?" }, "The dog is sleeping."),
      sample(1, { question_id: "q3", question: "What colour is the car?" }, "Unanswerable: no car is shown."),
    ].map((s) => JSON.stringify(s)).join("\n") + "\n");
    const result = await runCli(["import", "--from", "lmms-eval", "--file", path("2024_samples_uvqa_object.jsonl"), "--run", "lmms/llava",
      "--items", path("items.jsonl"), "--cache", path("cache"), "--out", path("lmms-out.jsonl")]);
    expect(result.code, result.stderr).toBe(0);
    const rows = jsonl(await readFile(path("lmms-out.jsonl"), "utf8")) as ResponseRow[];
    expect(rows.map((r) => [r.item, r.response])).toEqual([["q2", "The dog is sleeping."], ["q3", "Unanswerable: no car is shown."]]);
    expect(rows[0]!.settings).toEqual({ format: "lmms-eval" });
  });

  test("logs without doc (recent lmms-eval drops it): --doc-index reads doc_id as the position in --items", async () => {
    await writeFile(path("samples_nodoc.jsonl"), [sample(2, undefined, "third"), sample(0, undefined, "first")].map((s) => JSON.stringify(s)).join("\n"));
    const report = await importPredictions({ from: "lmms-eval", file: path("samples_nodoc.jsonl"), run: "lmms/idx", items, docIndex: true, cacheDir: null, out: path("idx.jsonl") });
    expect(report.rows.map((r) => [r.item, r.response])).toEqual([["q3", "third"], ["q1", "first"]]);
    // Without --doc-index, doc_id itself is the id: unknown to --items.
    await expect(importPredictions({ from: "lmms-eval", file: path("samples_nodoc.jsonl"), run: "lmms/idx", items, cacheDir: null, out: path("idx.jsonl") }))
      .rejects.toThrow(`invalid item: "2" (${path("samples_nodoc.jsonl")}:1)`);
    await expect(importPredictions({ from: "lmms-eval", file: path("samples_nodoc.jsonl"), run: "r", items: items.slice(0, 2), docIndex: true, cacheDir: null, out: path("idx.jsonl") }))
      .rejects.toThrow(`invalid doc_id: 2 (${path("samples_nodoc.jsonl")}:1)`);
  });

  test("the older single-file form {logs: [...]} and a --map to another doc field", async () => {
    await writeFile(path("uvqa_object.json"), JSON.stringify({ args: {}, model_configs: {}, logs: [sample(0, { video_key: "q1" }, "ok")] }, null, 2));
    const report = await importPredictions({ from: "lmms-eval", file: path("uvqa_object.json"), run: "old", map: { item: "doc.video_key" }, cacheDir: null, out: path("old.jsonl") });
    expect(report.rows.map((r) => [r.item, r.response, r.source])).toEqual([["q1", "ok", { file: path("uvqa_object.json"), record: 0 }]]);
  });

  test("a sample without filtered_resps is an error naming the field and line", async () => {
    await writeFile(path("samples_bad.jsonl"), JSON.stringify(sample(0, { id: "q1" }, "x")) + "\n" + JSON.stringify({ doc_id: 1, doc: { id: "q2" }, resps: [] }) + "\n");
    const result = await runCli(["import", "--from", "lmms-eval", "--file", path("samples_bad.jsonl"), "--run", "r", "--cache", path("cache-bad")]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`uvqa: invalid filtered_resps: undefined (${path("samples_bad.jsonl")}:2)`);
    expect(existsSync(path("cache-bad/r.jsonl"))).toBe(false);
  });
});

describe("import cache keys", () => {
  test("sha256 of {backend, run, item, response} as JSON, as before (re-importing into an older cache adds nothing)", () => {
    // printf '%s' '{"backend":"import","run":"r/1","item":"q1","response":"A man is cooking."}' | sha256sum
    expect(importCacheKey("r/1", "q1", "A man is cooking.")).toBe("74267e537603f30ba72a2104d40507e407e41318e6d45cf07559d476bc6fc537");
    expect(importCacheKey("r/1", "q2", null)).toBe("4395f32d997f114f2bc36d059c06e37225d80d346ed461072f1b142da8b57f0a");
  });
});
