// Chat completions that are not plain answers, from a real server on 127.0.0.1 speaking OpenAI's reply
// format: a structured refusal (content null, `refusal` text) is kept as the response and flagged; a
// reasoning reply cut at max_tokens before any text is a `length` failure that says so (not an empty
// response); a cut reply with text keeps its text; finish_reason is on every row. The same replies in a
// Batch API output file give the same rows through `uvqa batch import`.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ExperimentConfigSchema, type ExperimentConfig } from "../../loaders/config/schema.ts";
import { customId } from "../../loaders/inference/batch/format.ts";
import { importBatchOutput } from "../../loaders/inference/batch/import.ts";
import { prepareRequest, inferRun } from "../../loaders/inference/run.ts";
import { batchRun } from "../../loaders/inference/batch/context.ts";
import type { ResponseRow } from "../../loaders/inference/row.ts";
import type { Item } from "../../loaders/items/schema.ts";
import { toJsonl } from "../../loaders/storage/jsonl.ts";

const REFUSAL = "I'm sorry, but I can't help with identifying that person.";
/** The reply body for each question, as OpenAI sends them. */
const replies: Record<string, unknown> = {
  "Who is the man in the video?": {
    choices: [{ index: 0, message: { role: "assistant", content: null, refusal: REFUSAL }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: 20, completion_tokens: 14 },
  },
  "Why is the cat flying?": {
    choices: [{ index: 0, message: { role: "assistant", content: "", refusal: null }, finish_reason: "length", logprobs: null }],
    usage: { prompt_tokens: 20, completion_tokens: 64, completion_tokens_details: { reasoning_tokens: 64 } },
  },
  "What is the woman cooking?": {
    choices: [{ index: 0, message: { role: "assistant", content: "She is cooking a large pot of", refusal: null }, finish_reason: "length", logprobs: null }],
    usage: { prompt_tokens: 20, completion_tokens: 64 },
  },
  "What colour is the door?": {
    choices: [{ index: 0, message: { role: "assistant", content: "The door is green.", refusal: null }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: 20, completion_tokens: 5 },
  },
  "What is in the box?": {
    choices: [{ index: 0, message: { role: "assistant", content: null }, finish_reason: "content_filter", logprobs: null }],
    usage: { prompt_tokens: 20, completion_tokens: 0 },
  },
};
const items: Item[] = Object.keys(replies).map((question, i) => ({ id: `q${i}`, dataset: "hand", category: "answerable", video: `v${i}`, question, reference: "r" }));

let server: Server;
let url: string;
let dir: string;
let config: ExperimentConfig;
const RUN = "gpt/unaligned";

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const { messages } = JSON.parse(body) as { messages: Array<{ content: string }> };
      const reply = replies[messages.at(-1)!.content];
      res.writeHead(reply ? 200 : 404, { "content-type": "application/json" });
      res.end(JSON.stringify(reply ? { id: "chatcmpl-1", object: "chat.completion", created: 0, model: "gpt-test", ...reply } : { error: { message: "unknown" } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  dir = await mkdtemp(join(tmpdir(), "uvqa-refusals-"));
  config = ExperimentConfigSchema.parse({
    models: [{ id: "gpt", backend: "openai", model: "gpt-test", baseUrl: url, maxTokens: 64, retries: 0 }],
    runs: [{ id: RUN, model: "gpt", prompt: "unaligned", variant: "unaligned" }],
  });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const view = (row: ResponseRow) => ({ item: row.item, response: row.response, error: row.error?.class ?? null, finish_reason: row.finish_reason, refusal: row.refusal });
const expected = [
  { item: "q0", response: REFUSAL, error: null, finish_reason: "stop", refusal: true },
  { item: "q1", response: null, error: "length", finish_reason: "length", refusal: undefined },
  { item: "q2", response: "She is cooking a large pot of", error: null, finish_reason: "length", refusal: undefined },
  { item: "q3", response: "The door is green.", error: null, finish_reason: "stop", refusal: undefined },
  { item: "q4", response: null, error: "empty_response", finish_reason: "content_filter", refusal: undefined },
];

test("inferRun against the server: the refusal kept and flagged, the empty length-cut reply a failure that says so", async () => {
  const rows = await inferRun({ config, runId: RUN, items, cacheDir: join(dir, "cache"), progress: false, log: () => {} });
  expect(rows.map(view)).toEqual(expected);
  expect(rows[1]!.error!.message).toBe('cut at max_tokens before any answer text (64 reasoning tokens): finish_reason "length"; raise maxTokens');
  expect(rows[4]!.error!.message).toBe('the reply has no message content (finish_reason "content_filter")');
});

test("the same replies in a Batch API output file", async () => {
  const ctx = batchRun({ config, runId: RUN, cacheDir: join(dir, "cache-batch") });
  const lines = [];
  for (const [i, item] of items.entries()) {
    const prep = await prepareRequest(item, ctx.prompt, ctx.model, ctx.backend, ctx.settings, ctx.media);
    lines.push({ id: `batch_req_${i}`, custom_id: customId(RUN, item.id, prep.key), response: { status_code: 200, request_id: `req_${i}`, body: { id: "chatcmpl-1", object: "chat.completion", model: "gpt-test", ...(replies[item.question] as object) } }, error: null });
  }
  await writeFile(join(dir, "output.jsonl"), toJsonl(lines));
  const report = await importBatchOutput({ config, runId: RUN, items, file: join(dir, "output.jsonl"), cacheDir: join(dir, "cache-batch"), progress: false });
  expect(report).toMatchObject({ lines: 5, added: 5, failed: 2 });
  const rows = await inferRun({ config, runId: RUN, items, cacheDir: join(dir, "cache-batch"), progress: false, log: () => {} });
  expect(rows.map((row) => row.backend)).toEqual(["batch", "batch", "batch", "batch", "batch"]);
  expect(rows.map(view)).toEqual(expected);
});
