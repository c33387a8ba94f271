// `uvqa judge`, `uvqa judge-agreement` and `uvqa serve --judge` run as a user runs them: the real bin
// through node, a real local server, a real proxy that corrupts replies, files in a temp folder.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parquetReadObjects } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli as uvqa } from "../inference/helpers.ts";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
const readRows = async (file: string) => (await readFile(file, "utf8")).trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);

const items = [
  { id: "a1", dataset: "t", category: "answerable", video: "v1", question: "What color is the car?", reference: "The car is red." },
  { id: "a2", dataset: "t", category: "answerable", video: "v2", question: "How many dogs are there?", reference: "There are three dogs." },
  { id: "u1", dataset: "t", category: "object", video: "v3", question: "What is the cat eating?", reference: "The question is unanswerable: the video does not show a cat.",
    perturbation: { kind: "object", original: null, replaced_with: "cat" } },
  { id: "u2", dataset: "t", category: "relation", video: "v4", question: "Why is the man kicking the door?", reference: "Unanswerable: the man never kicks the door.",
    perturbation: { kind: "relation", original: "opening", replaced_with: "kicking" } },
];
const predictions = [
  { run: "m", item: "a1", response: "The car is red." },
  { run: "m", item: "a2", response: "I cannot tell how many dogs there are." },
  { run: "m", item: "u1", response: "There is no cat in the video." },
  { run: "m", item: "u2", response: "He kicks it because it is stuck. ALWAYS-GARBAGE" },
];

let dir = "";
let itemsFile = "";
let predictionsFile = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-judge-cli-"));
  itemsFile = join(dir, "items.jsonl");
  predictionsFile = join(dir, "predictions.jsonl");
  await writeFile(itemsFile, jsonl(items));
  await writeFile(predictionsFile, jsonl(predictions));
});

describe("uvqa judge --judge builtin", () => {
  it("writes each prediction with refused, correct, match_score, reason_ok, judge, error; uvqa score accepts it", async () => {
    const out = join(dir, "builtin.jsonl");
    const { code, stderr } = await uvqa(["judge", "--judge", "builtin", "--items", itemsFile, "--predictions", predictionsFile, "--out", out]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^judged 4 predictions with builtin@\d+\.\d+\.\d+: 2 refused, 0 judge failure\(s\)\n$/);
    const rows = await readRows(out);
    expect(rows.map((r) => [r.item, r.refused, r.correct, r.reason_ok])).toEqual([
      ["a1", false, true, null], ["a2", true, false, null], ["u1", true, true, true], ["u2", false, false, null],
    ]);
    expect(rows[0]).toMatchObject({ run: "m", response: "The car is red.", match_score: 5, error: null });
    expect(rows[0]).not.toHaveProperty("score");

    const scored = await uvqa(["score", "--items", itemsFile, "--predictions", out, "--out", join(dir, "scores"), "--resamples", "0"]);
    expect(scored.code).toBe(0);
    const scores = JSON.parse(await readFile(join(dir, "scores", "scores.json"), "utf8")) as unknown;
    const all = JSON.stringify(scores);
    expect(all).toContain("match_score");
    expect(all).not.toContain("llm_score");
  });

  it("names the file and line of a prediction about an unknown item", async () => {
    const bad = join(dir, "bad.jsonl");
    await writeFile(bad, jsonl([predictions[0], { run: "m", item: "nope", response: "x" }]));
    const { code, stderr } = await uvqa(["judge", "--judge", "builtin", "--items", itemsFile, "--predictions", bad, "--out", join(dir, "never.jsonl")]);
    expect(code).toBe(2);
    expect(stderr).toBe(`uvqa: invalid item: "nope" (${bad}:2)\n`);
  });

  it("names an unknown judge", async () => {
    const config = join(dir, "empty.config.ts");
    await writeFile(config, "export default { judges: [] };\n");
    const { code, stderr } = await uvqa(["judge", "--judge", "gpt", "--config", config, "--items", itemsFile, "--predictions", predictionsFile, "--out", join(dir, "never.jsonl")]);
    expect(code).toBe(2);
    expect(stderr).toBe("uvqa: unknown judge: gpt (known: builtin)\n");
  });
});

