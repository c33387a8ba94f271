// The LLM judge's pure parts and its runner: parsing and the repair step against a scripted in-process
// backend; failed requests against a real local server (the whole path is exercised in cli.test.ts).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { ResponseCache, cacheFile } from "../../loaders/inference/cache.ts";
import { makeBackend } from "../../loaders/inference/run.ts";
import type { Backend } from "../../loaders/inference/backend.ts";
import { AttemptError } from "../../loaders/inference/retry.ts";
import type { Item } from "../../loaders/items/schema.ts";
import type { ChatMessage } from "../../loaders/prompts/index.ts";
import { extractJudgeInput, judgeMessages, loadJudgePrompt, parseJudgePrompt, parseJudgeReply } from "../../loaders/judges/llm-prompt.ts";
import { judgeWithLlm, llmJudgeName } from "../../loaders/judges/llm.ts";
import { builtinJudgeChat } from "../../loaders/judges/serve-judge.ts";

describe("judge prompt", () => {
  it("loads the versioned file with its hash, and fills question, reference and response once", async () => {
    const prompt = await loadJudgePrompt();
    expect(prompt.id).toBe("judge-v1");
    expect(prompt.hash).toMatch(/^[0-9a-f]{64}$/);
    const messages = judgeMessages(prompt, { question: "Q?", reference: "R.", response: "says {reference}" });
    expect(messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(extractJudgeInput(messages[1]!.content as string)).toEqual({ question: "Q?", reference: "R.", response: "says {reference}" });
  });

  it("refuses a prompt file without a section or a placeholder", () => {
    expect(() => parseJudgePrompt("x", "=== system ===\ns\n=== user ===\n{question} {reference}\n=== repair ===\nr")).toThrow("judge prompt x: the user section has no {response}");
    expect(() => parseJudgePrompt("x", "=== system ===\ns")).toThrow('judge prompt x: missing section "=== user ==="');
  });
});

describe("parseJudgeReply", () => {
  it("accepts exactly one JSON object, optionally in a json fence", () => {
    const value = { refused: true, correct: true, score: 4, reason: "names the missing dog" };
    expect(parseJudgeReply(JSON.stringify(value))).toEqual({ ok: true, value });
    expect(parseJudgeReply("```json\n" + JSON.stringify(value) + "\n```")).toEqual({ ok: true, value });
  });

  it("rejects prose around the JSON, wrong types and out-of-range scores, saying why", () => {
    expect(parseJudgeReply('Sure! {"refused": true}')).toEqual({ ok: false, error: 'not a JSON object: "Sure! {\\"refused\\": true}"' });
    expect(parseJudgeReply('{"refused": "yes", "correct": true, "score": 3, "reason": ""}')).toMatchObject({ ok: false, error: "invalid refused: Invalid input: expected boolean, received string" });
    expect(parseJudgeReply('{"refused": true, "correct": true, "score": 7, "reason": ""}')).toMatchObject({ ok: false, error: "invalid score: Too big: expected number to be <=5" });
    expect(parseJudgeReply('{"refused": true, "correct": true, "score": 2.5, "reason": ""}')).toMatchObject({ ok: false, error: "invalid score: Invalid input: expected int, received number" });
  });
});

describe("builtinJudgeChat (uvqa serve --judge)", () => {
  it("answers a judge prompt in the judge's JSON, reading unanswerability off the reference", async () => {
    const prompt = await loadJudgePrompt();
    const reply = (reference: string, response: string) =>
      JSON.parse(builtinJudgeChat(judgeMessages(prompt, { question: "What is the dog chasing?", reference, response })));
    expect(reply("The question is unanswerable: there is no dog.", "There is no dog in the video.")).toMatchObject({ refused: true, correct: true, score: 4 });
    expect(reply("The dog chases a red ball.", "A red ball.")).toMatchObject({ refused: false, correct: true, score: 5 });
    expect(builtinJudgeChat([{ role: "user", content: "hello" }])).toMatch(/^I can only judge/);
  });
});

/** A backend whose replies are scripted per call; records what it was sent. */
function scripted(reply: (messages: ChatMessage[], call: number) => string | Error): Backend & { calls: ChatMessage[][] } {
  const calls: ChatMessage[][] = [];
  return {
    name: "test", model: "scripted", calls,
    async complete(messages) {
      calls.push(messages);
      const out = reply(messages, calls.length);
      if (out instanceof Error) throw out;
      return { text: out };
    },
    classify: (e) => (e instanceof AttemptError ? e : new AttemptError("internal", String(e), false)),
  };
}

describe("judgeWithLlm", () => {
  const items = new Map<string, Item>([
    ["a1", { id: "a1", dataset: "t", category: "answerable", video: "v", question: "What color is the car?", reference: "Red." }],
    ["u1", { id: "u1", dataset: "t", category: "object", video: "v", question: "What is the dog chasing?", reference: "Unanswerable: no dog." }],
  ]);
  const noSleep = { sleep: async () => {}, random: () => 0 };

  it("parses a good reply; for an unanswerable item correct is the refusal itself", async () => {
    const prompt = await loadJudgePrompt();
    const backend = scripted(() => '{"refused": true, "correct": false, "score": 4, "reason": "refuses"}');
    const [row] = await judgeWithLlm(items, [{ run: "r", item: "u1", response: "No dog here." }], { judgeId: "j", backend, settings: { temperature: 0, max_tokens: 64, seed: null }, prompt });
    expect(row).toMatchObject({ judge: llmJudgeName("j", prompt), refused: true, correct: true, score: 4, score_kind: "llm", error: null, repaired: false, calls: 1, judge_reason: "refuses" });
    expect(row!.judge).toBe(`j@judge-v1+${prompt.hash.slice(0, 12)}`);
  });

  it("sends one repair request after a reply that does not parse, with the bad reply and the error", async () => {
    const prompt = await loadJudgePrompt();
    const backend = scripted((_, n) => (n === 1 ? "The answer is correct, score 5." : '{"refused": false, "correct": true, "score": 5, "reason": "matches"}'));
    const [row] = await judgeWithLlm(items, [{ run: "r", item: "a1", response: "Red." }], { judgeId: "j", backend, settings: { temperature: 0, max_tokens: 64, seed: null }, prompt });
    expect(row).toMatchObject({ refused: false, correct: true, score: 5, repaired: true, calls: 2, error: null });
    const repair = backend.calls[1]!;
    expect(repair.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(repair[2]!.content).toBe("The answer is correct, score 5.");
    expect(repair[3]!.content).toMatch(/^Your reply could not be used: not a JSON object/);
  });

  it("records a failure (refused/correct null, error set) after a second bad reply or failed requests", async () => {
    const prompt = await loadJudgePrompt();
    const settings = { temperature: 0, max_tokens: 64, seed: null };
    const garbage = scripted(() => "no");
    const [bad] = await judgeWithLlm(items, [{ run: "r", item: "a1", response: "Red." }], { judgeId: "j", backend: garbage, settings, prompt });
    expect(bad).toMatchObject({ refused: null, correct: null, score: null, score_kind: null, repaired: true, calls: 2, error: 'invalid judge reply after one repair: not a JSON object: "no"' });
    // Failed requests: the real OpenAI-compatible backend against a real local server that answers 503.
    let requests = 0;
    const server = createServer((req, res) => {
      requests++;
      req.resume();
      res.writeHead(503, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "overloaded" } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
      const backend = makeBackend({ id: "down", backend: "openai", baseUrl, model: "judge" });
      const [failed] = await judgeWithLlm(items, [{ run: "r", item: "a1", response: "Red." }], {
        judgeId: "j", backend, settings, prompt, retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 }, effects: noSleep,
      });
      expect(requests).toBe(3);
      expect(failed).toMatchObject({ refused: null, correct: null, calls: 3 });
      expect(failed!.error).toMatch(/^request failed after 3 attempt\(s\): server_error: HTTP 503/);
      await backend.close?.();
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
  it("a judge reply cached for a server URL with credentials and a query: the stored base_url has neither", async () => {
    const prompt = await loadJudgePrompt();
    const dir = await mkdtemp(join(tmpdir(), "uvqa-judge-redact-"));
    try {
      const backend = { ...scripted(() => '{"refused": false, "correct": true, "score": 5, "reason": "matches"}'), baseUrl: "https://judge-user:judge-pass-123@gateway.example/v1?api_key=query-secret-456" };
      const cache = await ResponseCache.open(dir, "judge-j");
      await judgeWithLlm(items, [{ run: "r", item: "a1", response: "Red." }], { judgeId: "j", backend, settings: { temperature: 0, max_tokens: 64, seed: null }, prompt, cache });
      await cache.close();
      const stored = await readFile(cacheFile(dir, "judge-j"), "utf8");
      expect(JSON.parse(stored.trim()).base_url).toBe("https://gateway.example/v1");
      for (const secret of ["judge-user", "judge-pass-123", "query-secret-456"]) expect(stored).not.toContain(secret);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
