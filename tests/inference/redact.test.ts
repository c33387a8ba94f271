// Hardening: a server that echoes the bearer token in its error body does not get the key into a row, the
// cache or --out; a base URL with credentials or a query is recorded without them.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ExperimentConfigSchema } from "../../loaders/config/schema.ts";
import { cacheFile } from "../../loaders/inference/cache.ts";
import { redactor } from "../../loaders/inference/redact.ts";
import { inferRun } from "../../loaders/inference/run.ts";
import type { Item } from "../../loaders/items/schema.ts";

const KEY = "sk-test-0123456789abcdef";
let dir: string;
let server: Server;
let base: string;
const seen: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-redact-"));
  // A careless gateway: every request is refused with the credentials it was sent, URL included.
  server = createServer((req, res) => {
    req.resume();
    seen.push(req.url ?? "");
    const body = JSON.stringify({ error: { message: `bad credentials: ${req.headers.authorization} for ${req.url}`, type: "auth" } });
    res.writeHead(401, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
  await rm(dir, { recursive: true, force: true });
});

test("the API key is redacted from stored error messages; base_url loses credentials and query", async () => {
  const withSecrets = base.replace("http://", "http://alice:pa55word@") + "?sig=s3cretsig";
  const config = ExperimentConfigSchema.parse({
    models: [
      { id: "echo", backend: "openai", baseUrl: base, model: "m", apiKeyEnv: "TEST_KEY", retries: 0 },
      { id: "creds", backend: "openai", baseUrl: withSecrets, model: "m", apiKeyEnv: "TEST_KEY", retries: 0 },
    ],
    runs: [
      { id: "echo", model: "echo", prompt: "unaligned", variant: "unaligned" },
      { id: "creds", model: "creds", prompt: "unaligned", variant: "unaligned" },
    ],
  });
  const items: Item[] = [{ id: "q", dataset: "t", category: "answerable", video: "v", question: "What is shown?", reference: "x" }];
  const cacheDir = join(dir, "cache");
  const out = join(dir, "out.jsonl");
  const common = { items, cacheDir, out, env: { TEST_KEY: KEY }, progress: false, log: () => {} };
  const [echo] = await inferRun({ ...common, config, runId: "echo" });
  expect(seen.length).toBeGreaterThan(0); // the request reached the server, and the key came back
  expect(echo!.error).toMatchObject({ class: "client_error" });
  expect(echo!.error!.message).toContain("Bearer ***");
  expect(echo!.base_url).toBe(base);
  const [creds] = await inferRun({ ...common, config, runId: "creds" });
  expect(creds!.base_url).toBe(base);
  expect(creds!.error).not.toBeNull();
  for (const text of [JSON.stringify([echo, creds]), await readFile(out, "utf8"),
    await readFile(cacheFile(cacheDir, "echo"), "utf8"), await readFile(cacheFile(cacheDir, "creds"), "utf8")]) {
    expect(text).not.toContain(KEY);
    expect(text).not.toContain("pa55word");
    expect(text).not.toContain("s3cretsig");
  }
});

test("a token given as the URL's user name is redacted, also where the URL is written normalized (lower-case host, longer path)", () => {
  const redact = redactor(undefined, "https://sk-user-token-42@Gateway.Example.com/v1");
  const message = redact("connect failed: https://sk-user-token-42@gateway.example.com/v1/chat/completions (user sk-user-token-42)");
  expect(message).not.toContain("sk-user-token-42");
  expect(message).toContain("gateway.example.com/v1/chat/completions");
});
