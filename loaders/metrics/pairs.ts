// Twin-pair shares (beyond the paper; README, "Twin pairs"). A pair is an unanswerable item u with its
// answerable twin t (items.ts#twin). Over the pairs of a run (both items present in it), in the slices of u:
//   pair_acc          u refused (R) and t answered correctly (C): the run tells them apart
//   pair_refuse_both  u refused and t refused
//   pair_answer_both  u answered (A) and t answered (C or W)
//   pair_other        the rest: u refused and t answered wrongly (R, W), u answered and t refused (A, R), or
//                     either judgment failed (F); the four shares add up to 1
// The pair is the sampling unit: its cells hold pairs (keyed by the pair's class within u's signature), so a
// bootstrap resample draws pairs with replacement within u's category, and never splits a pair.
import type { Metric } from "../items/records.ts";
import { A, C, F, NONE, R, W } from "./accumulators.ts";
import { buildCells, type Cells } from "./cells.ts";
import { ratio } from "./formulas.ts";
import type { RunColumns } from "./rows.ts";
import type { SliceIndex } from "./slices.ts";

export const PAIR_METRICS = ["pair_acc", "pair_refuse_both", "pair_answer_both", "pair_other"] as const satisfies readonly Metric[];
export type PairMetric = (typeof PAIR_METRICS)[number];

export function isPairMetric(metric: Metric): metric is PairMetric {
  return (PAIR_METRICS as readonly string[]).includes(metric);
}

/** Layout of one run's pair sums. */
export const P_N = 0, P_APART = 1, P_REFUSE_BOTH = 2, P_ANSWER_BOTH = 3, P_FAILURES = 4;
export const PAIR_WIDTH = 5;

/** Pair classes: the share a pair counts in (FAILED is "other" with a failed judgment). */
export const APART = 0, REFUSE_BOTH = 1, ANSWER_BOTH = 2, OTHER = 3, FAILED = 4;

/** The class of a pair from the outcome codes of its unanswerable item u and its twin t. */
export function pairClass(u: number, t: number): number {
  if (u === F || t === F) return FAILED;
  if (u === R) return t === C ? APART : t === R ? REFUSE_BOTH : OTHER;
  if (u === A && (t === C || t === W)) return ANSWER_BOTH;
  return OTHER;
}

/** Writes one pair's contribution (its class) into `out` at `offset`. */
export function contributePair(out: Float64Array, offset: number, pairClassCode: number): void {
  out[offset + P_N] = 1;
  if (pairClassCode === APART) out[offset + P_APART] = 1;
  else if (pairClassCode === REFUSE_BOTH) out[offset + P_REFUSE_BOTH] = 1;
  else if (pairClassCode === ANSWER_BOTH) out[offset + P_ANSWER_BOTH] = 1;
  else if (pairClassCode === FAILED) out[offset + P_FAILURES] = 1;
}

/** A pair metric's value from one run's pair sums at `o`; "0 of 0" is 0. */
export function pairValue(metric: PairMetric, s: ArrayLike<number>, o: number): number {
  const n = s[o + P_N]!;
  switch (metric) {
    case "pair_acc": return ratio(s[o + P_APART]!, n);
    case "pair_refuse_both": return ratio(s[o + P_REFUSE_BOTH]!, n);
    case "pair_answer_both": return ratio(s[o + P_ANSWER_BOTH]!, n);
    case "pair_other": return ratio(n - s[o + P_APART]! - s[o + P_REFUSE_BOTH]! - s[o + P_ANSWER_BOTH]!, n);
  }
}

/**
 * Cells of pairs complete in every one of `runs` (one run for scores; two for a paired comparison, whose
 * sums sit side by side, PAIR_WIDTH apart). Each pair is one unit, in its unanswerable item's stratum and
 * signature.
 */
export function pairCells(index: SliceIndex, runs: readonly RunColumns[]): Cells {
  const k = runs.length;
  const { paired, twin } = index.items;
  const classes = new Int8Array(index.signature.length * k).fill(-1);
  const complete = new Uint8Array(index.signature.length);
  for (let m = 0; m < paired.length; m++) {
    const u = paired[m]!, t = twin[u]!;
    let ok = true;
    for (let r = 0; r < k && ok; r++) {
      const ou = runs[r]!.outcome[u]!, ot = runs[r]!.outcome[t]!;
      ok = ou !== NONE && ot !== NONE;
      if (ok) classes[u * k + r] = pairClass(ou, ot);
    }
    complete[u] = ok ? 1 : 0;
  }
  return buildCells(index, {
    width: PAIR_WIDTH * k,
    scoreFields: [],
    members: paired,
    include: (u) => complete[u] === 1,
    coarseSide: (u) => {
      let side = 0;
      for (let r = 0; r < k; r++) side = side * 5 + classes[u * k + r]!;
      return side;
    },
    scoreKey: () => 0,
    scoreKeys: 1,
    write: (out, offset, u) => {
      for (let r = 0; r < k; r++) contributePair(out, offset + r * PAIR_WIDTH, classes[u * k + r]!);
    },
  });
}

/** Whether any pair is complete in the cells (so the pair metrics are reported at all). */
export function hasPairs(cells: Cells): boolean {
  return cells.count.length > 0;
}
