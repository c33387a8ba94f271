// scoreRuns: every run's scores per slice with bootstrap intervals, its transitions against its baseline,
// and what was missing from which run.
import { UvqaError } from "../errors.ts";
import type { Metric, Run, ScoreRow } from "../items/records.ts";
import {
  contribute, F, LLM_SUM, MATCH_SUM, metricDenominator, metricFailures, metricValue, NONE, WIDTH,
} from "./accumulators.ts";
import { streamSeed } from "./bootstrap.ts";
import { buildCells, type Cells, type Slot } from "./cells.ts";
import { estimate } from "./intervals.ts";
import { resolveOptions } from "./options.ts";
import { columnsByRun, emptyColumns, type RunColumns } from "./rows.ts";
import { indexSlices, type SliceIndex } from "./slices.ts";
import { transitionRows } from "./transitions.ts";
import type { CoverageRow, JudgedRow, MetricItem, ScoreOptions, ScoreResult, TransitionRow } from "./types.ts";

export const ALIGNMENT_METRICS = ["s_ex_ref", "s_permis", "s_disc", "s_align"] as const satisfies readonly Metric[];

/**
 * Scores every run per slice ("all", "category:<name>", "<field>:<value>" for options.sliceFields) with
 * 95% percentile bootstrap intervals (items resampled within category; an aligned run and its baseline
 * share each resample). Metrics: f1, s_acc, llm_score / match_score (only for runs that have such scores),
 * and for runs with a baseline s_ex_ref, s_permis, s_disc, s_align over the items both runs have.
 * `n` is the metric's denominator; `judge_failures` counts failed judgments in the slice (for alignment
 * scores: aligned items whose judgment failed in either run). Each run draws from its own stream, seeded
 * from options.seed (default DEFAULT_SEED) and its id, so adding a run changes no other run's interval.
 * Runs only named by rows are unaligned; an unknown baseline throws.
 */
export function scoreRuns(
  items: readonly MetricItem[], rows: readonly JudgedRow[], runs: readonly Run[], options: ScoreOptions = {},
): ScoreResult {
  const opts = resolveOptions(options);
  const index = indexSlices(items, opts.sliceFields);
  const columns = columnsByRun(index, rows);
  const n = items.length;

  // Declared runs first, in their order; runs only named by rows are unaligned with no baseline.
  const order = new Map<string, string | null>(runs.map((run) => [run.id, run.baseline ?? null]));
  for (const id of columns.keys()) if (!order.has(id)) order.set(id, null);
  for (const [id, baseline] of order) {
    if (baseline !== null && !order.has(baseline)) throw new UvqaError(`unknown baseline: ${baseline} (run ${id})`, 2);
  }
  const columnsOf = (id: string): RunColumns => columns.get(id) ?? emptyColumns(id, n);

  const scores: ScoreRow[] = [];
  const transitions: TransitionRow[] = [];
  const coverage: CoverageRow[] = [];
  for (const [id, baselineId] of order) {
    const run = columnsOf(id);
    const baseline = baselineId === null ? null : columnsOf(baselineId);
    const cells = runCells(index, run, baseline);
    const metrics: Metric[] = ["f1", "s_acc"];
    if (run.hasLlm) metrics.push("llm_score");
    if (run.hasMatch) metrics.push("match_score");
    if (baseline) metrics.push(...ALIGNMENT_METRICS);
    const slots: Slot[] = index.names.flatMap((_, slice) => metrics.map((metric) => ({ slice, metric })));
    const est = estimate(cells, index, slots, opts, streamSeed(opts.seed, id),
      (slot, sums) => metricValue(slot.metric, sums, slot.slice * WIDTH));
    slots.forEach((slot, s) => {
      const o = slot.slice * WIDTH;
      scores.push({
        run: id, slice: index.names[slot.slice]!, metric: slot.metric,
        value: est.value[s]!, n: metricDenominator(slot.metric, est.sums, o),
        ci_low: est.low[s]!, ci_high: est.high[s]!,
        judge_failures: metricFailures(slot.metric, est.sums, o),
      });
    });
    if (baseline) transitions.push(...transitionRows(id, baseline.id, index, run, baseline));
    coverage.push(coverageOf(run, baseline, n));
  }
  return { scores, transitions, coverage };
}

/** The cells of one run: its items by (outcome, baseline outcome, score), within signature. */
export function runCells(index: SliceIndex, run: RunColumns, baseline: RunColumns | null): Cells {
  const { outcome, scoreId, scoreKind, scoreValue } = run;
  const base = baseline?.outcome;
  return buildCells(index, {
    width: WIDTH,
    scoreFields: [LLM_SUM, MATCH_SUM],
    include: (i) => outcome[i] !== NONE,
    coarseSide: (i) => (outcome[i]! * 6 + (base ? base[i]! : NONE)) * 3 + scoreKind[scoreId[i]!]!,
    scoreKey: (i) => scoreId[i]!,
    scoreKeys: scoreKind.length,
    write: (out, offset, i) => contribute(out, offset, index.unanswerable[i] === 1, outcome[i]!, base ? base[i]! : NONE,
      scoreKind[scoreId[i]!]!, scoreValue[scoreId[i]!]!),
  });
}

function coverageOf(run: RunColumns, baseline: RunColumns | null, items: number): CoverageRow {
  let failures = 0, missingFromBaseline = 0, missingFromRun = 0;
  for (let i = 0; i < items; i++) {
    const o = run.outcome[i]!;
    if (o === F) failures++;
    if (!baseline) continue;
    const b = baseline.outcome[i]!;
    if (o !== NONE && b === NONE) missingFromBaseline++;
    if (o === NONE && b !== NONE) missingFromRun++;
  }
  return {
    run: run.id, baseline: baseline?.id ?? null, items,
    judged: run.rows - failures, missing: items - run.rows, judge_failures: failures,
    missing_from_baseline: missingFromBaseline, missing_from_run: missingFromRun,
  };
}
