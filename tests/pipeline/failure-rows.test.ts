// Failure rows (issue 13, item 7): `uvqa infer --out` writes a row with `response: null` for a request that
// failed; `uvqa score`, `compare`, `judge` and `judge-agreement` accept that file as the README says, leave
// the failed items out of the scores and count them as failed in coverage.json. Everything runs as a user
// runs it: real `uvqa` processes, a real chat server on 127.0.0.1 that refuses one request for good.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonl as parseJsonl, runCli as uvqa } from "../inference/helpers.ts";

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
const items = [
  { id: "a1", dataset: "t", category: "answerable", video: "v1", question: "What colour is the kettle?", reference: "The kettle is green." },
  { id: "a2", dataset: "t", category: "answerable", video: "v2", question: "How many ducks swim past?", reference: "Four ducks swim past." },
  { id: "u1", dataset: "t", category: "object", video: "v3", question: "What is the parrot eating?", reference: "Unanswerable: there is no parrot in the video." },
  { id: "u2", dataset: "t", category: "attribute", video: "v4", question: "Where does the boy in the orange coat go?", reference: "Unanswerable: the boy's coat is grey, not orange." },
];

/** Answers every chat request with a fixed sentence, except a question about ducks: 400, every time. */
async function chatServer(): Promise<{ url: string; server: Server; requests: number }> {
  const state = { requests: 0 };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      state.requests++;
      if (body.includes("ducks")) {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "context length exceeded", type: "invalid_request_error" } }));
        return;
      }
      const answer = body.includes("kettle") ? "The kettle is green." : "There is no such thing in the video.";
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: "x", object: "chat.completion", created: 0, model: "m",
        choices: [{ index: 0, message: { role: "assistant", content: answer }, finish_reason: "stop" }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server, get requests() { return state.requests; } };
}

let dir = "";
let server: Awaited<ReturnType<typeof chatServer>>;
let itemsFile = "";
let predictions = "";

beforeAll(async () => {
  [dir, server] = await Promise.all([mkdtemp(join(tmpdir(), "uvqa-failure-rows-")), chatServer()]);
  itemsFile = join(dir, "items.jsonl");
  predictions = join(dir, "predictions.jsonl");
  await writeFile(itemsFile, jsonl(items));
  const cache = join(dir, "cache");
  const served = await uvqa(["infer", "--backend", "openai", "--base-url", server.url, "--model", "m", "--prompt", "prompt-aligned",
    "--items", itemsFile, "--run", "served", "--out", predictions, "--cache", cache, "--retries", "0"]);
  expect(served.code, served.stderr).toBe(0);
  const builtin = await uvqa(["infer", "--backend", "builtin", "--prompt", "prompt-aligned", "--items", itemsFile, "--run", "builtin", "--out", predictions, "--cache", cache]);
  expect(builtin.code, builtin.stderr).toBe(0);
}, 60_000);
afterAll(async () => {
  server?.server.close();
  await rm(dir, { recursive: true, force: true });
});

type Coverage = { run: string; items: number; judged: number; missing: number; judge_failures: number; failed: number };
type Score = { run: string; slice: string; metric: string; value: number; n: number };

