// The response row: one per run x item, the same in the cache, in `--out` and for imported or batch
// results (backend "import" / "batch"). A valid `uvqa score --predictions` row (run, item, response).
// Never holds an API key.
import { z } from "zod";

export const ResponseError = z.object({
  /** rate_limit | server_error | client_error | timeout | network | malformed_response | empty_response | length | frames | internal | missing */
  class: z.string().min(1),
  message: z.string(),
  attempts: z.number().int().min(0),
});
export type ResponseError = z.infer<typeof ResponseError>;

export const FramesRecord = z.object({
  count: z.number().int().min(0),
  max_side: z.number().int(),
  quality: z.number().int(),
  /** sha256 of each JPEG sent, in time order. */
  hashes: z.array(z.string()),
});
export type FramesRecord = z.infer<typeof FramesRecord>;

export const Usage = z.object({
  prompt_tokens: z.number().int().min(0),
  completion_tokens: z.number().int().min(0),
});
export type Usage = z.infer<typeof Usage>;

export const ResponseRow = z.object({
  run: z.string().min(1),
  item: z.string().min(1),
  response: z.string().nullable(),
  error: ResponseError.nullable(),
  /** builtin | openai | import | batch */
  backend: z.string().min(1),
  base_url: z.string().optional(),
  model: z.string().min(1),
  prompt: z.string().min(1),
  prompt_hash: z.string(),
  settings: z.record(z.string(), z.unknown()),
  frames: FramesRecord.optional(),
  video_url: z.string().optional(),
  usage: Usage.optional(),
  /** Attempts made for this row (1 when the first try answered). */
  attempts: z.number().int().min(0).optional(),
  /** The chat completion's finish_reason ("stop"; "length" when cut at max_tokens); absent in older rows. */
  finish_reason: z.string().nullable().optional(),
  /** true when the response is the server's refusal (OpenAI's message.refusal, content null); absent otherwise. */
  refusal: z.boolean().optional(),
  latency_ms: z.number().min(0),
  /** sha256 of everything that determines the response; the cache looks rows up by (item, cache_key). */
  cache_key: z.string().min(1),
  created_at: z.string(),
}).passthrough();
export type ResponseRow = z.infer<typeof ResponseRow>;
