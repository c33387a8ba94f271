// The paper's metrics (metrics.md) and what goes beyond them: pure functions over judged rows or columns,
// no I/O (bundled for the browser; the page's worker runs scoreColumns and the slice finder).
export type {
  BootstrapOptions, ColumnCompareOptions, ColumnScoreOptions, CompareOptions, ComparisonRow, CoverageRow, JudgedRow,
  MetricItem, ScoreOptions, ScoreResult, TransitionRow,
} from "./types.ts";
export { scoreRuns, scoreColumns, ALIGNMENT_METRICS } from "./score.ts";
export { compareRuns, compareColumns } from "./compare.ts";
export { indexData, indexItems, fieldValues, restoreIndex, type ItemIndex, type ItemIndexData } from "./items.ts";
export { indexSlices, type SliceIndex, type SliceSpec } from "./slices.ts";
export { canonicalSlice, formatSlice, parseSlice, filterMembers, FIELD_ORDER, SliceError, type Clause } from "./filters.ts";
export { columnsByRun, runColumns, type JudgedColumns, type RunColumns } from "./rows.ts";
export { PAIR_METRICS, isPairMetric, pairClass, type PairMetric } from "./pairs.ts";
export { mcnemarExact } from "./mcnemar.ts";
export { f1, meanScore, ratio, sAcc, sAlign, sDisc, sExRef, sPermis } from "./formulas.ts";
export { DEFAULT_LEVEL, DEFAULT_RESAMPLES, DEFAULT_SEED } from "./bootstrap.ts";
export {
  findDifferenceSlices, findRefusalSlices, DEFAULT_MIN_SUPPORT, FINDER_FIELDS,
  type DifferenceRow, type FinderOptions, type FinderRow, type RefusalKind,
} from "./slice-finder.ts";
export { newcombePaired, normalQuantile, wilson } from "./proportions.ts";
export { fisherUpper } from "./fisher.ts";
export { benjaminiHochberg } from "./bh.ts";
