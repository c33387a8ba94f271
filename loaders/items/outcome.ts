// Outcomes per metrics.md: answerable C (correct) | W (wrong) | R (refusal);
// unanswerable R (refusal) | A (answered anyway). F marks a failed judgment: it stays in every
// denominator (never silently dropped) and counts as neither refused nor correct.
import { isUnanswerable, type Category } from "./schema.ts";

export const OUTCOMES = ["C", "W", "R", "A", "F"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export function outcomeOf(category: Category, refused: boolean | null, correct: boolean | null): Outcome {
  if (refused === null) return "F";
  if (isUnanswerable(category)) return refused ? "R" : "A";
  if (refused) return "R";
  if (correct === null) return "F";
  return correct ? "C" : "W";
}
