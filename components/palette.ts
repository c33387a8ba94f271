// Colours: Okabe and Ito's colour-blind-safe palette, one fixed colour per category and per outcome, so a
// colour means the same thing on every page. They read on the light and the dark theme alike.

export const CATEGORY_COLORS = {
  answerable: "#0072B2", // blue
  object: "#E69F00", // orange
  relation: "#009E73", // bluish green
  attribute: "#CC79A7", // reddish purple
} as const;

/** C correct, W wrong, R refusal, A answered an unanswerable question (hallucination), F judge failed. */
export const OUTCOME_COLORS = {
  C: "#009E73",
  W: "#E69F00",
  R: "#0072B2",
  A: "#D55E00",
  F: "#999999",
} as const;

export const OUTCOME_LABELS = {
  C: "correct answer",
  W: "wrong answer",
  R: "refusal",
  A: "answered anyway",
  F: "judge failed",
} as const;

/** For series that are not categories (runs, judges): the rest of the palette, in order. */
export const SERIES_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"] as const;

export function categoryColor(category: string): string {
  return (CATEGORY_COLORS as Record<string, string>)[category] ?? "#999999";
}

/**
 * Twin pairs (/pairs): what a run does with an unanswerable question u and its answerable twin t, in the outcome
 * colours: tells them apart (u refused, t correct) in C's green, refuses both in R's blue, answers both in A's
 * vermillion, the rest (R and W, A and R, a failed judgment) in F's grey.
 */
export const PAIR_CLASS_COLORS = {
  apart: OUTCOME_COLORS.C,
  refuse_both: OUTCOME_COLORS.R,
  answer_both: OUTCOME_COLORS.A,
  other: OUTCOME_COLORS.F,
} as const;
