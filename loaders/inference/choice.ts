// The answer of a chat completion's first choice, one rule for direct requests (openai.ts) and Batch API
// output (batch/import.ts). Pure.
//   - text in `content`: the answer; `finish_reason` kept ("length" when cut at max_tokens);
//   - no text but a `refusal` (OpenAI's structured refusal, content null): the refusal text is the
//     answer, flagged `refusal` (for a refusal benchmark it is exactly the answer being measured);
//   - no text, finish_reason "length": a failure of class `length` (a reasoning model that spent every
//     token on reasoning), said so, never an empty answer;
//   - no text otherwise: a failure of class `empty_response`, naming the finish_reason.
import { z } from "zod";

export const ChatChoice = z.object({
  message: z.object({
    content: z.string().nullable().optional(),
    refusal: z.string().nullable().optional(),
  }).passthrough(),
  finish_reason: z.string().nullable().optional(),
}).passthrough();
export type ChatChoice = z.infer<typeof ChatChoice>;

export const ChatUsage = z.object({
  prompt_tokens: z.number().int().min(0),
  completion_tokens: z.number().int().min(0),
  completion_tokens_details: z.object({ reasoning_tokens: z.number().int().min(0).nullable().optional() }).passthrough().nullable().optional(),
}).passthrough();
export type ChatUsage = z.infer<typeof ChatUsage>;

export type ChoiceAnswer =
  | { ok: true; text: string; refusal: boolean; finishReason: string | null }
  | { ok: false; errorClass: "length" | "empty_response"; message: string; finishReason: string | null };

export function readChoice(choice: ChatChoice, usage?: ChatUsage | null): ChoiceAnswer {
  const finishReason = choice.finish_reason ?? null;
  const { content, refusal } = choice.message;
  const refused = typeof refusal === "string" && refusal.trim() !== "";
  if (typeof content === "string" && content !== "") return { ok: true, text: content, refusal: refused, finishReason };
  if (refused) return { ok: true, text: refusal, refusal: true, finishReason };
  if (finishReason === "length") {
    const reasoning = usage?.completion_tokens_details?.reasoning_tokens;
    const spent = typeof reasoning === "number" && reasoning > 0 ? ` (${reasoning} reasoning tokens)` : "";
    return { ok: false, errorClass: "length", message: `cut at max_tokens before any answer text${spent}: finish_reason "length"; raise maxTokens`, finishReason };
  }
  if (content === "") return { ok: true, text: "", refusal: false, finishReason };
  return { ok: false, errorClass: "empty_response", message: `the reply has no message content${finishReason ? ` (finish_reason "${finishReason}")` : ""}`, finishReason };
}
