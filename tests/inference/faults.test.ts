// Faults: a real HTTP proxy in front of `uvqa serve` answers 30% of chat requests with a fault (429 with
// Retry-After, 500, a timeout, a malformed body, a reset connection). Every item must end answered or
// recorded failed, once: no duplicate in the out file or in the cache.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { cacheFile } from "../../loaders/inference/cache.ts";
import { ResponseRow } from "../../loaders/inference/row.ts";
import type { Item } from "../../loaders/items/schema.ts";
import { toJsonl } from "../../loaders/storage/jsonl.ts";
import { jsonl, runCli, startServe, uvqaItems, type Served } from "./helpers.ts";

const FAULTS = ["429", "500", "timeout", "malformed", "reset"] as const;
type Fault = (typeof FAULTS)[number];

/** A small seeded generator (mulberry32), so a failing run can be replayed. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function faultProxy(upstream: URL, rate: number, random: () => number, mode = { down: false }) {
  const counts: Record<Fault | "forwarded", number> = { "429": 0, "500": 0, timeout: 0, malformed: 0, reset: 0, forwarded: 0 };
  const server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on("data", (chunk: Buffer) => body.push(chunk));
    req.on("end", () => {
      const chat = req.url?.endsWith("/chat/completions");
      const fault = chat && mode.down ? "500" : chat && random() < rate ? FAULTS[Math.floor(random() * FAULTS.length)]! : null;
      if (fault) counts[fault]++;
      if (fault === "429") {
        res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
        return res.end(JSON.stringify({ error: { message: "slow down", type: "rate_limit_error" } }));
      }
      if (fault === "500") {
        res.writeHead(500, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: { message: "boom", type: "server_error" } }));
      }
      if (fault === "timeout") return setTimeout(() => res.destroy(), 4_000); // longer than the client's timeout
      if (fault === "malformed") {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end('{"id": "chatcmpl-x", "choices": [{"message": {"content": "tor');
      }
      if (fault === "reset") return req.socket.resetAndDestroy();
      counts.forwarded++;
      const forward = request(new URL(req.url!, upstream.origin), { method: req.method, headers: req.headers }, (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      });
      forward.on("error", () => res.destroy());
      forward.end(Buffer.concat(body));
    });
  });
  return { server, counts };
}

let served: Served;
let proxy: Server;
let counts: ReturnType<typeof faultProxy>["counts"];
let proxyUrl: string;
const mode = { down: false };
let dir: string;
let items: Item[];

beforeAll(async () => {
  [served, dir, items] = await Promise.all([startServe(), mkdtemp(join(tmpdir(), "uvqa-faults-")), uvqaItems(80)]);
  const made = faultProxy(new URL(served.url), 0.3, seeded(Number(process.env.FAULT_SEED ?? 7)), mode);
  proxy = made.server;
  counts = made.counts;
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/v1`;
  await writeFile(join(dir, "items.jsonl"), toJsonl(items));
});
afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await served?.stop();
  if (!process.env.KEEP) await rm(dir, { recursive: true, force: true });
});

test("30% faults: every item answered or recorded failed, nothing duplicated", async () => {
  const result = await runCli(["infer", "--backend", "openai", "--base-url", proxyUrl, "--model", "builtin", "--prompt", "unaligned",
    "--items", join(dir, "items.jsonl"), "--run", "faulty", "--out", join(dir, "out.jsonl"), "--concurrency", "16",
    "--context", "scene", "--timeout-ms", "1000", "--retries", "5", "--cache", join(dir, "cache")]);
  expect(result.code, result.stderr).toBe(0);
  const rows = jsonl(await readFile(join(dir, "out.jsonl"), "utf8")).map((row) => ResponseRow.parse(row));
  const ids = rows.map((row) => row.item);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.sort()).toEqual(items.map((item) => item.id).sort());
  for (const row of rows) {
    if (row.error) expect(row.response).toBeNull();
    else expect(row.response).toEqual(expect.any(String));
  }
  // Every fault kind happened, and retries were counted on the rows.
  for (const fault of FAULTS) expect(counts[fault], fault).toBeGreaterThan(0);
  const retried = rows.filter((row) => (row.attempts ?? 1) > 1);
  expect(retried.length).toBeGreaterThan(0);
  const injected = FAULTS.reduce((sum, fault) => sum + counts[fault], 0);
  const attempts = rows.reduce((sum, row) => sum + (row.attempts ?? 0), 0);
  expect(attempts).toBe(injected + counts.forwarded);
  // The cache holds one row per item too (failures are rows; retries are not).
  const cached = jsonl(await readFile(cacheFile(join(dir, "cache"), "faulty"), "utf8")) as ResponseRow[];
  expect(cached.length).toBe(items.length);
  // The answered ones match what the server gives without faults.
  const answered = rows.filter((row) => !row.error).length;
  expect(answered).toBeGreaterThan(items.length * 0.9);
  expect(answered).toBe(counts.forwarded);
}, 60_000);

test("failures are rows; a rerun keeps them; --retry-failed asks again and the answer replaces them", async () => {
  const few = items.slice(0, 10);
  await writeFile(join(dir, "few.jsonl"), toJsonl(few));
  const args = ["infer", "--backend", "openai", "--base-url", proxyUrl, "--model", "builtin", "--prompt", "prompt-aligned",
    "--items", join(dir, "few.jsonl"), "--run", "down", "--out", join(dir, "down.jsonl"), "--context", "scene", "--retries", "1", "--cache", join(dir, "cache")];
  mode.down = true;
  try {
    const first = await runCli(args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("10 of 10 items failed");
    const failed = jsonl(await readFile(join(dir, "down.jsonl"), "utf8")).map((row) => ResponseRow.parse(row));
    expect(failed.map((row) => row.error)).toEqual(few.map(() => ({ class: "server_error", message: expect.stringContaining("HTTP 500"), attempts: 2 })));
    const before = counts["500"];
    const again = await runCli(args);
    expect(again.stderr).toContain("0 new, 10 from the cache");
    expect(counts["500"]).toBe(before);
  } finally {
    mode.down = false;
  }
  const retried = await runCli([...args, "--retry-failed", "--retries", "8"]);
  expect(retried.code, retried.stderr).toBe(0);
  const rows = jsonl(await readFile(join(dir, "down.jsonl"), "utf8")).map((row) => ResponseRow.parse(row));
  expect(rows.map((row) => row.item).sort()).toEqual(few.map((item) => item.id).sort());
  expect(rows.every((row) => row.error === null && row.response)).toBe(true);
  // The cache keeps the history (failure, then answer) and resolves to the answer.
  const cached = jsonl(await readFile(cacheFile(join(dir, "cache"), "down"), "utf8")) as ResponseRow[];
  expect(cached).toHaveLength(20);
}, 60_000);
