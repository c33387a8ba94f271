// Agreement between two judges over the same (run, item) responses: confusion matrices for `refused`
// and `correct`, Cohen's kappa, the disagreements, and every metric recomputed under each judge with a
// flag where the two values fall outside each other's 95% interval. Pure: the CLI does the I/O.
import type { Judgment, Run, ScoreRow } from "../items/records.ts";
import type { Item } from "../items/schema.ts";
import { scoreRuns, type ScoreOptions } from "../metrics/index.ts";

/** Row and column order of every confusion matrix: a failed judgment is its own class, never dropped. */
export const CONFUSION_LABELS = ["true", "false", "failed"] as const;

export interface Confusion {
  /** matrix[i][j]: responses judge A put in class i and judge B in class j (CONFUSION_LABELS order). */
  matrix: number[][];
  n: number;
  /** Pairs where both judges decided (no failure on either side): what kappa is computed over. */
  decided: number;
  /** Observed agreement over the decided pairs. */
  agreement: number | null;
  /** Cohen's kappa over the decided pairs; null when undefined (no pair, or chance agreement is 1). */
  kappa: number | null;
}

const classOf = (value: boolean | null): number => (value === null ? 2 : value ? 0 : 1);

/** Cohen's kappa of a k x k matrix: (p_o - p_e) / (1 - p_e). */
export function cohensKappa(matrix: readonly (readonly number[])[]): number | null {
  const k = matrix.length;
  let n = 0;
  let diagonal = 0;
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = matrix[i]![j]!;
      n += c;
      rows[i]! += c;
      cols[j]! += c;
      if (i === j) diagonal += c;
    }
  }
  if (n === 0) return null;
  const po = diagonal / n;
  let pe = 0;
  for (let i = 0; i < k; i++) pe += (rows[i]! / n) * (cols[i]! / n);
  if (pe === 1) return null;
  return (po - pe) / (1 - pe);
}

export function confusion(a: readonly (boolean | null)[], b: readonly (boolean | null)[]): Confusion {
  const matrix = CONFUSION_LABELS.map(() => CONFUSION_LABELS.map(() => 0));
  a.forEach((value, i) => matrix[classOf(value)]![classOf(b[i]!)]!++);
  const decidedMatrix = [[matrix[0]![0]!, matrix[0]![1]!], [matrix[1]![0]!, matrix[1]![1]!]];
  const decided = decidedMatrix.flat().reduce((s, c) => s + c, 0);
  return {
    matrix, n: a.length, decided,
    agreement: decided ? (decidedMatrix[0]![0]! + decidedMatrix[1]![1]!) / decided : null,
    kappa: cohensKappa(decidedMatrix),
  };
}

export interface Disagreement {
  run: string;
  item: string;
  category: string;
  /** Which decision differs: refused, correct, or failed (one judge failed, the other did not). */
  field: "refused" | "correct" | "failed";
  a_refused: boolean | null;
  b_refused: boolean | null;
  a_correct: boolean | null;
  b_correct: boolean | null;
  a_score: number | null;
  b_score: number | null;
  a_error: string | null;
  b_error: string | null;
}

export interface MetricAgreement {
  run: string;
  slice: string;
  metric: string;
  a: number;
  a_low: number;
  a_high: number;
  b: number;
  b_low: number;
  b_high: number;
  diff: number;
  n_a: number;
  n_b: number;
  judge_failures_a: number;
  judge_failures_b: number;
  /** Each value lies outside the other's interval: the judge, not the model, moved this score. */
  flagged: boolean;
}

export interface AgreementResult {
  judge_a: string;
  judge_b: string;
  /** (run, item) pairs judged by both. */
  n: number;
  only_a: number;
  only_b: number;
  refused: Confusion;
  correct: Confusion;
  disagreements: Disagreement[];
  metrics: MetricAgreement[];
  /** Score metrics that exist under one judge only (llm_score vs match_score are different scales). */
  unmatched_metrics: string[];
}

const key = (j: Pick<Judgment, "run" | "item">): string => `${j.run}\u0000${j.item}`;