/** Sits in front of `uvqa serve --judge`: garbles the first reply of each conversation (so the judge must repair) and every reply about a response marked ALWAYS-GARBAGE. */
async function corruptingProxy(upstream: string): Promise<{ url: string; server: Server; corrupted: number }> {
  const seen = new Set<string>();
  const state = { corrupted: 0 };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => void (async () => {
      const request = body ? JSON.parse(body) as { model: string; messages: Array<{ role: string; content: string }> } : null;
      const first = request?.messages.find((m) => m.role === "user")?.content ?? "";
      const garble = request && (first.includes("ALWAYS-GARBAGE") || (request.messages.length === 2 && !seen.has(first)));
      if (request) seen.add(first);
      if (garble) {
        state.corrupted++;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ id: "x", object: "chat.completion", created: 0, model: request!.model,
          choices: [{ index: 0, message: { role: "assistant", content: "Verdict: the model refused, I would give it a 4." }, finish_reason: "stop" }] }));
        return;
      }
      const upstreamRes = await fetch(upstream + (req.url ?? "").replace(/^\/v1/, ""), { method: req.method, headers: { "content-type": "application/json" }, ...(body ? { body } : {}) });
      res.writeHead(upstreamRes.status, { "content-type": "application/json" });
      res.end(await upstreamRes.text());
    })());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server, get corrupted() { return state.corrupted; } };
}

