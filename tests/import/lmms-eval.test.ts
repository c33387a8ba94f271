// `uvqa import --from lmms-eval` on every released layout of lmms-eval's sample logs (the fixtures in
// fixtures/lmms-eval/ are written as each version writes them; their headers cite the commit): the same four
// rows from each; repeats counted; --filter on a log that names no filter, and a results file, refused with
// a word; --doc-index checked against each sample's target and input.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cacheFile } from "../../loaders/inference/cache.ts";
import { importPredictions } from "../../loaders/inference/import/predictions.ts";
import { toJsonl } from "../../loaders/storage/jsonl.ts";
import { runCli } from "../batch/helpers.ts";
import { items, responses } from "./fixtures/lmms-eval/items.ts";
import * as v010 from "./fixtures/lmms-eval/v0.1.0.ts";
import * as v023 from "./fixtures/lmms-eval/v0.2.3.ts";
import * as v030 from "./fixtures/lmms-eval/v0.3.0.ts";
import * as v030repeats from "./fixtures/lmms-eval/v0.3.0-repeats.ts";
import * as v04 from "./fixtures/lmms-eval/v0.4.ts";
import * as v07 from "./fixtures/lmms-eval/v0.7.ts";
import * as v07reasoning from "./fixtures/lmms-eval/v0.7-reasoning.ts";
import * as v07repeats from "./fixtures/lmms-eval/v0.7-repeats.ts";
import * as v07results from "./fixtures/lmms-eval/v0.7-results.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-lmms-"));
  await writeFile(join(dir, "items.jsonl"), toJsonl(items));
  await writeFile(join(dir, "reversed.jsonl"), toJsonl([...items].reverse()));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a fixture under the name lmms-eval gives it, in a folder of its own. */
async function place(fixture: { name: string; text: string }, folder: string): Promise<string> {
  const file = join(dir, folder, fixture.name);
  await mkdir(join(dir, folder), { recursive: true });
  await writeFile(file, fixture.text);
  return file;
}

const expected = items.map((item, i) => [item.id, responses[i]]);

