// Batch files end to end with real processes: `uvqa batch export` for a configured run, each request
// answered by POSTing its body to a real `uvqa serve` on 127.0.0.1 and written in the Batch API output
// format, `uvqa batch import`, then `inferRun` for that run sends nothing and returns one row per item,
// the same rows a direct run would have made.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../loaders/config/load.ts";
import { formatValue } from "../../loaders/errors.ts";
import { BatchRequestLineSchema, CustomIds, MAX_CUSTOM_ID, customId } from "../../loaders/inference/batch/format.ts";
import { importBatchOutput } from "../../loaders/inference/batch/import.ts";
import { cacheFile, readCacheFile } from "../../loaders/inference/cache.ts";
import { batchRun } from "../../loaders/inference/batch/context.ts";
import { inferRun, prepareRequest } from "../../loaders/inference/run.ts";
import type { Item } from "../../loaders/items/schema.ts";
import { toJsonl } from "../../loaders/storage/jsonl.ts";
import { jsonl, runCli, startServe, type Served } from "./helpers.ts";

let served: Served;
let dir: string;
const RUN = "m/prompt-aligned";

const scene = {
  objects: ["woman", "mug", "coffee", "cat", "table"],
  relations: ["woman pouring coffee", "woman holding mug", "cat sleeping", "mug on table"],
  triples: [
    { subject: "woman", predicate: "pouring", object: "coffee" },
    { subject: "woman", predicate: "holding", object: "mug" },
    { subject: "cat", predicate: "sleeping", object: null },
    { subject: "mug", predicate: "on", object: "table" },
  ],
  attributes: [{ object: "mug", attribute: "blue", class: "colour" }],
  captions: ["A woman pours coffee into a blue mug while a cat sleeps."],
};
const questions: Array<[Item["category"], string, string]> = [
  ["answerable", "What is the woman pouring?", "Coffee."],
  ["answerable", "What colour is the mug?", "Blue."],
  ["answerable", "What is the cat doing?", "Sleeping."],
  ["object", "What is the dog doing?", "There is no dog."],
  ["object", "Why is the woman holding the teapot?", "There is no teapot."],
  ["relation", "Why is the woman throwing the mug?", "She is holding it."],
  ["relation", "Why is the cat eating?", "The cat is sleeping."],
  ["attribute", "Why is the mug red?", "The mug is blue."],
  ["attribute", "What is in the green mug?", "The mug is blue."],
  ["answerable", "Where is the mug?", "On the table."],
];
const items: Item[] = questions.map(([category, question, reference], i) => ({
  id: `kitchen-${i}`, dataset: "hand", category, video: "kitchen", question, reference, scene,
}));

beforeAll(async () => {
  [served, dir] = await Promise.all([startServe(), mkdtemp(join(tmpdir(), "uvqa-batch-"))]);
  await writeFile(join(dir, "items.jsonl"), toJsonl(items));
  await writeFile(join(dir, "uvqa.config.ts"), `export default ${JSON.stringify({
    datasets: [{ id: "hand", kind: "items", path: "items.jsonl" }],
    models: [{ id: "m", backend: "openai", model: "builtin", baseUrl: served.url, context: "scene", seed: 7, maxTokens: 200 }],
    runs: [{ id: RUN, model: "m", prompt: "prompt-aligned", variant: "prompt-aligned" }, { id: "m/unaligned", model: "m", prompt: "unaligned", variant: "unaligned" }],
  }, null, 2)};\n`);
});
afterAll(async () => {
  await served?.stop();
  await rm(dir, { recursive: true, force: true });
});

const stats = async () => (await (await fetch(`${served.url}/stats`)).json()) as { completions: number };
const path = (name: string) => join(dir, name);

const ids = () => new CustomIds(RUN, [RUN, "m/unaligned"], items);
const itemOf = (id: string) => {
  const resolved = ids().resolve(id);
  return "item" in resolved ? resolved.item : resolved.why;
};

