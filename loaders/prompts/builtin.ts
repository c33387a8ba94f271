// The two prompts of the paper, always available under these ids.
import type { PromptConfig } from "../config/schema.ts";

/** The paper's instruction for the prompt-aligned variant (verbatim). */
export const PAPER_INSTRUCTION =
  "If the question cannot be answered using the video content, state that it is unanswerable and provide a reason.";

export const BUILTIN_PROMPTS: readonly PromptConfig[] = [
  /** The bare question. */
  { id: "unaligned", template: "{question}" },
  /** The question followed by the paper's instruction. */
  { id: "prompt-aligned", template: `{question}\n${PAPER_INSTRUCTION}` },
];
