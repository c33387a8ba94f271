// One outcome rule (metrics.md "Items, runs, outcomes"): items/outcome.ts#outcomeOf for judgments and
// metrics/accumulators.ts#outcomeCode for the metrics must agree on every input, null and undefined included.
import { describe, expect, it } from "vitest";
import { OUTCOMES, outcomeOf, type Outcome } from "../../loaders/items/outcome.ts";
import { CATEGORIES, type Category } from "../../loaders/items/schema.ts";
import { A, C, F, OUTCOME_CODES, R, W, outcomeCode } from "../../loaders/metrics/accumulators.ts";

const VALUES = [true, false, null, undefined] as const;
type Value = (typeof VALUES)[number];

/** Written out by hand from metrics.md: a missing or null `refused` is a failed judgment (F); an
 * unanswerable item is R when refused, else A (`correct` is not read); an answerable item is R when
 * refused, else C / W from `correct`, and F when `correct` is missing or null. */
function expected(category: Category, refused: Value, correct: Value): Outcome {
  if (refused === null || refused === undefined) return "F";
  if (category !== "answerable") return refused ? "R" : "A";
  if (refused) return "R";
  if (correct === null || correct === undefined) return "F";
  return correct ? "C" : "W";
}

describe("the outcome rule", () => {
  it("metrics' codes are the outcomes, in order", () => {
    expect(OUTCOME_CODES).toEqual(OUTCOMES);
    expect([C, W, R, A, F].map((code) => OUTCOMES[code])).toEqual(["C", "W", "R", "A", "F"]);
  });

  const cases = CATEGORIES.flatMap((category) =>
    VALUES.flatMap((refused) => VALUES.map((correct) => [category, refused, correct] as const)));

  it("covers every category x refused x correct combination", () => {
    expect(cases).toHaveLength(4 * 4 * 4);
  });

  it.each(cases)("%s, refused %s, correct %s: outcomeOf and outcomeCode agree", (category, refused, correct) => {
    // Untyped callers (JSON rows) can pass undefined: a failed judgment, as null.
    const of = outcomeOf(category, refused, correct);
    const code = outcomeCode(category !== "answerable", refused, correct);
    expect(of).toBe(expected(category, refused, correct));
    expect(OUTCOMES[code]).toBe(of);
  });

  it("spot checks", () => {
    expect(outcomeOf("answerable", undefined, true)).toBe("F");
    expect(outcomeOf("object", undefined, null)).toBe("F");
    expect(outcomeOf("answerable", false, undefined)).toBe("F");
    expect(outcomeOf("relation", false, true)).toBe("A");
    expect(outcomeOf("attribute", true, false)).toBe("R");
  });
});
