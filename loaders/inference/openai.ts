// The OpenAI-compatible backend: the official `openai` client pointed at a base URL, with its own retries
// off (maxRetries: 0) so that our loop counts and records attempts. The reply is checked with zod.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { z } from "zod";
import type { ModelConfig } from "../config/schema.ts";
import { UvqaError } from "../errors.ts";
import type { Backend } from "./backend.ts";
import { pooledFetch } from "./http.ts";
import { redactError, redactor } from "./redact.ts";
import { AttemptError, parseRetryAfter } from "./retry.ts";
import { ChatChoice, ChatUsage, readChoice } from "./choice.ts";

const ChatCompletionReply = z.object({
  choices: z.array(ChatChoice).min(1),
  usage: ChatUsage.nullable().optional(),
});

export interface OpenAIBackendOptions {
  fetch?: typeof fetch;
  env?: Record<string, string | undefined>;
  now?: () => number;
  /** A dry run sends nothing (the key is only asked for when a request is sent). */
  dryRun?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 120_000;

export function classifyOpenAIError(error: unknown, now: number): AttemptError {
  if (error instanceof AttemptError) return error;
  if (error instanceof APIConnectionTimeoutError) return new AttemptError("timeout", "request timed out", true);
  if (error instanceof APIConnectionError) {
    const cause = (error as { cause?: { code?: string; message?: string; cause?: { code?: string } } }).cause;
    const code = cause?.code ?? cause?.cause?.code;
    return new AttemptError("network", [error.message, code ?? cause?.message].filter(Boolean).join(": "), true);
  }
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    const headers = error.headers as Headers | undefined;
    const retryAfterMs = headers?.get("retry-after-ms") ? Number(headers.get("retry-after-ms")) : parseRetryAfter(headers?.get("retry-after"), now);
    const message = `HTTP ${status}: ${error.message}`.slice(0, 300);
    if (status === 429) return new AttemptError("rate_limit", message, true, retryAfterMs);
    if (status >= 500) return new AttemptError("server_error", message, true, retryAfterMs);
    if (status === 408 || status === 409) return new AttemptError("timeout", message, true, retryAfterMs);
    return new AttemptError("client_error", message, false);
  }
  if (error instanceof SyntaxError) return new AttemptError("malformed_response", `unreadable JSON body: ${error.message}`.slice(0, 300), true);
  const err = error as { name?: string; message?: string; cause?: { code?: string } };
  // A connection reset while the body streams in surfaces as a TypeError ("terminated") from fetch.
  if (err?.name === "TypeError" || err?.cause?.code) return new AttemptError("network", `${err.message ?? "network error"}${err.cause?.code ? `: ${err.cause.code}` : ""}`, true);
  if (err?.name === "AbortError") return new AttemptError("timeout", "request aborted (timeout)", true);
  return new AttemptError("internal", String(err?.message ?? error), false);
}

export function openaiBackend(model: ModelConfig, options: OpenAIBackendOptions = {}): Backend {
  if (!model.baseUrl) throw new UvqaError(`model ${model.id}: backend openai needs a baseUrl`, 2);
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  let apiKey = "none";
  let secretKey: string | undefined;
  // The key is asked for only when a request is about to be sent: a run answered from the cache, or a dry
  // run, needs none.
  let missingKey: UvqaError | null = null;
  if (model.apiKeyEnv) {
    const value = env[model.apiKeyEnv];
    if (!value) missingKey = new UvqaError(`model ${model.id}: environment variable ${model.apiKeyEnv} is not set`, 2);
    apiKey = value || "unset";
    secretKey = value || undefined;
  }
  // Error messages are stored in rows: never with the key or the URL's credentials and query in them.
  const redact = redactor(secretKey, model.baseUrl);
  const pool = options.fetch ? null : pooledFetch();
  const client = new OpenAI({
    baseURL: model.baseUrl,
    apiKey,
    maxRetries: 0,
    timeout: model.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: options.fetch ?? pool!.fetch,
  });
  const name = model.model ?? model.id;
  return {
    name: "openai",
    model: name,
    baseUrl: model.baseUrl,
    async complete(messages, settings) {
      if (missingKey) throw missingKey;
      const raw: unknown = await client.chat.completions.create({
        model: name,
        messages: messages as OpenAI.Chat.ChatCompletionMessageParam[],
        temperature: settings.temperature,
        max_tokens: settings.max_tokens,
        ...(settings.seed !== null ? { seed: settings.seed } : {}),
      });
      const reply = ChatCompletionReply.safeParse(raw);
      if (!reply.success) {
        const shown = typeof raw === "string" ? raw : JSON.stringify(raw);
        throw new AttemptError("malformed_response", `unexpected reply: ${String(shown).slice(0, 120)}`, true);
      }
      const answer = readChoice(reply.data.choices[0]!, reply.data.usage);
      if (!answer.ok) throw new AttemptError(answer.errorClass, answer.message, false, undefined, answer.finishReason);
      const usage = reply.data.usage ?? undefined;
      return {
        text: answer.text,
        finishReason: answer.finishReason,
        ...(answer.refusal ? { refusal: true } : {}),
        ...(usage ? { usage: { prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens } } : {}),
      };
    },
    classify: (error) => redactError(classifyOpenAIError(error, now()), redact),
    close: async () => void (await pool?.close()),
  };
}
