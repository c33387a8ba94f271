// `uvqa batch import` when the cache cannot be written while items are still being prepared (frames read
// from disk take real time): the import rejects with the write error, and no append promise is left
// rejected without a handler (which would crash the process before the cache is closed).
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { ExperimentConfigSchema } from "../../loaders/config/schema.ts";
import { cacheFile } from "../../loaders/inference/cache.ts";
import type { Item } from "../../loaders/items/schema.ts";
import { toJsonl } from "../../loaders/storage/jsonl.ts";
import { writeFile } from "node:fs/promises";

const RUN = "m/unaligned";
const KEY = "a".repeat(64);
let dir: string;
let calls = 0;

vi.mock("../../loaders/inference/run.ts", async (original) => {
  const actual = await original<typeof import("../../loaders/inference/run.ts")>();
  return {
    ...actual,
    // Slow, like sampling or reading frames; on the first call the cache file becomes a folder, so the
    // cache's first write (a few milliseconds later, while later items are still being prepared) fails.
    prepareRequest: async () => {
      if (calls++ === 0) await mkdir(cacheFile(join(dir, "cache"), RUN), { recursive: true });
      await new Promise((resolve) => setTimeout(resolve, 25));
      return { messages: [], canonical: [], promptHash: "", key: KEY };
    },
  };
});

const { importBatchOutput } = await import("../../loaders/inference/batch/import.ts");

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-batch-write-error-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("a cache write error during a batch import rejects the import, with no unhandled rejection", async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  try {
    const config = ExperimentConfigSchema.parse({
      models: [{ id: "m", backend: "openai", model: "x", baseUrl: "http://127.0.0.1:9/v1" }],
      runs: [{ id: RUN, model: "m", prompt: "unaligned", variant: "unaligned" }],
    });
    const items: Item[] = [0, 1, 2, 3].map((i) => ({ id: `q${i}`, dataset: "t", category: "answerable", video: "v", question: `Q${i}?`, reference: "r" }));
    const file = join(dir, "output.jsonl");
    await writeFile(file, toJsonl(items.map((item, i) => ({
      id: `b${i}`, custom_id: `${RUN}|${item.id}|${KEY}`, error: null,
      response: { status_code: 200, request_id: `r${i}`, body: { choices: [{ message: { content: "an answer" } }] } },
    }))));
    await expect(importBatchOutput({ config, runId: RUN, items, file, cacheDir: join(dir, "cache"), progress: false })).rejects.toThrow(/EISDIR/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled.map(String)).toEqual([]);
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
});
