// A second LLM judge for the /judges test: a real HTTP server on 127.0.0.1 speaking the LLM judge's JSON protocol
// (loaders/inference/server.ts), whose verdicts are the built-in judge's (`uvqa serve --judge`'s chat function)
// except, by a hash of the question and response, a flipped `refused` (1 in 7) or a reply that is no JSON at all,
// even after the repair request (1 in 45): a judge that disagrees, and fails, in a known and repeatable way.
import { createHash } from "node:crypto";
import { startChatServer, type RunningServer } from "../../loaders/inference/server.ts";
import { extractJudgeInput } from "../../loaders/judges/llm-prompt.ts";
import { BUILTIN_JUDGE_MODEL, builtinJudgeChat } from "../../loaders/judges/serve-judge.ts";
import { messageText, type ChatMessage } from "../../loaders/prompts/index.ts";

export type Twist = "same" | "flipped" | "unreadable";

export function twistOf(question: string, response: string): Twist {
  const h = parseInt(createHash("sha256").update(`${question}\u0000${response}`).digest("hex").slice(0, 8), 16);
  return h % 45 === 0 ? "unreadable" : h % 7 === 0 ? "flipped" : "same";
}

export function secondJudgeChat(messages: ChatMessage[]): string {
  const reply = builtinJudgeChat(messages);
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.role !== "user") continue;
    const input = extractJudgeInput(messageText(messages[i]!));
    if (!input) continue;
    const twist = twistOf(input.question, input.response);
    if (twist === "unreadable") return "I would rather not say.";
    if (twist === "same") return reply;
    const verdict = JSON.parse(reply) as { refused: boolean };
    return JSON.stringify({ ...verdict, refused: !verdict.refused });
  }
  return reply;
}

export function startSecondJudge(): Promise<RunningServer> {
  return startChatServer({ modelName: BUILTIN_JUDGE_MODEL, model: secondJudgeChat });
}
