// The metrics' row contracts (metrics.md): what goes in (items, judged rows) and what comes out.
import type { Category } from "../items/schema.ts";
import type { Outcome } from "../items/outcome.ts";
import type { Metric, Run, ScoreRow } from "../items/records.ts";

export interface MetricItem {
  id: string;
  category: Category;
  [field: string]: unknown;
}

/** `refused === null`: the judgment failed (outcome F): kept in denominators, neither refused nor correct. */
export interface JudgedRow {
  run: string;
  item: string;
  refused: boolean | null;
  correct: boolean | null;
  score: number | null;
  score_kind: "llm" | "match" | null;
}

export interface BootstrapOptions {
  /** Bootstrap resamples (default 1000; 0 gives intervals equal to the value). */
  resamples?: number;
  /** Bootstrap seed (default DEFAULT_SEED, so figures are reproducible). */
  seed?: number;
  /** Interval level (default 0.95). */
  level?: number;
}

export interface ScoreOptions extends BootstrapOptions {
  /** Extra item fields to slice by, e.g. ["question_type", "flags"] (an array field: one slice per element). */
  sliceFields?: string[];
  /** Filter slices, e.g. ["category=object,relation&flags=edited-question"] (filters.ts), each named by its canonical form. */
  slices?: string[];
}

/**
 * scoreColumns: the slices are in its SliceIndex. `only` scores just these runs (their baselines are read, not
 * scored); `onlySlices` computes just these slices (by name), with the figures the full computation gives them.
 */
export interface ColumnScoreOptions extends BootstrapOptions {
  only?: readonly string[];
  onlySlices?: readonly string[];
}

/** compareRuns may be told the runs, so that two aligned runs are also compared on the alignment scores. */
export interface CompareOptions extends ScoreOptions {
  runs?: readonly Run[];
}

/** compareColumns: CompareOptions without the slices (they are in its SliceIndex). */
export interface ColumnCompareOptions extends BootstrapOptions {
  runs?: readonly Run[];
}

export interface TransitionRow {
  run: string;
  baseline: string;
  slice: string;
  table: "answerable" | "unanswerable";
  /** Outcome under the baseline run f. */
  from: Outcome;
  /** Outcome under the aligned run f'. */
  to: Outcome;
  count: number;
}

/** items = judged + judge_failures + missing. */
export interface CoverageRow {
  run: string;
  baseline: string | null;
  /** Items in the item set. */
  items: number;
  /** Items of the item set this run has a successful judgment for. */
  judged: number;
  /** Items of the item set this run has no row for. */
  missing: number;
  /** Items whose judgment failed (outcome F). */
  judge_failures: number;
  /** Items of this run that its baseline lacks (left out of the alignment scores). */
  missing_from_baseline: number;
  /** Items of the baseline that this run lacks (left out of the alignment scores). */
  missing_from_run: number;
}

export interface ScoreResult {
  scores: ScoreRow[];
  transitions: TransitionRow[];
  coverage: CoverageRow[];
}

export interface ComparisonRow {
  a: string;
  b: string;
  slice: string;
  metric: Metric;
  value_a: number;
  value_b: number;
  /** value_b - value_a, with its paired bootstrap interval. */
  diff: number;
  ci_low: number;
  ci_high: number;
  /** Items present in both runs (in the slice): the paired population. */
  n: number;
  /** The metric's denominator on a's side, within the paired population (e.g. s_ex_ref: answerable items
   * whose baseline answered correctly; llm_score: scored items), as `n` of a score row. 0 means "0 of 0". */
  n_a: number;
  /** The same for b. */
  n_b: number;
  /** Judge failures the metric counts on a's side (alignment scores: a failure of a or of its baseline). */
  judge_failures_a: number;
  /** The same for b. */
  judge_failures_b: number;
  /** a correct and b not. */
  mcnemar_b: number;
  /** a not correct and b correct. */
  mcnemar_c: number;
  mcnemar_p: number;
}