/** What the Batch API would do with the file: POST each body, write {id, custom_id, response, error}. */
async function answerRequests(requests: unknown[], expire: string): Promise<string> {
  const origin = new URL(served.url).origin;
  const lines = [];
  for (const [i, value] of requests.entries()) {
    const request = BatchRequestLineSchema.parse(value);
    if (itemOf(request.custom_id) === expire) {
      lines.push({ id: `batch_req_${i}`, custom_id: request.custom_id, response: null, error: { code: "batch_expired", message: "This request could not be executed before the completion window expired." } });
      continue;
    }
    const res = await fetch(origin + request.url, { method: request.method, headers: { "content-type": "application/json" }, body: JSON.stringify(request.body) });
    lines.push({ id: `batch_req_${i}`, custom_id: request.custom_id, response: { status_code: res.status, request_id: `req_${i}`, body: await res.json() }, error: null });
  }
  return toJsonl(lines);
}

describe("uvqa batch export / import", () => {
  test("export what the cache lacks, answer it elsewhere, import: inferRun then sends nothing", async () => {
    const config = await loadConfig(path("uvqa.config.ts"));
    // Three items answered directly first: the export leaves them out.
    await inferRun({ config, runId: RUN, items: items.slice(0, 3), cacheDir: path("cache"), progress: false });

    const exported = await runCli(["batch", "export", "--config", path("uvqa.config.ts"), "--run", RUN, "--out", path("requests.jsonl"), "--cache", path("cache")]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toContain(`${RUN}: 10 items, 3 cached, 7 requests`);
    const requests = jsonl(await readFile(path("requests.jsonl"), "utf8"));
    expect(requests).toHaveLength(7);
    for (const request of requests) {
      const line = BatchRequestLineSchema.parse(request);
      expect(itemOf(line.custom_id)).toMatch(/^kitchen-\d$/);
      expect(line.custom_id.length).toBeLessThanOrEqual(MAX_CUSTOM_ID);
      expect(line.body).toMatchObject({ model: "builtin", temperature: 0, max_tokens: 200, seed: 7 });
    }

    const output = await answerRequests(requests, "kitchen-9");
    await writeFile(path("output.jsonl"), output);
    const afterAnswers = (await stats()).completions;

    const imported = await runCli(["batch", "import", "--config", path("uvqa.config.ts"), "--run", RUN, "--file", path("output.jsonl"), "--cache", path("cache")]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain(`${RUN}: 7 lines, 7 added (1 failures), 0 already cached`);
    const again = await runCli(["batch", "import", "--config", path("uvqa.config.ts"), "--run", RUN, "--file", path("output.jsonl"), "--cache", path("cache")]);
    expect(again.stderr).toContain("7 lines, 0 added (0 failures), 7 already cached");
    expect((await readCacheFile(cacheFile(path("cache"), RUN), false)).rows).toHaveLength(10);

    const rows = await inferRun({ config, runId: RUN, items, cacheDir: path("cache"), progress: false, log: () => {} });
    expect((await stats()).completions).toBe(afterAnswers); // nothing sent
    expect(rows.map((row) => row.item)).toEqual(items.map((item) => item.id));
    expect(rows.filter((row) => row.backend === "batch")).toHaveLength(7);
    expect(rows[9]).toMatchObject({ backend: "batch", response: null, error: { class: "batch_expired" } });

    // The same rows a direct run makes: responses, prompt hashes and cache keys.
    const direct = await inferRun({ config, runId: RUN, items: items.slice(3, 9), cacheDir: path("cache-direct"), progress: false });
    expect(direct.map((row) => row.item)).toEqual(items.slice(3, 9).map((item) => item.id));
    for (const row of direct) {
      const batched = rows.find((r) => r.item === row.item)!;
      expect([batched.response, batched.prompt_hash, batched.cache_key]).toEqual([row.response, row.prompt_hash, row.cache_key]);
      expect(batched.usage).toEqual(row.usage);
    }

    // A second export has only the expired request left (with --retry-failed).
    const rest = await runCli(["batch", "export", "--config", path("uvqa.config.ts"), "--run", RUN, "--out", path("rest.jsonl"), "--cache", path("cache"), "--retry-failed"]);
    expect(rest.stderr).toContain("10 items, 9 cached, 1 requests");
  }, 120_000); // four CLI processes: slow on a busy machine

  test("a bad output line names file, line and field, and nothing is written", async () => {
    const config = await loadConfig(path("uvqa.config.ts"));
    const key = "a".repeat(64);
    const good = { id: "b1", custom_id: customId(RUN, "kitchen-0", key), response: { status_code: 200, request_id: "r", body: { choices: [{ message: { content: "hi" } }] } }, error: null };
    const cases: Array<[unknown, string]> = [
      // Ids of the older long form ("<run>|<item>|<key>") are still read, and their faults named the same way.
      [{ ...good, custom_id: `other/run|kitchen-0|${key}` }, `invalid custom_id (a request of another run, not ${RUN}): ${formatValue(`other/run|kitchen-0|${key}`)}`],
      [{ ...good, custom_id: `m/unaligned|kitchen-0|${key}` }, `invalid custom_id (a request of run m/unaligned, not ${RUN}): ${formatValue(`m/unaligned|kitchen-0|${key}`)}`],
      [{ ...good, custom_id: `${RUN}|kitchen-77|${key}` }, `invalid custom_id (item "kitchen-77" is not among the run's items): ${formatValue(`${RUN}|kitchen-77|${key}`)}`],
      [{ ...good, custom_id: customId("m/unaligned", "kitchen-0", key) }, `invalid custom_id (a request of run m/unaligned, not ${RUN}): ${formatValue(customId("m/unaligned", "kitchen-0", key))}`],
      [{ ...good, custom_id: customId("elsewhere", "kitchen-0", key) }, `invalid custom_id (a request of another run, not ${RUN}): ${formatValue(customId("elsewhere", "kitchen-0", key))}`],
      [{ ...good, custom_id: customId(RUN, "kitchen-77", key) }, `invalid custom_id (its item is not among the run's 10 items): ${formatValue(customId(RUN, "kitchen-77", key))}`],
      [{ ...good, custom_id: "request-1" }, 'invalid custom_id (not made by uvqa batch export): "request-1"'],
      [{ ...good, response: { status_code: 200, body: { choices: [] } } }, "invalid response.body.choices: []"],
      [{ ...good, response: { status_code: "200" } }, 'invalid response.status_code: "200"'],
    ];
    for (const [line, message] of cases) {
      await writeFile(path("bad.jsonl"), toJsonl([{ ...good, custom_id: customId(RUN, "kitchen-1", key) }, line]));
      await expect(importBatchOutput({ config, runId: RUN, items, file: path("bad.jsonl"), cacheDir: path("cache-bad"), progress: false }))
        .rejects.toThrow(`${message} (${path("bad.jsonl")}:2)`);
    }
    await expect(readFile(cacheFile(path("cache-bad"), RUN), "utf8")).rejects.toThrow(/ENOENT/);
  });

  test("an output file of the older long ids (<run>|<item>|<cache key>) still imports", async () => {
    const config = await loadConfig(path("uvqa.config.ts"));
    const ctx = batchRun({ config, runId: RUN, cacheDir: path("cache-long") });
    const prep = await prepareRequest(items[4]!, ctx.prompt, ctx.model, ctx.backend, ctx.settings, ctx.media);
    const long = `${RUN}|${items[4]!.id}|${prep.key}`;
    expect(long.length).toBeGreaterThan(MAX_CUSTOM_ID);
    await writeFile(path("long.jsonl"), toJsonl([{ id: "b1", custom_id: long, response: { status_code: 200, request_id: "r", body: { choices: [{ message: { content: "No teapot." }, finish_reason: "stop" }] } }, error: null }]));
    const report = await importBatchOutput({ config, runId: RUN, items, file: path("long.jsonl"), cacheDir: path("cache-long"), progress: false });
    expect(report).toMatchObject({ lines: 1, added: 1, stale: [] });
    const { rows } = await readCacheFile(cacheFile(path("cache-long"), RUN), false);
    expect(rows.map((row) => [row.item, row.response, row.cache_key])).toEqual([[items[4]!.id, "No teapot.", prep.key]]);
  });
});
