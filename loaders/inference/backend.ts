// A backend answers chat messages. Failures are thrown; `classify` turns them into AttemptErrors
// (class, message, retryable, Retry-After) for the retry loop and the failure rows.
import type { ModelConfig } from "../config/schema.ts";
import type { ChatMessage } from "../prompts/index.ts";
import type { Usage } from "./row.ts";
import { AttemptError } from "./retry.ts";
import { readFileSync } from "node:fs";
import { builtinChat } from "./builtin-model.ts";
import { LEARNED_MODEL_NAME, learnedChat } from "./learned-model.ts";
import { MODEL_PATH } from "../model/files.ts";
import { sha256 } from "../prompts/render.ts";
import { UvqaError } from "../errors.ts";

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
  /** builtin | builtin-model | openai */
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

/**
 * The learned model (`backend: "builtin-model"`). Its name carries the model file's hash
 * (`builtin-model@<12 hex>`), so the response cache tells a retrained model's answers from the old ones.
 */
export function learnedModelBackend(file: string = MODEL_PATH): Backend {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new UvqaError(`no such model file: ${file} (npm run train makes it)`, 2);
  }
  const { chat } = learnedChat(file);
  return {
    name: LEARNED_MODEL_NAME,
    model: `${LEARNED_MODEL_NAME}@${sha256(bytes).slice(0, 12)}`,
    async complete(messages) {
      return { text: await chat(messages) };
    },
    classify(error) {
      return error instanceof AttemptError ? error : new AttemptError("internal", (error as Error)?.message ?? String(error), false);
    },
  };
}
