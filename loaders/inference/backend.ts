// A backend answers chat messages. Failures are thrown; `classify` turns them into AttemptErrors
// (class, message, retryable, Retry-After) for the retry loop and the failure rows.
import type { ModelConfig } from "../config/schema.ts";
import type { ChatMessage } from "../prompts/index.ts";
import type { Usage } from "./row.ts";
import { AttemptError } from "./retry.ts";
import { builtinChat } from "./builtin-model.ts";

/** What is sent besides the messages, as recorded in every row. */
export interface GenerationSettings {
  temperature: number;
  max_tokens: number;
  seed: number | null;
}

export function generationSettings(model: ModelConfig): GenerationSettings {
  return { temperature: model.temperature ?? 0, max_tokens: model.maxTokens ?? 512, seed: model.seed ?? null };
}

export interface BackendAnswer {
  text: string;
  usage?: Usage;
  /** The chat completion's finish_reason ("stop", "length", ...), where the backend has one. */
  finishReason?: string | null;
  /** The text is the server's refusal (OpenAI's `message.refusal`, content null). */
  refusal?: boolean;
}

export interface Backend {
  /** builtin | openai */
  readonly name: string;
  /** The model name as the server knows it. */
  readonly model: string;
  readonly baseUrl?: string;
  complete(messages: ChatMessage[], settings: GenerationSettings): Promise<BackendAnswer>;
  classify(error: unknown): AttemptError;
  /** Releases connections (keep-alive pools). */
  close?(): Promise<void>;
}

/** Rough token count (4 characters a token), for usage from servers that give none and for estimates. */
export function roughTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function builtinBackend(): Backend {
  return {
    name: "builtin",
    model: "builtin",
    async complete(messages) {
      return { text: builtinChat(messages) };
    },
    classify(error) {
      return error instanceof AttemptError ? error : new AttemptError("internal", (error as Error)?.message ?? String(error), false);
    },
  };
}
