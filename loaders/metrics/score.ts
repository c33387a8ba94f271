// scoreRuns: every run's scores per slice with bootstrap intervals, its transitions against its baseline,
// and what was missing from which run. The core, scoreColumns, runs from per-run columns over a slice index
// built on an item index, so the page's worker can re-slice without building a row object per judgment.
import { UvqaError } from "../errors.ts";
import type { Metric, Run, ScoreRow } from "../items/records.ts";
import {
  contribute, F, LLM_SUM, MATCH_SUM, metricDenominator, metricFailures, metricValue, NONE, WIDTH, type ItemMetric,
} from "./accumulators.ts";
import { streamSeed } from "./bootstrap.ts";
import { buildCells, type Cells, type Slot } from "./cells.ts";
import { estimate, type Estimates } from "./intervals.ts";
import { indexItems } from "./items.ts";
import { resolveOptions } from "./options.ts";
import { hasPairs, pairCells, pairValue, PAIR_METRICS, PAIR_WIDTH, P_FAILURES, P_N, type PairMetric } from "./pairs.ts";
import { columnsByRun, emptyColumns, type RunColumns } from "./rows.ts";
import { indexSlices, restrictSlices, type SliceIndex } from "./slices.ts";
import { transitionRows } from "./transitions.ts";
import type {
  ColumnScoreOptions, CoverageRow, JudgedRow, MetricItem, ScoreOptions, ScoreResult, TransitionRow,
} from "./types.ts";

export const ALIGNMENT_METRICS = ["s_ex_ref", "s_permis", "s_disc", "s_align"] as const satisfies readonly Metric[];

/**
 * Scores every run per slice ("all", "category:<name>", "<field>:<value>" for options.sliceFields, and one
 * slice per filter expression in options.slices, named by its canonical form) with 95% percentile bootstrap
 * intervals (items resampled within category; an aligned run and its baseline share each resample).
 * Metrics: f1, s_acc, llm_score / match_score (only for runs that have such scores), for runs with a
 * baseline s_ex_ref, s_permis, s_disc, s_align over the items both runs have, and for runs with at least
 * one complete twin pair the pair shares (pairs.ts; pairs resampled as units within category).
 * `n` is the metric's denominator; `judge_failures` counts failed judgments in the slice (for alignment
 * scores: aligned items whose judgment failed in either run; for pair shares: pairs with a failure).
 * Each run draws from its own stream, seeded from options.seed (default DEFAULT_SEED) and its id, so
 * adding a run changes no other run's interval. Runs only named by rows are unaligned; an unknown
 * baseline throws.
 */
export function scoreRuns(
  items: readonly MetricItem[], rows: readonly JudgedRow[], runs: readonly Run[], options: ScoreOptions = {},
): ScoreResult {
  resolveOptions(options); // option errors before any work
  const index = indexItems(items);
  const slices = indexSlices(index, options);
  return scoreColumns(slices, columnsByRun(index, rows), runs, options);
}

/**
 * scoreRuns' core: the same result from a slice index and per-run columns (rows.ts#runColumns), e.g. the
 * page's worker on a filter change: `scoreColumns(indexSlices(index, { slices: [expr] }), columns, runs,
 * { only: [a, b], onlySlices: [canonicalSlice(expr)] })`. Runs are scored in the order of `runs`, then those
 * only `columns` has; `options.only` keeps just the runs named, `options.onlySlices` just the slices named,
 * each with exactly the figures of the full call (the same cells, hence the same resamples).
 */
export function scoreColumns(
  index: SliceIndex, columns: ReadonlyMap<string, RunColumns>, runs: readonly Run[], options: ColumnScoreOptions = {},
): ScoreResult {
  const opts = resolveOptions(options);
  const n = index.signature.length;
  const { view: slices, kept } = options.onlySlices ? restrictSlices(index, options.onlySlices)
    : { view: index, kept: index.names.map((_, slice) => slice) };

  // Declared runs first, in their order; runs only named by rows are unaligned with no baseline.
  const order = new Map<string, string | null>(runs.map((run) => [run.id, run.baseline ?? null]));
  for (const id of columns.keys()) if (!order.has(id)) order.set(id, null);
  for (const [id, baseline] of order) {
    if (baseline !== null && !order.has(baseline)) throw new UvqaError(`unknown baseline: ${baseline} (run ${id})`, 2);
  }
  for (const id of options.only ?? []) if (!order.has(id)) throw new UvqaError(`unknown run: ${id}`, 2);
  const only = options.only ? new Set(options.only) : null;
  const columnsOf = (id: string): RunColumns => columns.get(id) ?? emptyColumns(id, n);

  const scores: ScoreRow[] = [];
  const transitions: TransitionRow[] = [];
  const coverage: CoverageRow[] = [];
  for (const [id, baselineId] of order) {
    if (only && !only.has(id)) continue;
    const run = columnsOf(id);
    const baseline = baselineId === null ? null : columnsOf(baselineId);
    const metrics: ItemMetric[] = ["f1", "s_acc"];
    if (run.hasLlm) metrics.push("llm_score");
    if (run.hasMatch) metrics.push("match_score");
    if (baseline) metrics.push(...ALIGNMENT_METRICS);
    const itemSlots: Array<Slot & { metric: ItemMetric }> = kept.flatMap((slice) => metrics.map((metric) => ({ slice, metric })));
    const items = estimate(runCells(slices, run, baseline), slices, itemSlots, opts, streamSeed(opts.seed, id),
      (slot, sums) => metricValue(slot.metric, sums, slot.slice * WIDTH));

    const pairs = pairCells(slices, [run]);
    const pairSlots: Array<Slot & { metric: PairMetric }> = hasPairs(pairs)
      ? kept.flatMap((slice) => PAIR_METRICS.map((metric) => ({ slice, metric })))
      : [];
    const paired: Estimates | null = pairSlots.length === 0 ? null
      : estimate(pairs, slices, pairSlots, opts, streamSeed(opts.seed, `${id}\u0000pairs`),
        (slot, sums) => pairValue(slot.metric, sums, slot.slice * PAIR_WIDTH));

    // Per slice: the item metrics, then the pair shares.
    let s = 0, p = 0;
    for (const slice of kept) {
      for (; s < itemSlots.length && itemSlots[s]!.slice === slice; s++) {
        const { metric } = itemSlots[s]!;
        const o = slice * WIDTH;
        scores.push({
          run: id, slice: slices.names[slice]!, metric,
          value: items.value[s]!, n: metricDenominator(metric, items.sums, o),
          ci_low: items.low[s]!, ci_high: items.high[s]!,
          judge_failures: metricFailures(metric, items.sums, o),
        });
      }
      for (; paired && p < pairSlots.length && pairSlots[p]!.slice === slice; p++) {
        const o = slice * PAIR_WIDTH;
        scores.push({
          run: id, slice: slices.names[slice]!, metric: pairSlots[p]!.metric,
          value: paired.value[p]!, n: paired.sums[o + P_N]!,
          ci_low: paired.low[p]!, ci_high: paired.high[p]!,
          judge_failures: paired.sums[o + P_FAILURES]!,
        });
      }
    }
    if (baseline) transitions.push(...transitionRows(id, baseline.id, slices, run, baseline, kept));
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
