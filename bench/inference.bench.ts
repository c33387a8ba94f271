// Inference client overhead: `inferRun` (openai backend: render, hash, request, validate, cache append)
// against `uvqa serve` answering at once, beside a raw undici loop sending the same bodies at the same
// concurrency; then 200 ms server latency at concurrency 64 against the ideal 64 / 0.2 s = 320 req/s.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pLimit from "p-limit";
import { Agent, request } from "undici";
import { ExperimentConfigSchema } from "../loaders/config/schema.ts";
import { readUvqaDir } from "../loaders/datasets/index.ts";
import type { Item } from "../loaders/items/schema.ts";
import { findPrompt, renderMessages } from "../loaders/prompts/index.ts";
import { inferRun } from "../loaders/inference/run.ts";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const dataDir = process.env.UVQA_DATA_DIR ?? resolve(root, "../shared/uvqa");

function serve(latencyMs: number): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [join(root, "bin/uvqa.js"), "serve", "--port", "0", "--latency-ms", String(latencyMs)], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolvePromise, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const match = /listening on (\S+)/.exec(out);
      if (match) resolvePromise({ url: match[1]!, stop: () => child.kill("SIGTERM") });
    });
    child.once("exit", (code) => reject(new Error(`uvqa serve exited ${code}`)));
  });
}

async function items(count: number): Promise<Item[]> {
  const base = (await readUvqaDir(dataDir)).items;
  return Array.from({ length: count }, (_, i) => ({ ...base[i % base.length]!, id: `${base[i % base.length]!.id}#${i}` }));
}

async function client(url: string, list: Item[], concurrency: number, cacheDir: string): Promise<number> {
  const config = ExperimentConfigSchema.parse({
    models: [{ id: "served", backend: "openai", model: "builtin", baseUrl: url, context: "scene", concurrency }],
    runs: [{ id: "bench", model: "served", prompt: "prompt-aligned", variant: "prompt-aligned" }],
  });
  const started = performance.now();
  const rows = await inferRun({ config, runId: "bench", items: list, cacheDir, progress: false, log: () => {} });
  const seconds = (performance.now() - started) / 1000;
  const failed = rows.filter((row) => row.error).length;
  if (failed) console.log(`  (client: ${failed} failed)`);
  return rows.length / seconds;
}

async function raw(url: string, list: Item[], concurrency: number): Promise<number> {
  const prompt = findPrompt(null, "prompt-aligned");
  const bodies = list.map((item) => JSON.stringify({ model: "builtin", messages: renderMessages(prompt, item, { context: "scene" }), temperature: 0, max_tokens: 512 }));
  const dispatcher = new Agent({ connections: concurrency, keepAliveTimeout: 30_000 });
  const limit = pLimit(concurrency);
  const started = performance.now();
  await Promise.all(bodies.map((body) => limit(async () => {
    const reply = await request(`${url}/chat/completions`, { method: "POST", body, headers: { "content-type": "application/json" }, dispatcher });
    const json = (await reply.body.json()) as { choices: Array<{ message: { content: string } }> };
    if (typeof json.choices[0]?.message.content !== "string") throw new Error("bad reply");
  })));
  const seconds = (performance.now() - started) / 1000;
  await dispatcher.close();
  return bodies.length / seconds;
}

export default async function (): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "uvqa-bench-"));
  try {
    const instant = await serve(0);
    try {
      const concurrency = 16;
      const n = 3000;
      const list = await items(n);
      // Warm both sides (and the server's JIT) up, then alternate which goes first.
      await raw(instant.url, list, concurrency);
      await client(instant.url, list, concurrency, join(dir, "warm"));
      const figures: Array<[string, number, number]> = [];
      for (let round = 0; round < 4; round++) {
        let r = 0;
        let c = 0;
        if (round % 2 === 0) {
          r = await raw(instant.url, list, concurrency);
          c = await client(instant.url, list, concurrency, join(dir, `instant-${round}`));
        } else {
          c = await client(instant.url, list, concurrency, join(dir, `instant-${round}`));
          r = await raw(instant.url, list, concurrency);
        }
        figures.push([`round ${round + 1}`, r, c]);
      }
      console.log(`client overhead: ${n} requests, concurrency ${concurrency}, uvqa serve answering at once (both processes on this machine's ${availableParallelism()} cores)`);
      console.log("| round | raw undici req/s | inferRun req/s | ratio |");
      console.log("|---|---|---|---|");
      for (const [label, r, c] of figures) console.log(`| ${label} | ${r.toFixed(0)} | ${c.toFixed(0)} | ${((100 * c) / r).toFixed(1)}% |`);
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      const mr = median(figures.map((f) => f[1]));
      const mc = median(figures.map((f) => f[2]));
      console.log(`| median | ${mr.toFixed(0)} | ${mc.toFixed(0)} | ${((100 * mc) / mr).toFixed(1)}% |`);
    } finally {
      instant.stop();
    }
    const slow = await serve(200);
    try {
      const list = await items(1280);
      const rate = await client(slow.url, list, 64, join(dir, "slow"));
      console.log(`\n200 ms latency, concurrency 64, ${list.length} requests: ${rate.toFixed(1)} req/s of the ideal 320 (${((100 * rate) / 320).toFixed(1)}%)`);
    } finally {
      slow.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
