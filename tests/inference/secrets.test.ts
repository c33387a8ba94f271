// Secrets: a model whose API key comes from an environment variable (by name) is run against
// `uvqa serve`; the key reaches the server (in the Authorization header) but no cache, output, dry-run
// print holds it. The site build half is tests/site/secrets-build.test.ts.
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { toJsonl } from "../../loaders/storage/jsonl.ts";
import { filesUnder, jsonl, repoRoot, runCli, startRecordingProxy, startServe, uvqaItems, type Served } from "./helpers.ts";

const KEY = `sk-uvqa-fake-${randomBytes(12).toString("hex")}`;
let served: Served;
let dir: string;

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
  const proxy = await startRecordingProxy(served.url);
  const seen = proxy.authorizations;
  const url = proxy.url;
  try {
    const config = {
      datasets: [{ id: "these", kind: "items", path: "items.jsonl" }],
      models: [{ id: "keyed", backend: "openai", model: "builtin", baseUrl: url, apiKeyEnv: "UVQA_TEST_FAKE_KEY", context: "scene", prices: { input: 1, output: 2 } }],
      runs: [{ id: "keyed/prompt-aligned", model: "keyed", prompt: "prompt-aligned", variant: "prompt-aligned" }],
    };
    await writeFile(join(dir, "experiment.config.ts"), `export default ${JSON.stringify(config)};\n`);
    const env = { UVQA_TEST_FAKE_KEY: KEY };
    const started = Date.now();
    const dry = await runCli(["infer", "--config", join(dir, "experiment.config.ts"), "--dry-run", "--cache", join(dir, "cache", "responses")], env);
    expect(dry.code, dry.stderr).toBe(0);
    const run = await runCli(["infer", "--config", join(dir, "experiment.config.ts"), "--out", join(dir, "out.jsonl"), "--cache", join(dir, "cache", "responses")], env);
    expect(run.code, run.stderr).toBe(0);
    expect((jsonl(await readFile(join(dir, "out.jsonl"), "utf8")) as Array<{ error: unknown }>).filter((row) => row.error === null)).toHaveLength(12);
    expect(seen.filter((header) => header === `Bearer ${KEY}`).length).toBeGreaterThanOrEqual(12);

    expect(dry.stdout + dry.stderr + run.stdout + run.stderr).not.toContain(KEY);
    // Every file of the test's folder, and every file of the repository's cache written since the test began (not
    // the large data sets a bench keeps there, which would take the scan past the test's time).
    const written = [];
    for (const file of await filesUnder(join(repoRoot, "data", "cache"))) if ((await stat(file)).mtimeMs >= started - 2_000) written.push(file);
    const files = [...(await filesUnder(dir)), ...written];
    expect(files.length).toBeGreaterThan(2);
    expect(await hits(files)).toEqual([]);

    // Unset, with every item cached: nothing is sent, so no key is asked for (issue 13, item 8).
    const sent = seen.length;
    const cached = await runCli(["infer", "--config", join(dir, "experiment.config.ts"), "--out", join(dir, "again.jsonl"), "--cache", join(dir, "cache", "responses")], { UVQA_TEST_FAKE_KEY: "" });
    expect(cached).toMatchObject({ code: 0, stderr: "uvqa infer: dataset these: 12 items\nuvqa infer: keyed/prompt-aligned: 12 rows (12 answered, 0 failed; 0 new, 12 from the cache)\n" });
    expect(seen.length).toBe(sent);
    expect(jsonl(await readFile(join(dir, "again.jsonl"), "utf8"))).toEqual(jsonl(await readFile(join(dir, "out.jsonl"), "utf8")));

    // Unset, with requests to send: the run stops before sending anything and names the variable (never a value).
    const unset = await runCli(["infer", "--config", join(dir, "experiment.config.ts"), "--cache", join(dir, "cache2")], { UVQA_TEST_FAKE_KEY: "" });
    expect(unset).toMatchObject({ code: 2, stderr: "uvqa infer: dataset these: 12 items\nuvqa: model keyed: environment variable UVQA_TEST_FAKE_KEY is not set\n" });
    expect(seen.length).toBe(sent);
  } finally {
    await proxy.close();
  }
}, 60_000);
