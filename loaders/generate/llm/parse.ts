// Strict reading of a generation reply: the two tags and nothing else, or exactly "Not applicable".
// Anything else is malformed, with the reason counted and reported.
import { squash } from "../words.ts";
import { NOT_APPLICABLE } from "./prompt.ts";

export type Parsed =
  | { kind: "ok"; question: string; answer: string }
  | { kind: "not_applicable" }
  | { kind: "malformed"; reason: string };

const TAGGED = /^<question>([^<>]+)<\/question>\s*<answer>([^<>]+)<\/answer>$/;
const REFUSAL = /\b(unanswerable|cannot be answered|can ?not be answered|not answerable)\b/i;

export function parseGeneration(text: string, replacedWith: string): Parsed {
  const reply = text.trim();
  if (reply.replace(/\.$/, "").toLowerCase() === NOT_APPLICABLE.toLowerCase()) return { kind: "not_applicable" };
  const match = TAGGED.exec(reply);
  if (!match) return { kind: "malformed", reason: "not in the tagged format" };
  const question = squash(match[1]!);
  const answer = squash(match[2]!);
  if (!question.endsWith("?")) return { kind: "malformed", reason: "the question does not end with a question mark" };
  if (!question.toLowerCase().includes(replacedWith.toLowerCase())) return { kind: "malformed", reason: "the question does not mention the perturbed element" };
  if (!REFUSAL.test(answer)) return { kind: "malformed", reason: "the answer does not say the question is unanswerable" };
  return { kind: "ok", question, answer };
}
