// Secrets: a model whose API key comes from an environment variable (by name) is run against
// `uvqa serve`; the key reaches the server (in the Authorization header) but no cache, output, dry-run
// print or built site holds it. The site half scans `dist/` when a site build made one.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { toJsonl } from "../../loaders/storage/jsonl.ts";
import { jsonl, repoRoot, runCli, startServe, uvqaItems, type Served } from "./helpers.ts";

const KEY = `sk-uvqa-fake-${randomBytes(12).toString("hex")}`;
let served: Served;
let dir: string;

async function filesUnder(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

async function hits(files: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) if ((await stat(file)).size < 512 << 20 && (await readFile(file)).includes(KEY)) found.push(file);
  return found;
}

beforeAll(async () => {
  [served, dir] = await Promise.all([startServe(), mkdtemp(join(tmpdir(), "uvqa-secrets-"))]);
  await writeFile(join(dir, "items.jsonl"), toJsonl(await uvqaItems(12)));
});
afterAll(async () => {
  await served?.stop();
  await rm(dir, { recursive: true, force: true });
});

test("an API key named by apiKeyEnv is sent but never written", async () => {
  // A proxy that records the Authorization header in memory, so we know the key was really used.
  const seen: string[] = [];
  const proxy = createServer(async (req, res) => {
    seen.push(String(req.headers.authorization));
    const body: Buffer[] = [];
    for await (const chunk of req) body.push(chunk as Buffer);
    const reply = await fetch(new URL(req.url!, new URL(served.url).origin), { method: req.method, headers: { "content-type": "application/json" }, ...(req.method === "POST" ? { body: Buffer.concat(body) } : {}) });
    res.writeHead(reply.status, { "content-type": "application/json" });
    res.end(Buffer.from(await reply.arrayBuffer()));
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/v1`;
  try {
    const config = {
      datasets: [{ id: "these", kind: "items", path: "items.jsonl" }],
      models: [{ id: "keyed", backend: "openai", model: "builtin", baseUrl: url, apiKeyEnv: "UVQA_TEST_FAKE_KEY", context: "scene", prices: { input: 1, output: 2 } }],
      runs: [{ id: "keyed/prompt-aligned", model: "keyed", prompt: "prompt-aligned", variant: "prompt-aligned" }],
    };
    await writeFile(join(dir, "experiment.config.ts"), `export default ${JSON.stringify(config)};\n`);
    const env = { UVQA_TEST_FAKE_KEY: KEY };
    const dry = await runCli(["infer", "--config", join(dir, "experiment.config.ts"), "--dry-run", "--cache", join(dir, "cache", "responses")], env);
    expect(dry.code, dry.stderr).toBe(0);
    const run = await runCli(["infer", "--config", join(dir, "experiment.config.ts"), "--out", join(dir, "out.jsonl"), "--cache", join(dir, "cache", "responses")], env);
    expect(run.code, run.stderr).toBe(0);
    expect((jsonl(await readFile(join(dir, "out.jsonl"), "utf8")) as Array<{ error: unknown }>).filter((row) => row.error === null)).toHaveLength(12);
    expect(seen.filter((header) => header === `Bearer ${KEY}`).length).toBeGreaterThanOrEqual(12);

    expect(dry.stdout + dry.stderr + run.stdout + run.stderr).not.toContain(KEY);
    const files = [...(await filesUnder(dir)), ...(await filesUnder(join(repoRoot, "dist"))), ...(await filesUnder(join(repoRoot, "data", "cache")))];
    expect(files.length).toBeGreaterThan(2);
    expect(await hits(files)).toEqual([]);

    // Unset, the run stops before sending anything and names the variable (never a value).
    const unset = await runCli(["infer", "--config", join(dir, "experiment.config.ts"), "--cache", join(dir, "cache2")], { UVQA_TEST_FAKE_KEY: "" });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain("environment variable UVQA_TEST_FAKE_KEY is not set");
  } finally {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  }
}, 60_000);
