// The OpenAI Batch API file formats, which vLLM's `run_batch` reads and writes too
// (vllm/entrypoints/openai/protocol.py: BatchRequestInput, BatchRequestOutput, BatchResponseData).
//   request line: {"custom_id", "method": "POST", "url": "/v1/chat/completions", "body": {model, messages, ...}}
//   output line:  {"id", "custom_id", "response": {"status_code", "request_id", "body"} | null, "error": {...} | null}
// Our custom_id (batch/ids.ts) hashes the run, the item and the request's cache key into 61 characters.
import { z } from "zod";
import type { ChatMessage } from "../../prompts/index.ts";
import { ChatChoice, ChatUsage } from "../choice.ts";

export const BATCH_URL = "/v1/chat/completions";

export interface BatchRequestBody {
  model: string;
  messages: ChatMessage[];
  temperature: number;
  max_tokens: number;
  seed?: number;
}

export interface BatchRequestLine {
  custom_id: string;
  method: "POST";
  url: typeof BATCH_URL;
  body: BatchRequestBody;
}

export const BatchRequestLineSchema = z.object({
  custom_id: z.string().min(1),
  method: z.literal("POST"),
  url: z.literal(BATCH_URL),
  body: z.object({ model: z.string().min(1), messages: z.array(z.unknown()).min(1) }).passthrough(),
}).passthrough();

export const BatchOutputLine = z.object({
  id: z.string().min(1),
  custom_id: z.string().min(1),
  response: z.object({
    status_code: z.number().int(),
    request_id: z.string().optional(),
    body: z.unknown().optional(),
  }).passthrough().nullable(),
  /** OpenAI: {code, message}; vLLM: any (often a string). */
  error: z.unknown().optional(),
}).passthrough();
export type BatchOutputLine = z.infer<typeof BatchOutputLine>;

/** A successful chat completion body, as far as a response row needs it. */
export const ChatCompletionBody = z.object({
  choices: z.array(ChatChoice).min(1),
  usage: ChatUsage.nullable().optional(),
}).passthrough();

/** The output line with a chat completion body (checked when status_code is 200, for error paths). */
export const SuccessfulOutputLine = z.object({ response: z.object({ body: ChatCompletionBody }).passthrough() }).passthrough();

export { customId, CustomIds, MAX_CUSTOM_ID } from "./ids.ts";
