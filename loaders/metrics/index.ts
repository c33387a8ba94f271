// The paper's metrics (metrics.md): pure functions over judged rows, no I/O.
export type {
  CompareOptions, ComparisonRow, CoverageRow, JudgedRow, MetricItem, ScoreOptions, ScoreResult, TransitionRow,
} from "./types.ts";
export { scoreRuns, ALIGNMENT_METRICS } from "./score.ts";
export { compareRuns } from "./compare.ts";
export { mcnemarExact } from "./mcnemar.ts";
export { f1, meanScore, ratio, sAcc, sAlign, sDisc, sExRef, sPermis } from "./formulas.ts";
export { DEFAULT_LEVEL, DEFAULT_RESAMPLES, DEFAULT_SEED } from "./bootstrap.ts";
