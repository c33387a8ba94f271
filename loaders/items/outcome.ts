// Outcomes per metrics.md: answerable C (correct) | W (wrong) | R (refusal);
// unanswerable R (refusal) | A (answered anyway). F marks a failed judgment: it stays in every
// denominator (never silently dropped) and counts as neither refused nor correct.
// This is the one outcome rule: metrics/accumulators.ts#outcomeCode maps it to its codes.
import { isUnanswerable, type Category } from "./categories.ts";

export const OUTCOMES = ["C", "W", "R", "A", "F"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * The outcome of one judgment. `== null` on purpose: a missing field (undefined, from untyped callers such
 * as JSON rows) is a failed judgment like null, never a silent "answered".
 */
export function outcomeFor(unanswerable: boolean, refused: boolean | null | undefined, correct: boolean | null | undefined): Outcome {
  if (refused == null) return "F";
  if (unanswerable) return refused ? "R" : "A";
  if (refused) return "R";
  if (correct == null) return "F";
  return correct ? "C" : "W";
}

export function outcomeOf(category: Category, refused: boolean | null | undefined, correct: boolean | null | undefined): Outcome {
  return outcomeFor(isUnanswerable(category), refused, correct);
}
