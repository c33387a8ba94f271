// Every metric is a function of a few sums over items (metrics.md). One item's contribution to those
// sums depends only on its "side": (category kind, outcome, baseline outcome, score kind, score), so items
// with the same side and slices fall into one cell, and a resample only needs cell counts.
import { OUTCOMES, outcomeFor, type Outcome } from "../items/outcome.ts";
import type { Metric } from "../items/records.ts";
import type { PairMetric } from "./pairs.ts";
import { f1, meanScore, sAcc, sAlign, sDisc, sExRef, sPermis } from "./formulas.ts";

/** Outcome codes: indexes into OUTCOMES; NONE marks "no baseline row" (the item is left out of alignment). */
export const C = 0, W = 1, R = 2, A = 3, F = 4, NONE = 5;
export const OUTCOME_CODES: readonly Outcome[] = OUTCOMES;
const CODE_OF: Readonly<Record<Outcome, number>> = { C, W, R, A, F };

/** Layout of one side's sums. */
export const N = 0, TP = 1, FP = 2, FN = 3, CORRECT = 4, LLM_SUM = 5, LLM_N = 6, MATCH_SUM = 7, MATCH_N = 8,
  EXREF_NUM = 9, EXREF_DEN = 10, PERMIS_NUM = 11, PERMIS_DEN = 12, DISC_NUM = 13, DISC_DEN = 14,
  ALIGNED = 15, FAILURES = 16, ALIGNED_FAILURES = 17;
export const WIDTH = 18;

/** Score kinds as codes: 0 none, 1 llm, 2 match. */
export const NO_SCORE = 0, LLM = 1, MATCH = 2;

/** The shared outcome rule (items/outcome.ts#outcomeFor) as a code. */
export function outcomeCode(unanswerable: boolean, refused: boolean | null | undefined, correct: boolean | null | undefined): number {
  return CODE_OF[outcomeFor(unanswerable, refused, correct)];
}

/** `correct` as S_acc and McNemar count it: C on answerable items, R on unanswerable ones. */
export function isCorrect(unanswerable: boolean, outcome: number): boolean {
  return unanswerable ? outcome === R : outcome === C;
}

/** Writes one item's contribution into `out` at `offset`. */
export function contribute(
  out: Float64Array, offset: number,
  unanswerable: boolean, outcome: number, baseline: number, scoreKind: number, score: number,
): void {
  out[offset + N] = 1;
  const refused = outcome === R;
  if (unanswerable) {
    if (refused) out[offset + TP] = 1;
    else out[offset + FN] = 1; // A, and F: a failed judgment is not a refusal
  } else if (refused) out[offset + FP] = 1;
  if (isCorrect(unanswerable, outcome)) out[offset + CORRECT] = 1;
  if (scoreKind === LLM) { out[offset + LLM_SUM] = score; out[offset + LLM_N] = 1; }
  if (scoreKind === MATCH) { out[offset + MATCH_SUM] = score; out[offset + MATCH_N] = 1; }
  if (outcome === F) out[offset + FAILURES] = 1;
  if (baseline === NONE) return;
  out[offset + ALIGNED] = 1;
  if (outcome === F || baseline === F) out[offset + ALIGNED_FAILURES] = 1;
  if (!unanswerable && baseline === C) {
    out[offset + EXREF_DEN] = 1;
    if (outcome === R) out[offset + EXREF_NUM] = 1;
  }
  if (!unanswerable && baseline === R) {
    out[offset + PERMIS_DEN] = 1;
    if (outcome === C) out[offset + PERMIS_NUM] = 1;
  }
  if (unanswerable && baseline === A) {
    out[offset + DISC_DEN] = 1;
    if (outcome === R) out[offset + DISC_NUM] = 1;
  }
}

/** The metrics computed from item sums (the pair metrics have their own sums: pairs.ts). */
export type ItemMetric = Exclude<Metric, PairMetric>;

/** A metric's value from one side's sums at `o`. */
export function metricValue(metric: ItemMetric, s: ArrayLike<number>, o: number): number {
  switch (metric) {
    case "f1": return f1(s[o + TP]!, s[o + FP]!, s[o + FN]!);
    case "s_acc": return sAcc(s[o + CORRECT]!, s[o + N]!);
    case "llm_score": return meanScore(s[o + LLM_SUM]!, s[o + LLM_N]!);
    case "match_score": return meanScore(s[o + MATCH_SUM]!, s[o + MATCH_N]!);
    case "s_ex_ref": return sExRef(s[o + EXREF_NUM]!, s[o + EXREF_DEN]!);
    case "s_permis": return sPermis(s[o + PERMIS_NUM]!, s[o + PERMIS_DEN]!);
    case "s_disc": return sDisc(s[o + DISC_NUM]!, s[o + DISC_DEN]!);
    case "s_align":
      // No aligned item at all is "0 of 0"; aligned items with empty sub-denominators score 1/3.
      if (s[o + ALIGNED] === 0) return 0;
      return sAlign(
        sExRef(s[o + EXREF_NUM]!, s[o + EXREF_DEN]!),
        sPermis(s[o + PERMIS_NUM]!, s[o + PERMIS_DEN]!),
        sDisc(s[o + DISC_NUM]!, s[o + DISC_DEN]!),
      );
  }
}

/** A metric's denominator (`n` of a score row). */
export function metricDenominator(metric: ItemMetric, s: ArrayLike<number>, o: number): number {
  switch (metric) {
    case "f1": case "s_acc": return s[o + N]!;
    case "llm_score": return s[o + LLM_N]!;
    case "match_score": return s[o + MATCH_N]!;
    case "s_ex_ref": return s[o + EXREF_DEN]!;
    case "s_permis": return s[o + PERMIS_DEN]!;
    case "s_disc": return s[o + DISC_DEN]!;
    case "s_align": return s[o + ALIGNED]!;
  }
}

/** Judge failures a metric's row reports: alignment rows count a failure on either side of an aligned item. */
export function metricFailures(metric: ItemMetric, s: ArrayLike<number>, o: number): number {
  return metric.startsWith("s_") && metric !== "s_acc" ? s[o + ALIGNED_FAILURES]! : s[o + FAILURES]!;
}