describe("LLM judge end to end against uvqa serve --judge", () => {
  let serve: ChildProcess;
  let url = "";
  let proxy: Awaited<ReturnType<typeof corruptingProxy>>;
  let config = "";

  beforeAll(async () => {
    serve = spawn("node", ["bin/uvqa.js", "serve", "--judge", "--port", "0"], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    url = await new Promise<string>((resolveUrl, reject) => {
      let out = "";
      serve.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening on (http:\/\/\S+) \(model builtin-judge\)/.exec(out);
        if (m) resolveUrl(m[1]!);
      });
      serve.once("exit", (code) => reject(new Error(`uvqa serve exited with ${code}`)));
    });
    proxy = await corruptingProxy(url);
    config = join(dir, "judges.config.ts");
    await writeFile(config, `export default {
  models: [
    { id: "direct", backend: "openai", model: "builtin-judge", baseUrl: "${url}", retries: 1 },
    { id: "garbled", backend: "openai", model: "builtin-judge", baseUrl: "${proxy.url}", retries: 1 },
  ],
  judges: [{ id: "local", kind: "llm", model: "direct" }, { id: "flaky", kind: "llm", model: "garbled" }],
};
`);
  }, 60_000);

  afterAll(async () => {
    serve?.kill("SIGTERM");
    await new Promise<void>((r) => (proxy ? proxy.server.close(() => r()) : r()));
  });

  const stats = async () => (await (await fetch(`${url}/stats`)).json()) as { requests: number };

  it("prompts, parses the JSON, records the judge with its prompt hash, and caches replies", async () => {
    const out = join(dir, "llm.jsonl");
    const cacheDir = join(dir, "cache");
    const args = ["judge", "--judge", "local", "--config", config, "--cache-dir", cacheDir, "--items", itemsFile, "--predictions", predictionsFile, "--out", out];
    const before = (await stats()).requests;
    const first = await uvqa(args);
    expect(first.stderr).toMatch(/judged 4 predictions with local@judge-v1\+[0-9a-f]{12}: 2 refused, 0 judge failure\(s\)/);
    expect(first.code).toBe(0);
    expect((await stats()).requests - before).toBe(4);
    const rows = await readRows(out);
    expect(rows.map((r) => [r.item, r.refused, r.correct, typeof r.score])).toEqual([
      ["a1", false, true, "number"], ["a2", true, false, "number"], ["u1", true, true, "number"], ["u2", false, false, "number"],
    ]);
    expect(rows[0]).toMatchObject({ judge_model: "builtin-judge", judge_prompt: "judge-v1", error: null, judge_reason: expect.stringMatching(/^built-in judge:/) });
    expect(rows[0]!.judge_prompt_hash).toMatch(/^[0-9a-f]{64}$/);

    // Same inputs again: every reply comes from the cache, no request is sent.
    const again = await uvqa([...args.slice(0, -1), join(dir, "llm-again.jsonl")]);
    expect(again.code).toBe(0);
    expect((await stats()).requests - before).toBe(4);
    expect(await readFile(join(dir, "llm-again.jsonl"), "utf8")).toBe(await readFile(out, "utf8"));

    // Agreement with the built-in judge over the same responses, stored for a page.
    const agreeDir = join(dir, "agreement");
    const agreed = await uvqa(["judge-agreement", "--items", itemsFile, "--a", join(dir, "builtin.jsonl"), "--b", out, "--out", agreeDir, "--resamples", "0"]);
    expect(agreed.code).toBe(0);
    const summary = JSON.parse(await readFile(join(agreeDir, "agreement.json"), "utf8")) as Record<string, unknown>;
    expect(summary).toMatchObject({ n: 4, only_a: 0, only_b: 0, disagreements: 0, judge_a: expect.stringMatching(/^builtin@/), judge_b: expect.stringMatching(/^local@judge-v1\+/) });
    expect(summary.unmatched_metrics).toContain("llm_score (only b)");
    const buffer = await readFile(join(agreeDir, "disagreements.parquet"));
    expect(await parquetReadObjects({ file: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) })).toEqual([]);
  });

  it("repairs a reply that is not JSON once, and records the response whose judge never answers in JSON", async () => {
    const out = join(dir, "flaky.jsonl");
    const { code, stderr } = await uvqa(["judge", "--judge", "flaky", "--config", config, "--no-cache", "--items", itemsFile, "--predictions", predictionsFile, "--out", out]);
    expect(code).toBe(0);
    expect(stderr).toContain("4 repair request(s) after replies that did not parse");
    expect(stderr).toContain("1 judge failure(s) (kept as rows with error; they count in every denominator)");
    const rows = await readRows(out);
    expect(rows.slice(0, 3).map((r) => [r.item, r.refused, r.correct, r.error])).toEqual([["a1", false, true, null], ["a2", true, false, null], ["u1", true, true, null]]);
    expect(rows[3]).toMatchObject({ item: "u2", refused: null, correct: null, score: null, error: 'invalid judge reply after one repair: not a JSON object: "Verdict: the model refused, I would give it a 4."' });

    // uvqa score keeps the failure in the denominator and says so.
    const scored = await uvqa(["score", "--items", itemsFile, "--predictions", out, "--out", join(dir, "flaky-scores"), "--resamples", "0"]);
    expect(scored.code).toBe(0);
    const scores = JSON.parse(await readFile(join(dir, "flaky-scores", "scores.json"), "utf8")) as { scores?: Array<Record<string, unknown>> } | Array<Record<string, unknown>>;
    const list = Array.isArray(scores) ? scores : scores.scores ?? [];
    const sAcc = list.find((r) => r.metric === "s_acc" && r.slice === "all" && r.run === "m");
    expect(sAcc).toMatchObject({ n: 4, judge_failures: 1 });

    // Against the built-in judge, the failure is a disagreement of its own, stored for the page.
    const agreeDir = join(dir, "agreement-flaky");
    const agreed = await uvqa(["judge-agreement", "--items", itemsFile, "--a", join(dir, "builtin.jsonl"), "--b", out, "--out", agreeDir, "--resamples", "0"]);
    expect(agreed.code).toBe(0);
    expect(agreed.stderr).toMatch(/: 4 responses; refused kappa 1\.000, correct kappa 1\.000; 1 disagreement\(s\)/);
    const buffer = await readFile(join(agreeDir, "disagreements.parquet"));
    const rowsOut = await parquetReadObjects({ file: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) });
    expect(rowsOut).toMatchObject([{ run: "m", item: "u2", field: "failed", a_refused: false, b_refused: null, b_error: expect.stringMatching(/^invalid judge reply/), response: predictions[3]!.response }]);
  });
});