describe("every released layout", () => {
  // v0.1-v0.3 keep the doc (its question_id names the item); v0.4 and later drop it (--doc-index).
  const layouts: Array<[string, { name: string; text: string }, boolean]> = [
    ["v0.1.0 <task>.json logs", v010, false],
    ["v0.2.3 <task>.json logs with hashes", v023, false],
    ["v0.3.0 samples JSONL", v030, false],
    ["v0.4 samples JSONL (doc, arguments, resps popped)", v04, true],
    ["v0.7 samples JSONL (filtered_resps a string)", v07, true],
    ["v0.7 with reasoning tags (resps the raw output)", v07reasoning, true],
  ];
  test.each(layouts)("%s", async (label, fixture, docIndex) => {
    const file = await place(fixture, label.split(" ")[0]!);
    const report = await importPredictions({ from: "lmms-eval", file, run: "llava/unaligned", items, docIndex, cacheDir: null, out: join(dir, "out.jsonl") });
    expect(report.rows.map((row) => [row.item, row.response])).toEqual(expected);
    expect(report.repeats).toEqual({ samples: 0, dropped: 0 });
    expect(report.warnings).toEqual([]);
  });

  test("v0.7 through the CLI: into the cache, one summary line", async () => {
    const file = await place(v07, "cli-v0.7");
    const result = await runCli(["import", "--from", "lmms-eval", "--file", file, "--run", "llava/unaligned", "--items", join(dir, "items.jsonl"), "--doc-index", "--cache", join(dir, "cache")]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe("uvqa import: 4 rows (llava/unaligned 4); cache: 4 added, 0 already there\n");
  });
});

describe("repeats > 1", () => {
  test.each([["v0.3.0", v030repeats], ["v0.7", v07repeats]] as const)("%s: the filtered response imported, the others counted and said", async (version, fixture) => {
    const file = await place(fixture, `repeats-${version}`);
    const report = await importPredictions({ from: "lmms-eval", file, run: "r", items, docIndex: version === "v0.7", cacheDir: null, out: join(dir, "rep.jsonl") });
    expect(report.rows.map((row) => [row.item, row.response])).toEqual(expected);
    expect(report.repeats).toEqual({ samples: 4, dropped: 8 });
    expect(report.warnings).toEqual(["4 samples have several responses (repeats): the filtered response of each was imported, 8 other responses dropped"]);
  });

  test("the warning on stderr", async () => {
    const file = await place(v07repeats, "repeats-cli");
    const result = await runCli(["import", "--from", "lmms-eval", "--file", file, "--run", "r", "--items", join(dir, "items.jsonl"), "--doc-index", "--no-cache", "--out", join(dir, "rep-cli.jsonl")]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.split("\n")[0]).toBe("uvqa import: warning: 4 samples have several responses (repeats): the filtered response of each was imported, 8 other responses dropped");
  });
});

describe("refused with a word", () => {
  test("--filter on a log that does not name its filters", async () => {
    const file = await place(v07, "filter");
    const result = await runCli(["import", "--from", "lmms-eval", "--file", file, "--run", "r", "--items", join(dir, "items.jsonl"), "--doc-index", "--filter", "take_first", "--cache", join(dir, "cache-filter")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`uvqa: --filter "take_first": ${file} does not name its filters (its samples have no "filter" field; lmms-eval writes one file per filter): leave --filter out\n`);
    expect(existsSync(cacheFile(join(dir, "cache-filter"), "r"))).toBe(false);
  });

  test("a results file instead of a samples log", async () => {
    const file = await place(v07results, "results");
    const result = await runCli(["import", "--from", "lmms-eval", "--file", file, "--run", "r", "--no-cache", "--out", join(dir, "results-out.jsonl")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`uvqa: this is a results file; pass samples_*.jsonl (${file})\n`);
  });

  test("a log of several named filters without --filter", async () => {
    const lines = v07.text.trim().split("\n").slice(0, 2);
    const named = [...lines.map((line) => ({ ...JSON.parse(line), filter: "strict" })), ...lines.map((line) => ({ ...JSON.parse(line), filter: "flexible" }))];
    const file = join(dir, "named.jsonl");
    await writeFile(file, toJsonl(named));
    await expect(importPredictions({ from: "lmms-eval", file, run: "r", items, docIndex: true, cacheDir: null, out: join(dir, "named-out.jsonl") }))
      .rejects.toThrow(`${file} holds samples of filters "strict", "flexible": choose one with --filter <name>`);
    const report = await importPredictions({ from: "lmms-eval", file, run: "r", items, docIndex: true, filter: "flexible", cacheDir: null, out: join(dir, "named-out.jsonl") });
    expect(report.rows.map((row) => row.item)).toEqual(["kitchen/1", "kitchen/2"]);
  });
});

describe("--doc-index checks each sample against its item", () => {
  test("items in another order: refused with the count of mismatches, nothing written", async () => {
    const file = await place(v07, "order");
    const result = await runCli(["import", "--from", "lmms-eval", "--file", file, "--run", "r", "--items", join(dir, "reversed.jsonl"), "--doc-index", "--cache", join(dir, "cache-order")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`uvqa: --doc-index: 4 of 4 samples do not match the item at their doc_id (first: doc_id 0 -> item "garden/2": its question is not in the sample's input; ${file}:1): the items file is not in the task's document order; name the id with --map item=<field>\n`);
    expect(existsSync(cacheFile(join(dir, "cache-order"), "r"))).toBe(false);
  });

  test("two items swapped: 2 of 4", async () => {
    const swapped = [items[0]!, items[2]!, items[1]!, items[3]!];
    const file = await place(v04, "swapped");
    await expect(importPredictions({ from: "lmms-eval", file, run: "r", items: swapped, docIndex: true, cacheDir: null, out: join(dir, "sw.jsonl") }))
      .rejects.toThrow(`--doc-index: 2 of 4 samples do not match the item at their doc_id (first: doc_id 1 -> item "garden/1": its question is not in the sample's input; ${file}:2)`);
  });

  test("the same question with another reference is a mismatch too", async () => {
    const edited = items.map((item, i) => (i === 3 ? { ...item, reference: "Apples." } : item));
    const file = await place(v07, "reference");
    await expect(importPredictions({ from: "lmms-eval", file, run: "r", items: edited, docIndex: true, cacheDir: null, out: join(dir, "ref.jsonl") }))
      .rejects.toThrow(`--doc-index: 1 of 4 samples do not match the item at their doc_id (first: doc_id 3 -> item "garden/2": its reference is not the sample's target; ${file}:4)`);
  });

  test("older logs without an id in the doc: the prompt is read from `arguments`", async () => {
    // v0.2.3 logs of a task whose docs carry no id field: the item comes from --doc-index.
    const whole = JSON.parse(v023.text) as { logs: Array<{ doc: Record<string, unknown> }> };
    for (const sample of whole.logs) delete sample.doc.question_id;
    const file = join(dir, "noid.json");
    await writeFile(file, JSON.stringify(whole, null, 4));
    const report = await importPredictions({ from: "lmms-eval", file, run: "r", items, docIndex: true, cacheDir: null, out: join(dir, "noid-out.jsonl") });
    expect(report.rows.map((row) => [row.item, row.response])).toEqual(expected);
    await expect(importPredictions({ from: "lmms-eval", file, run: "r", items: [...items].reverse(), docIndex: true, cacheDir: null, out: join(dir, "noid-out.jsonl") }))
      .rejects.toThrow(`--doc-index: 4 of 4 samples do not match the item at their doc_id (first: doc_id 0 -> item "garden/2": its question is not in the sample's input; ${file}: record 0)`);
  });
});
