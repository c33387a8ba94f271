// The LLM judge's prompt: one versioned file (prompts/judge-v1.md) with system, user and repair sections.
// Its sha256 goes into every judgment, so a changed prompt never passes for the old one.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { basename } from "node:path";
import { z } from "zod";
import { UvqaError } from "../errors.ts";
import type { ChatMessage } from "../prompts/index.ts";
import { sha256 } from "../prompts/render.ts";

export const DEFAULT_JUDGE_PROMPT = fileURLToPath(new URL("./prompts/judge-v1.md", import.meta.url));

export interface JudgePrompt {
  /** The file name without extension: judge-v1. */
  id: string;
  hash: string;
  system: string;
  user: string;
  repair: string;
}

export function parseJudgePrompt(id: string, text: string): JudgePrompt {
  const section = (name: string): string => {
    const m = new RegExp(`^=== ${name} ===\\n([\\s\\S]*?)(?=^=== \\w+ ===$|(?![\\s\\S]))`, "m").exec(text);
    if (!m) throw new UvqaError(`judge prompt ${id}: missing section "=== ${name} ==="`, 2);
    return m[1]!.trim();
  };
  const prompt = { id, hash: sha256(text), system: section("system"), user: section("user"), repair: section("repair") };
  for (const field of ["{question}", "{reference}", "{response}"]) {
    if (!prompt.user.includes(field)) throw new UvqaError(`judge prompt ${id}: the user section has no ${field}`, 2);
  }
  return prompt;
}

export async function loadJudgePrompt(file: string = DEFAULT_JUDGE_PROMPT): Promise<JudgePrompt> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new UvqaError(`no such file: ${file}`, 2);
  }
  return parseJudgePrompt(basename(file).replace(/\.[^.]*$/, ""), text);
}

export interface JudgeInput {
  question: string;
  reference: string;
  response: string;
}

/** Values are inserted once, left to right, so a response that contains "{reference}" stays as written. */
export function judgeMessages(prompt: JudgePrompt, input: JudgeInput): ChatMessage[] {
  const user = prompt.user.replace(/\{(question|reference|response)\}/g, (_, name: keyof JudgeInput) => input[name]);
  return [{ role: "system", content: prompt.system }, { role: "user", content: user }];
}

export function repairMessages(prompt: JudgePrompt, first: ChatMessage[], badReply: string, error: string): ChatMessage[] {
  return [...first, { role: "assistant", content: badReply }, { role: "user", content: prompt.repair.replace("{error}", error) }];
}

/** Reads question, reference and response back out of a judge prompt (the `uvqa serve --judge` side). */
export function extractJudgeInput(text: string): JudgeInput | null {
  const field = (name: string): string | null => {
    const m = new RegExp(`<${name}>\\n([\\s\\S]*?)\\n</${name}>`).exec(text);
    return m ? m[1]! : null;
  };
  const question = field("question");
  const reference = field("reference");
  const response = field("response");
  return question === null || reference === null || response === null ? null : { question, reference, response };
}

/** The judge's answer: exact types, score an integer 0..5. Extra keys are tolerated and dropped. */
export const JudgeReply = z.object({
  refused: z.boolean(),
  correct: z.boolean(),
  score: z.number().int().min(0).max(5),
  reason: z.string(),
});
export type JudgeReply = z.infer<typeof JudgeReply>;

export type ParsedReply = { ok: true; value: JudgeReply } | { ok: false; error: string };

/**
 * Strict: the reply must be one JSON object (a ```json fence around it is allowed), nothing before or
 * after it, with the four fields of the right types. No scraping of JSON out of prose.
 */
export function parseJudgeReply(text: string): ParsedReply {
  const trimmed = text.trim().replace(/^```(?:json)?\s*\n?([\s\S]*?)\n?```$/, "$1").trim();
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { ok: false, error: `not a JSON object: ${JSON.stringify(trimmed.slice(0, 60))}` };
  }
  const parsed = JudgeReply.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: `invalid ${issue.path.join(".") || "reply"}: ${issue.message}` };
  }
  return { ok: true, value: parsed.data };
}
