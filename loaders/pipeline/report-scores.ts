// The report's scores, transitions, coverage and comparisons from per-run columns, as `uvqa score` computes
// them (loaders/metrics). A worker job (pipeline/worker.ts): plain data in and out, so the report scores on the
// second core while the main thread writes the large tables.
import type { Run } from "../items/records.ts";
import {
  compareColumns, indexSlices, restoreIndex, scoreColumns, type ComparisonRow, type ItemIndexData, type RunColumns,
  type ScoreResult,
} from "../metrics/index.ts";

export interface ReportScoresInput {
  /** The item index, with the columns of `sliceFields` (metrics/items.ts#indexData). */
  index: ItemIndexData;
  /** Every run's columns, in run order. */
  columns: RunColumns[];
  runs: Run[];
  resamples: number;
  seed: number;
  sliceFields: string[];
}

export interface ReportScores {
  result: ScoreResult;
  /** Each run with a baseline against it, in run order. */
  comparisons: ComparisonRow[];
}

export function reportScores(input: ReportScoresInput): ReportScores {
  const { runs, resamples, seed, sliceFields } = input;
  const options = { resamples, seed, sliceFields };
  const slices = indexSlices(restoreIndex(input.index), options);
  const columns = new Map(input.columns.map((run) => [run.id, run]));
  const result = scoreColumns(slices, columns, runs, options);
  const comparisons = runs.filter((run) => run.baseline)
    .flatMap((run) => compareColumns(slices, columns, run.baseline!, run.id, { ...options, runs }));
  return { result, comparisons };
}

/** The buffers of the input to move to the worker (the columns are not read again on this side). */
export function scoresTransfer(input: ReportScoresInput): ArrayBuffer[] {
  return input.columns.flatMap((run) => [run.outcome.buffer, run.scoreId.buffer] as ArrayBuffer[]);
}
