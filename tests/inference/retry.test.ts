// Retry policy: Retry-After (seconds or HTTP date) is honoured, otherwise full-jitter exponential
// backoff; only retryable failures are retried; attempts are counted.
import { describe, expect, test } from "vitest";
import { AttemptError, backoffDelay, parseRetryAfter, withRetry } from "../../loaders/inference/retry.ts";
import { classifyOpenAIError } from "../../loaders/inference/openai.ts";

const policy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1000 };

describe("retries", () => {
  test("Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter("0.5", now)).toBe(500);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:03 GMT", now)).toBe(3000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  test("full jitter: uniform below min(max, base * 2^(n-1))", () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 0.999))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });

  test("waits as told, counts attempts, stops at the bound or on a final error", async () => {
    const waits: number[] = [];
    const effects = { sleep: async (ms: number) => void waits.push(ms), random: () => 0.5 };
    const failures = [new AttemptError("rate_limit", "429", true, 1500), new AttemptError("server_error", "500", true), new AttemptError("network", "ECONNRESET", true)];
    const ok = await withRetry(async (n) => { if (n <= failures.length) throw failures[n - 1]; return "fine"; }, (e) => e as AttemptError, policy, effects);
    expect(ok).toEqual({ ok: true, value: "fine", attempts: 4 });
    expect(waits).toEqual([1000 /* Retry-After 1.5 s capped at max */, 100, 200]);

    const always = await withRetry(async () => { throw new AttemptError("timeout", "t", true); }, (e) => e as AttemptError, policy, effects);
    expect(always).toMatchObject({ ok: false, attempts: 4, error: { errorClass: "timeout" } });
    const final = await withRetry(async () => { throw new AttemptError("client_error", "HTTP 400", false); }, (e) => e as AttemptError, policy, effects);
    expect(final).toMatchObject({ ok: false, attempts: 1 });
  });

  test("unclassified errors: JSON syntax errors are malformed bodies, resets are network errors", () => {
    expect(classifyOpenAIError(new SyntaxError("Unexpected end of JSON input"), 0)).toMatchObject({ errorClass: "malformed_response", retryable: true });
    expect(classifyOpenAIError(Object.assign(new TypeError("terminated"), { cause: { code: "ECONNRESET" } }), 0)).toMatchObject({ errorClass: "network", retryable: true, message: "terminated: ECONNRESET" });
    expect(classifyOpenAIError(new Error("bug"), 0)).toMatchObject({ errorClass: "internal", retryable: false });
  });
});