describe("failure rows written by uvqa infer --out", () => {
  it("are in the predictions file as infer writes them: response null, the error recorded", async () => {
    const rows = parseJsonl(await readFile(predictions, "utf8")) as Array<{ run: string; item: string; response: string | null; error: { class: string } | null }>;
    expect(rows.map((r) => [r.run, r.item, r.response === null, r.error?.class ?? null])).toEqual([
      ["served", "a1", false, null], ["served", "a2", true, "client_error"], ["served", "u1", false, null], ["served", "u2", false, null],
      ["builtin", "a1", false, null], ["builtin", "a2", false, null], ["builtin", "u1", false, null], ["builtin", "u2", false, null],
    ]);
  });

  it("uvqa score leaves them out of the scores and counts them as failed in coverage.json", async () => {
    const out = join(dir, "scores");
    const { code, stderr } = await uvqa(["score", "--items", itemsFile, "--predictions", predictions, "--out", out, "--resamples", "0"]);
    expect(code, stderr).toBe(0);
    expect(stderr).toBe(`scored 8 predictions of 2 run(s) over 4 items (1 failure rows left out, counted as failed in coverage.json) -> ${out}/scores.json\n`);
    const coverage = JSON.parse(await readFile(join(out, "coverage.json"), "utf8")) as Coverage[];
    expect(coverage.find((c) => c.run === "served")).toMatchObject({ items: 4, judged: 3, missing: 1, judge_failures: 0, failed: 1 });
    expect(coverage.find((c) => c.run === "builtin")).toMatchObject({ items: 4, judged: 4, missing: 0, judge_failures: 0, failed: 0 });
    const scores = JSON.parse(await readFile(join(out, "scores.json"), "utf8")) as Score[];
    const sAcc = scores.find((s) => s.run === "served" && s.slice === "all" && s.metric === "s_acc")!;
    // a1 answered correctly, u1 and u2 refused: 3 of the 3 items with a response (a2 failed, left out).
    expect(sAcc).toMatchObject({ value: 1, n: 3 });
    expect(scores.find((s) => s.run === "served" && s.slice === "category:answerable" && s.metric === "s_acc")).toMatchObject({ value: 1, n: 1 });
  });

  it("uvqa judge passes them through unjudged, and uvqa score reads its output the same way", async () => {
    const judged = join(dir, "judged.jsonl");
    const { code, stderr } = await uvqa(["judge", "--judge", "builtin", "--items", itemsFile, "--predictions", predictions, "--out", judged]);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/^judged 7 predictions with builtin@\d+\.\d+\.\d+: 6 refused, 0 judge failure\(s\); 1 failure row\(s\) without a response passed through unjudged \(uvqa score counts them as failed\)\n$/);
    const rows = parseJsonl(await readFile(judged, "utf8")) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(8);
    const failure = rows.find((r) => r.run === "served" && r.item === "a2")!;
    expect(failure).toMatchObject({ response: null, error: { class: "client_error" } });
    expect(failure).not.toHaveProperty("refused");
    expect(failure).not.toHaveProperty("judge");

    const out = join(dir, "scores-judged");
    const scored = await uvqa(["score", "--items", itemsFile, "--predictions", judged, "--out", out, "--resamples", "0"]);
    expect(scored.code, scored.stderr).toBe(0);
    expect(await readFile(join(out, "scores.json"), "utf8")).toBe(await readFile(join(dir, "scores", "scores.json"), "utf8"));
    expect(await readFile(join(out, "coverage.json"), "utf8")).toBe(await readFile(join(dir, "scores", "coverage.json"), "utf8"));

    const agreement = join(dir, "agreement");
    const agreed = await uvqa(["judge-agreement", "--items", itemsFile, "--a", judged, "--b", judged, "--out", agreement, "--resamples", "0"]);
    expect(agreed.code, agreed.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(agreement, "agreement.json"), "utf8"))).toMatchObject({ n: 7, disagreements: 0 });
  });

  it("uvqa compare pairs the items both runs answered; a run with only failure rows is named", async () => {
    const out = join(dir, "compare");
    const { code, stderr } = await uvqa(["compare", "--items", itemsFile, "--predictions", predictions, "--a", "builtin", "--b", "served", "--out", out, "--resamples", "0"]);
    expect(code, stderr).toBe(0);
    const rows = JSON.parse(await readFile(join(out, "comparisons.json"), "utf8")) as Array<{ slice: string; metric: string; n: number }>;
    expect(rows.find((r) => r.slice === "all" && r.metric === "s_acc")!.n).toBe(3);

    const only = join(dir, "only-failures.jsonl");
    const all = parseJsonl(await readFile(predictions, "utf8")) as Array<{ run: string; item: string }>;
    await writeFile(only, jsonl([...all.filter((r) => r.run === "builtin"), all.find((r) => r.run === "served" && r.item === "a2")]));
    const failed = await uvqa(["compare", "--items", itemsFile, "--predictions", only, "--a", "builtin", "--b", "served", "--out", join(dir, "compare-2")]);
    expect(failed).toMatchObject({ code: 2, stderr: `uvqa: run served has no responses in ${only}: its 1 rows are failure rows (response null)\n` });
  });
});
