// `uvqa serve --judge`: a chat model function that answers the LLM judge's prompt in its JSON format,
// using the built-in judge. It lets the LLM-judge path (prompt, parsing, retries, cache) run end to end
// against a real local server. Whether the item is unanswerable is read off the reference: a reference
// that refuses belongs to an unanswerable item.
import { messageText, type ChatMessage } from "../prompts/index.ts";
import { judgeBuiltin } from "./builtin.ts";
import { extractJudgeInput, type JudgeInput } from "./llm-prompt.ts";
import { analyzeRefusal, detectRefusal } from "./refusal.ts";

export const BUILTIN_JUDGE_MODEL = "builtin-judge";

/** The judge input from the latest user message that carries one (a repair request carries none). */
function findInput(messages: ChatMessage[]): JudgeInput | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.role !== "user") continue;
    const input = extractJudgeInput(messageText(messages[i]!));
    if (input) return input;
  }
  return null;
}

export function builtinJudgeChat(messages: ChatMessage[]): string {
  const input = findInput(messages);
  if (!input) return "I can only judge a prompt with <question>, <reference> and <response> blocks.";
  const unanswerable = detectRefusal(input.reference, input.question);
  const item = { id: "served", dataset: "served", category: unanswerable ? "object" : "answerable", video: "", question: input.question, reference: input.reference } as const;
  const v = judgeBuiltin(item, input.response);
  const why = analyzeRefusal(input.response, input.question).why;
  return JSON.stringify({ refused: v.refused, correct: v.correct, score: Math.round(v.match_score), reason: `built-in judge: ${why}` });
}
