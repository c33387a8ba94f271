// The LLM judge: any OpenAI-compatible chat model through the inference backend (its retries, its
// response cache, a concurrency limit). One repair retry on a reply that does not parse; a judge that
// still fails gives a row with `error` set and refused/correct null: recorded, counted, never replaced.
import { runLimited } from "../inference/limit.ts";
import { publicUrl } from "../inference/redact.ts";
import type { Backend, GenerationSettings } from "../inference/backend.ts";
import type { ResponseCache } from "../inference/cache.ts";
import { DEFAULT_RETRY, realRetryEffects, withRetry, type RetryEffects, type RetryPolicy } from "../inference/retry.ts";
import type { Judgment, Prediction } from "../items/records.ts";
import type { Item } from "../items/schema.ts";
import type { ChatMessage } from "../prompts/index.ts";
import { sha256 } from "../prompts/render.ts";
import { judgeMessages, parseJudgeReply, repairMessages, type JudgePrompt, type JudgeReply } from "./llm-prompt.ts";

export interface LlmJudgment extends Judgment {
  /** The judge's one-sentence reason (its `reason` field). */
  judge_reason: string | null;
  judge_model: string;
  judge_prompt: string;
  judge_prompt_hash: string;
  /** Chat calls made for this response (0 when all came from the cache). */
  calls: number;
  /** Whether the first reply failed to parse and the repair request was needed. */
  repaired: boolean;
}

export interface LlmJudgeOptions {
  /** The judge's id in the config. */
  judgeId: string;
  backend: Backend;
  settings: GenerationSettings;
  prompt: JudgePrompt;
  retry?: RetryPolicy;
  effects?: RetryEffects;
  concurrency?: number;
  /** The inference response cache, opened under the judge's own name. */
  cache?: ResponseCache;
  now?: () => number;
}

/** `<judge id>@<prompt id>+<first 12 hex of the prompt hash>`: which judge, which prompt text. */
export function llmJudgeName(judgeId: string, prompt: JudgePrompt): string {
  return `${judgeId}@${prompt.id}+${prompt.hash.slice(0, 12)}`;
}

type CallResult = { ok: true; text: string; calls: number } | { ok: false; error: string; calls: number };

async function call(messages: ChatMessage[], cacheItem: string, options: LlmJudgeOptions): Promise<CallResult> {
  const { backend, settings, cache } = options;
  const key = sha256(JSON.stringify({ purpose: "judge", backend: backend.name, base_url: backend.baseUrl ?? null, model: backend.model, messages, settings }));
  const hit = cache?.get(cacheItem, key);
  if (hit && hit.response !== null && hit.error === null) return { ok: true, text: hit.response, calls: 0 };
  const now = options.now ?? Date.now;
  const started = now();
  const result = await withRetry(() => backend.complete(messages, settings), (e) => backend.classify(e), options.retry ?? DEFAULT_RETRY, options.effects ?? realRetryEffects);
  if (!result.ok) return { ok: false, error: `request failed after ${result.attempts} attempt(s): ${result.error.errorClass}: ${result.error.message}`, calls: result.attempts };
  // Only successful replies are cached: a failed request is tried again on the next run.
  await cache?.append({
    run: `judge-${options.judgeId}`, item: cacheItem, response: result.value.text, error: null,
    backend: backend.name, ...(backend.baseUrl ? { base_url: publicUrl(backend.baseUrl) } : {}), model: backend.model,
    prompt: options.prompt.id, prompt_hash: options.prompt.hash, settings: { ...settings },
    ...(result.value.usage ? { usage: result.value.usage } : {}), attempts: result.attempts,
    latency_ms: Math.max(0, now() - started), cache_key: key, created_at: new Date(now()).toISOString(),
  });
  return { ok: true, text: result.value.text, calls: result.attempts };
}

export async function judgeOneWithLlm(item: Item, prediction: Prediction, options: LlmJudgeOptions): Promise<LlmJudgment> {
  const base = {
    run: prediction.run, item: prediction.item, judge: llmJudgeName(options.judgeId, options.prompt),
    judge_model: options.backend.model, judge_prompt: options.prompt.id, judge_prompt_hash: options.prompt.hash,
  };
  const failed = (error: string, calls: number, repaired: boolean): LlmJudgment => ({
    ...base, refused: null, correct: null, score: null, score_kind: null, reason_ok: null, error, judge_reason: null, calls, repaired,
  });
  if (typeof prediction.response !== "string") return failed("no response to judge", 0, false);
  const cacheItem = `${prediction.run}/${prediction.item}`;
  const messages = judgeMessages(options.prompt, { question: item.question, reference: item.reference, response: prediction.response });
  const first = await call(messages, cacheItem, options);
  if (!first.ok) return failed(first.error, first.calls, false);
  let parsed = parseJudgeReply(first.text);
  let calls = first.calls;
  let repaired = false;
  if (!parsed.ok) {
    repaired = true;
    const second = await call(repairMessages(options.prompt, messages, first.text, parsed.error), cacheItem, options);
    calls += second.calls;
    if (!second.ok) return failed(`invalid judge reply (${parsed.error}); repair ${second.error}`, calls, true);
    const again = parseJudgeReply(second.text);
    if (!again.ok) return failed(`invalid judge reply after one repair: ${again.error}`, calls, true);
    parsed = again;
  }
  return { ...base, ...verdict(item, parsed.value), error: null, calls, repaired };
}

/** metrics.md: for an unanswerable item `correct` is the refusal itself, whatever the judge said. */
function verdict(item: Item, reply: JudgeReply): Omit<Judgment, "run" | "item" | "judge" | "error"> & { judge_reason: string } {
  const correct = item.category === "answerable" ? reply.correct && !reply.refused : reply.refused;
  return { refused: reply.refused, correct, score: reply.score, score_kind: "llm", reason_ok: null, judge_reason: reply.reason };
}

/** Judges every prediction; `items` must hold each prediction's item (the caller checks, naming file and line). */
export async function judgeWithLlm(items: Map<string, Item>, predictions: Prediction[], options: LlmJudgeOptions): Promise<LlmJudgment[]> {
  // A failing request stops new ones and waits for those in flight before the caller closes the cache.
  return runLimited(options.concurrency ?? 8, predictions.map((p) => () => judgeOneWithLlm(items.get(p.item)!, p, options)));
}
