export { BUILTIN_PROMPTS, PAPER_INSTRUCTION } from "./builtin.ts";
export {
  CONTEXT_CLOSE, CONTEXT_OPEN, canonicalMessages, contextBlock, findPrompt, messageText, messagesText, promptHash, renderMessages, renderTemplate, sha256,
  type ChatMessage, type ContentPart, type Media,
} from "./render.ts";
