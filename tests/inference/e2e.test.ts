// End to end: `uvqa infer --backend openai` against `uvqa serve` (real processes on 127.0.0.1) over items
// from the public UVQA files: exactly one response per item, identical to the in-process built-in backend;
// a second invocation is served from the cache; --dry-run sends nothing.
import { mkdtemp, readFile, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ExperimentConfigSchema } from "../../loaders/config/schema.ts";
import { inferRun } from "../../loaders/inference/run.ts";
import { ResponseRow } from "../../loaders/inference/row.ts";
import { Prediction } from "../../loaders/items/records.ts";
import type { Item } from "../../loaders/items/schema.ts";
import { toJsonl } from "../../loaders/storage/jsonl.ts";
import { jsonl, runCli, startServe, uvqaItems, type Served } from "./helpers.ts";

let served: Served;
let dir: string;
let items: Item[];

beforeAll(async () => {
  [served, dir, items] = await Promise.all([startServe(), mkdtemp(join(tmpdir(), "uvqa-e2e-")), uvqaItems(60)]);
  await writeFile(join(dir, "items.jsonl"), toJsonl(items));
});
afterAll(async () => {
  await served?.stop();
  await rm(dir, { recursive: true, force: true });
});

const stats = async () => (await (await fetch(`${served.url}/stats`)).json()) as { requests: number; completions: number };

describe("uvqa infer against uvqa serve", () => {
  test("one response per item, the same as the in-process built-in model, then all from the cache", async () => {
    const args = ["infer", "--backend", "openai", "--base-url", served.url, "--model", "builtin", "--prompt", "prompt-aligned",
      "--items", join(dir, "items.jsonl"), "--run", "builtin-http/prompt-aligned", "--out", join(dir, "out.jsonl"),
      "--concurrency", "8", "--context", "scene", "--cache", join(dir, "cache")];
    const first = await runCli(args);
    expect(first.code, first.stderr).toBe(0);
    const rows = jsonl(await readFile(join(dir, "out.jsonl"), "utf8")).map((row) => ResponseRow.parse(row));
    expect(rows.map((row) => row.item).sort()).toEqual(items.map((item) => item.id).sort());
    expect(rows.every((row) => row.error === null && typeof row.response === "string" && row.response.length > 0)).toBe(true);
    for (const row of rows) Prediction.parse(row); // valid `uvqa score --predictions` input
    expect(rows[0]).toMatchObject({ backend: "openai", base_url: served.url, model: "builtin", prompt: "prompt-aligned", attempts: 1 });
    expect(rows[0]!.usage!.prompt_tokens).toBeGreaterThan(0);
    expect((await stats()).completions).toBe(items.length);

    // The builtin backend in-process gives the same responses and the same prompt hashes.
    const config = ExperimentConfigSchema.parse({
      models: [{ id: "builtin", backend: "builtin", context: "scene" }],
      runs: [{ id: "local", model: "builtin", prompt: "prompt-aligned", variant: "prompt-aligned" }],
    });
    const local = await inferRun({ config, runId: "local", items, cacheDir: join(dir, "cache-local"), progress: false });
    const byItem = new Map(rows.map((row) => [row.item, row]));
    expect(local.map((row) => row.item).sort()).toEqual(items.map((item) => item.id).sort());
    for (const row of local) {
      expect(byItem.get(row.item)!.response).toBe(row.response);
      expect(byItem.get(row.item)!.prompt_hash).toBe(row.prompt_hash);
    }

    // Again: nothing is sent, the out file is the same set of rows.
    const second = await runCli(args);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`0 new, ${items.length} from the cache`);
    expect((await stats()).completions).toBe(items.length);
    const again = jsonl(await readFile(join(dir, "out.jsonl"), "utf8")) as ResponseRow[];
    expect(again.map((row) => row.cache_key).sort()).toEqual(rows.map((row) => row.cache_key).sort());
  }, 60_000);

  test("--dry-run prints requests, estimated tokens and cost, and sends nothing", async () => {
    await writeFile(join(dir, "dry.config.ts"), `export default ${JSON.stringify({
      datasets: [{ id: "these", kind: "items", path: join(dir, "items.jsonl") }],
      models: [{ id: "m", backend: "openai", model: "builtin", baseUrl: served.url, context: "scene", prices: { input: 2.5, output: 10 } }],
      runs: [{ id: "m/unaligned", model: "m", prompt: "unaligned", variant: "unaligned" }],
    })};\n`);
    const before = await stats();
    const result = await runCli(["infer", "--config", join(dir, "dry.config.ts"), "--dry-run", "--cache", join(dir, "cache")]);
    expect(result.code, result.stderr).toBe(0);
    const requests = jsonl(result.stdout) as Array<{ item: string; messages: unknown[]; estimated_prompt_tokens: number }>;
    expect(requests).toHaveLength(items.length);
    expect(requests[0]!.estimated_prompt_tokens).toBeGreaterThan(0);
    expect(result.stderr).toMatch(new RegExp(`${items.length} requests to openai`));
    expect(result.stderr).toMatch(/estimated cost: <= \$\d+\.\d{4}/);
    expect((await stats()).requests).toBe(before.requests);
  }, 60_000);
});
