// The response row for one request's outcome: one shape for inferRun and LLM-mode generation, so the two
// cannot drift apart (a row is what the cache, `--out` and the report read).
import { roughTokens, type Backend, type BackendAnswer, type GenerationSettings } from "./backend.ts";
import { publicUrl } from "./redact.ts";
import type { RetryResult } from "./retry.ts";
import type { FramesRecord, ResponseRow } from "./row.ts";

export interface AnsweredRowInput {
  run: string;
  item: string;
  backend: Backend;
  prompt: string;
  promptHash: string;
  settings: GenerationSettings;
  cacheKey: string;
  result: RetryResult<BackendAnswer>;
  /** Prompt tokens to record when the server reports no usage (a rough estimate). */
  promptTokens: number;
  startedAt: number;
  now: number;
  frames?: FramesRecord;
  videoUrl?: string;
}

/** finish_reason (where the backend gave one, failures included) and the refusal flag. */
function finishFields(result: RetryResult<BackendAnswer>): { finish_reason?: string | null; refusal?: true } {
  const finish = result.ok ? result.value.finishReason : result.error.finishReason;
  return {
    ...(finish !== undefined ? { finish_reason: finish } : {}),
    ...(result.ok && result.value.refusal ? { refusal: true as const } : {}),
  };
}

export function answeredRow(input: AnsweredRowInput): ResponseRow {
  const { result, backend } = input;
  return {
    run: input.run,
    item: input.item,
    response: result.ok ? result.value.text : null,
    error: result.ok ? null : { class: result.error.errorClass, message: result.error.message, attempts: result.attempts },
    backend: backend.name,
    // Never credentials or a query: they could carry a key.
    ...(backend.baseUrl ? { base_url: publicUrl(backend.baseUrl) } : {}),
    model: backend.model,
    prompt: input.prompt,
    prompt_hash: input.promptHash,
    settings: { ...input.settings },
    ...(input.frames ? { frames: input.frames } : {}),
    ...(input.videoUrl ? { video_url: input.videoUrl } : {}),
    ...(result.ok
      ? { usage: result.value.usage ?? { prompt_tokens: input.promptTokens, completion_tokens: roughTokens(result.value.text) } }
      : {}),
    ...finishFields(result),
    attempts: result.attempts,
    latency_ms: Math.max(0, input.now - input.startedAt),
    cache_key: input.cacheKey,
    created_at: new Date(input.now).toISOString(),
  };
}
