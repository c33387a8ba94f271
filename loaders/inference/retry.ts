// Retries with exponential backoff and full jitter, honouring Retry-After. Attempts are counted so that
// every row records how many it took (or how many failed).
import { UvqaError } from "../errors.ts";

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

/** A classified failure: `retryable` says whether another attempt may help. */
export class AttemptError extends Error {
  constructor(
    readonly errorClass: string,
    message: string,
    readonly retryable: boolean,
    /** From a Retry-After header, in milliseconds. */
    readonly retryAfterMs?: number,
    /** The reply's finish_reason, when a reply came (a length-cut reply with no text). */
    readonly finishReason?: string | null,
  ) {
    super(message);
    this.name = "AttemptError";
  }
}

/** Retry-After as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Full jitter: a uniform delay in [0, min(max, base * 2^(attempt-1))]. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
}

export interface RetryEffects {
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const realRetryEffects: RetryEffects = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export type RetryResult<T> =
  | { ok: true; value: T; attempts: number }
  | { ok: false; error: AttemptError; attempts: number };

export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  classify: (error: unknown) => AttemptError,
  policy: RetryPolicy,
  effects: RetryEffects = realRetryEffects,
): Promise<RetryResult<T>> {
  for (let n = 1; ; n++) {
    try {
      return { ok: true, value: await attempt(n), attempts: n };
    } catch (raw) {
      // A setup error (an API key that is not set) is no failed attempt: it stops the whole run.
      if (raw instanceof UvqaError) throw raw;
      const error = classify(raw);
      if (!error.retryable || n > policy.retries) return { ok: false, error, attempts: n };
      const wait = error.retryAfterMs !== undefined
        ? Math.min(error.retryAfterMs, policy.maxDelayMs)
        : backoffDelay(n, policy, effects.random);
      await effects.sleep(wait);
    }
  }
}
