// The built-in model behind a chat interface: recovers the instruction, the question and the scene facts
// from chat messages and asks the built-in responder. The `builtin` backend calls it in-process and
// `uvqa serve` over HTTP, so both give identical responses.
import { Scene } from "../items/schema.ts";
import { CONTEXT_CLOSE, CONTEXT_OPEN, PAPER_INSTRUCTION, messageText, type ChatMessage } from "../prompts/index.ts";
import { parseSceneText, respond } from "./responder.ts";

export interface ChatInput {
  question: string;
  scene: Scene;
  instruction: string | null;
}

/** What the built-in model reads from the messages: system text and the paper's instruction are instructions. */
export function parseChat(messages: readonly ChatMessage[]): ChatInput {
  const instructions = messages.filter((m) => m.role === "system").map(messageText).filter(Boolean);
  const user = [...messages].reverse().find((m) => m.role === "user");
  let text = user ? messageText(user) : "";
  let scene = Scene.parse({});
  const open = text.indexOf(CONTEXT_OPEN);
  const close = open >= 0 ? text.indexOf(CONTEXT_CLOSE, open) : -1;
  if (open >= 0 && close > open) {
    scene = parseSceneText(text.slice(open + CONTEXT_OPEN.length, close).trim());
    text = text.slice(0, open) + text.slice(close + CONTEXT_CLOSE.length);
  }
  if (text.includes(PAPER_INSTRUCTION)) {
    instructions.push(PAPER_INSTRUCTION);
    text = text.replace(PAPER_INSTRUCTION, "");
  }
  return { question: text.trim(), scene, instruction: instructions.length ? instructions.join("\n") : null };
}

export function builtinChat(messages: readonly ChatMessage[]): string {
  return respond(parseChat(messages));
}