function judgeName(rows: readonly Judgment[]): string {
  const names = [...new Set(rows.map((r) => r.judge))];
  return names.length === 1 ? names[0]! : names.join("+") || "none";
}

/**
 * Flagged when each value falls outside the other's interval (both, not just one). A metric with a zero
 * denominator under both judges is never flagged (0 of 0 is not a measurement).
 */
export function metricAgreement(a: readonly ScoreRow[], b: readonly ScoreRow[]): { metrics: MetricAgreement[]; unmatched: string[] } {
  const byKey = new Map(b.map((row) => [`${row.run}\u0000${row.slice}\u0000${row.metric}`, row]));
  const metrics: MetricAgreement[] = [];
  const unmatched = new Set<string>();
  const seen = new Set<string>();
  for (const x of a) {
    const k = `${x.run}\u0000${x.slice}\u0000${x.metric}`;
    const y = byKey.get(k);
    if (!y) {
      unmatched.add(`${x.metric} (only a)`);
      continue;
    }
    seen.add(k);
    const measured = x.n > 0 || y.n > 0;
    // The strict rule: *each* value outside the other's interval (one wide interval covering the other
    // value is not a judge effect we can claim).
    const bOutsideA = y.value < x.ci_low || y.value > x.ci_high;
    const aOutsideB = x.value < y.ci_low || x.value > y.ci_high;
    metrics.push({
      run: x.run, slice: x.slice, metric: x.metric, a: x.value, a_low: x.ci_low, a_high: x.ci_high,
      b: y.value, b_low: y.ci_low, b_high: y.ci_high, diff: y.value - x.value, n_a: x.n, n_b: y.n,
      judge_failures_a: x.judge_failures, judge_failures_b: y.judge_failures, flagged: measured && bOutsideA && aOutsideB,
    });
  }
  for (const y of b) if (!seen.has(`${y.run}\u0000${y.slice}\u0000${y.metric}`)) unmatched.add(`${y.metric} (only b)`);
  return { metrics, unmatched: [...unmatched].sort() };
}

export function compareJudges(
  items: readonly Item[], a: readonly Judgment[], b: readonly Judgment[],
  options: { runs?: readonly Run[]; score?: ScoreOptions } = {},
): AgreementResult {
  const category = new Map(items.map((item) => [item.id, item.category]));
  const bByKey = new Map(b.map((row) => [key(row), row]));
  const aKeys = new Set(a.map(key));
  const pairs: Array<[Judgment, Judgment]> = [];
  for (const x of a) {
    const y = bByKey.get(key(x));
    if (y) pairs.push([x, y]);
  }
  const disagreements: Disagreement[] = [];
  for (const [x, y] of pairs) {
    const failedOne = (x.refused === null) !== (y.refused === null);
    const field = failedOne ? "failed" : x.refused !== y.refused ? "refused" : x.correct !== y.correct ? "correct" : null;
    if (!field) continue;
    disagreements.push({
      run: x.run, item: x.item, category: category.get(x.item) ?? "unknown", field,
      a_refused: x.refused, b_refused: y.refused, a_correct: x.correct, b_correct: y.correct,
      a_score: x.score, b_score: y.score, a_error: x.error, b_error: y.error,
    });
  }
  // Metrics over the shared pairs only, so a difference comes from the judges and not from coverage.
  const shared = pairs.map(([x]) => x);
  const sharedB = pairs.map(([, y]) => y);
  const runs = options.runs ?? [];
  const scoreA = scoreRuns(items, shared, runs, options.score).scores;
  const scoreB = scoreRuns(items, sharedB, runs, options.score).scores;
  const { metrics, unmatched } = metricAgreement(scoreA, scoreB);
  return {
    judge_a: judgeName(a), judge_b: judgeName(b), n: pairs.length,
    only_a: a.length - pairs.length, only_b: b.filter((y) => !aKeys.has(key(y))).length,
    refused: confusion(pairs.map(([x]) => x.refused), pairs.map(([, y]) => y.refused)),
    correct: confusion(pairs.map(([x]) => x.correct), pairs.map(([, y]) => y.correct)),
    disagreements, metrics, unmatched_metrics: unmatched,
  };
}
