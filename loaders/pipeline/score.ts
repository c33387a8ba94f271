// items + predictions (+ runs) -> judgments -> scores. Pure: the CLI and the report do the I/O.
import { UvqaError, invalid, type Location } from "../errors.ts";
import type { Item } from "../items/schema.ts";
import { outcomeOf, type Outcome } from "../items/outcome.ts";
import { isFailureRow, type Judgment, type Prediction, type Run } from "../items/records.ts";
import { judgePredictions } from "../judges/builtin.ts";
import { compareRuns, scoreRuns, type ComparisonRow, type CoverageRow, type ScoreOptions, type ScoreResult } from "../metrics/index.ts";

export interface LocatedPrediction {
  prediction: Prediction;
  /** Where it came from, so an error can name the file and line. */
  loc: Location;
}

export interface JudgedResponse extends Judgment {
  category: Item["category"];
  outcome: Outcome;
}

/**
 * A run's coverage with its failure rows counted: `failed` items had a failure row (a request that failed,
 * an import that had no prediction); they are among `missing` (left out of every score, as in the report).
 */
export interface Coverage extends CoverageRow {
  failed: number;
}

export interface Scored {
  runs: Run[];
  judgments: JudgedResponse[];
  result: Omit<ScoreResult, "coverage"> & { coverage: Coverage[] };
}

/**
 * Checks that every prediction names a known item, once per run, and has something to judge: a response,
 * a judgment, or `response: null` (a failure row, left out of the scores).
 */
export function checkPredictions(items: Map<string, Item>, predictions: readonly LocatedPrediction[]): void {
  // Per run, the items seen so far (a Set per run avoids building a million composite keys).
  const seen = new Map<string, Set<string>>();
  for (const { prediction, loc } of predictions) {
    if (!items.has(prediction.item)) throw invalid("item", prediction.item, loc);
    let run = seen.get(prediction.run);
    if (!run) seen.set(prediction.run, (run = new Set()));
    if (run.has(prediction.item)) throw invalid("item", `${prediction.item} (a second prediction for run ${prediction.run})`, loc);
    run.add(prediction.item);
    const judged = typeof prediction.refused === "boolean" && typeof prediction.correct === "boolean";
    if (!judged && typeof prediction.response !== "string" && prediction.response !== null) throw invalid("response", prediction.response ?? null, loc);
  }
}

/**
 * Runs named by predictions but absent from the runs file are unaligned with no baseline. A baseline that
 * names no run is an error; with `runsFile` it names the file and record.
 */
export function completeRuns(predictions: readonly Prediction[], runs: readonly Run[] | null, runsFile?: string): Run[] {
  const known = new Map((runs ?? []).map((run) => [run.id, run]));
  for (const { run } of predictions) {
    if (!known.has(run)) known.set(run, { id: run, model: run, prompt: "unknown", variant: "unaligned", baseline: null });
  }
  (runs ?? []).forEach((run, record) => {
    if (!run.baseline || known.has(run.baseline)) return;
    if (runsFile) throw invalid("baseline", run.baseline, { file: runsFile, record });
    throw new UvqaError(`unknown baseline: ${run.baseline} (run ${run.id})`, 2);
  });
  return [...known.values()];
}

/** Failure rows per run. */
export function failuresByRun(predictions: readonly LocatedPrediction[]): Map<string, number> {
  const failed = new Map<string, number>();
  for (const { prediction } of predictions) if (isFailureRow(prediction)) failed.set(prediction.run, (failed.get(prediction.run) ?? 0) + 1);
  return failed;
}

/**
 * Validates the predictions against the items and judges those that carry no judgment (built-in judge).
 * Failure rows are left out: their items are missing from the run.
 */
export function judgeLocated(items: readonly Item[], predictions: readonly LocatedPrediction[]): JudgedResponse[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  checkPredictions(byId, predictions);
  const usable: Prediction[] = [];
  for (const { prediction } of predictions) if (!isFailureRow(prediction)) usable.push(prediction);
  // Completed in place: a million spreads cost more than the judging itself.
  const judgments = judgePredictions(byId, usable) as JudgedResponse[];
  for (const judgment of judgments) {
    judgment.category = byId.get(judgment.item)!.category;
    judgment.outcome = outcomeOf(judgment.category, judgment.refused, judgment.correct);
  }
  return judgments;
}

export function scorePredictions(
  items: readonly Item[],
  predictions: readonly LocatedPrediction[],
  runs: readonly Run[] | null,
  options: ScoreOptions = {},
  runsFile?: string,
): Scored {
  const allRuns = completeRuns(predictions.map((p) => p.prediction), runs, runsFile);
  const judgments = judgeLocated(items, predictions);
  const result = scoreRuns(items as never, judgments, allRuns, options);
  const failed = failuresByRun(predictions);
  const coverage = result.coverage.map((row) => ({ ...row, failed: failed.get(row.run) ?? 0 }));
  return { runs: allRuns, judgments, result: { ...result, coverage } };
}

/** Each aligned run against its baseline: paired differences of every metric and McNemar on `correct`. */
export function compareWithBaselines(items: readonly Item[], scored: Scored, options: ScoreOptions = {}): ComparisonRow[] {
  return scored.runs
    .filter((run) => run.baseline)
    .flatMap((run) => compareRuns(items as never, scored.judgments, run.baseline!, run.id, { ...options, runs: scored.runs }));
}
