// compareRuns: two runs on the items they share. Every metric of b minus the same metric of a, with a
// paired bootstrap interval (one resample of items serves both runs, and their baselines), and the exact
// McNemar test on `correct` per slice. The core, compareColumns, runs from per-run columns (rows.ts).
import { UvqaError } from "../errors.ts";
import {
  contribute, isCorrect, LLM_N, LLM_SUM, MATCH_N, MATCH_SUM, metricDenominator, metricFailures, metricValue, N, NONE,
  WIDTH, type ItemMetric,
} from "./accumulators.ts";
import { streamSeed } from "./bootstrap.ts";
import { buildCells, type Slot } from "./cells.ts";
import { estimate, type Estimates } from "./intervals.ts";
import { indexItems } from "./items.ts";
import { mcnemarExact } from "./mcnemar.ts";
import { resolveOptions } from "./options.ts";
import { hasPairs, pairCells, pairValue, PAIR_METRICS, PAIR_WIDTH, P_FAILURES, P_N, type PairMetric } from "./pairs.ts";
import { columnsByRun, type RunColumns } from "./rows.ts";
import { ALIGNMENT_METRICS } from "./score.ts";
import { indexSlices, type SliceIndex } from "./slices.ts";
import type { ColumnCompareOptions, CompareOptions, ComparisonRow, JudgedRow, MetricItem } from "./types.ts";

/** Sums layout: a's sums, b's sums, then the McNemar discordant counts. */
const B_OFFSET = WIDTH, MC_B = 2 * WIDTH, MC_C = 2 * WIDTH + 1, PAIR_SUMS = 2 * WIDTH + 2;

/**
 * Compares run b with run a on the items both have: per slice and metric, value_a, value_b, diff = b - a
 * with a paired bootstrap interval, n = shared items in the slice, each side's own denominator of the metric
 * (n_a, n_b: "0 of 0" stays visible) and judge failures, and the exact McNemar test on `correct`
 * (b = a correct and b not, c = a not and b correct). llm_score / match_score are compared when
 * both runs have such scores; the alignment scores when options.runs gives both runs a baseline; the pair
 * shares over the twin pairs complete in both runs (n, n_a and n_b: those pairs), pairs resampled as units.
 */
export function compareRuns(
  items: readonly MetricItem[], rows: readonly JudgedRow[], a: string, b: string, options: CompareOptions = {},
): ComparisonRow[] {
  resolveOptions(options);
  const index = indexItems(items);
  return compareColumns(indexSlices(index, options), columnsByRun(index, rows), a, b, options);
}

/** compareRuns' core: the same rows from a slice index and per-run columns. */
export function compareColumns(
  index: SliceIndex, columns: ReadonlyMap<string, RunColumns>, a: string, b: string, options: ColumnCompareOptions = {},
): ComparisonRow[] {
  const opts = resolveOptions(options);
  const runA = columns.get(a), runB = columns.get(b);
  if (!runA) throw new UvqaError(`unknown run: ${a}`, 2);
  if (!runB) throw new UvqaError(`unknown run: ${b}`, 2);
  // Alignment scores are compared only when both runs name a baseline (through options.runs).
  const baselineOf = (id: string): RunColumns | null => {
    const baseline = options.runs?.find((run) => run.id === id)?.baseline ?? null;
    if (baseline === null) return null;
    const found = columns.get(baseline);
    if (!found) throw new UvqaError(`unknown baseline: ${baseline} (run ${id})`, 2);
    return found;
  };
  const baseA = baselineOf(a), baseB = baselineOf(b);
  const aligned = baseA !== null && baseB !== null;

  const side = (run: RunColumns, base: RunColumns | null, i: number): number =>
    (run.outcome[i]! * 6 + (aligned ? base!.outcome[i]! : NONE)) * 3 + run.scoreKind[run.scoreId[i]!]!;
  const idsB = runB.scoreKind.length;
  const cells = buildCells(index, {
    width: PAIR_SUMS,
    scoreFields: [LLM_SUM, MATCH_SUM, B_OFFSET + LLM_SUM, B_OFFSET + MATCH_SUM],
    include: (i) => runA.outcome[i] !== NONE && runB.outcome[i] !== NONE,
    coarseSide: (i) => side(runA, baseA, i) * 108 + side(runB, baseB, i),
    scoreKey: (i) => runA.scoreId[i]! * idsB + runB.scoreId[i]!,
    scoreKeys: runA.scoreKind.length * idsB,
    write: (out, offset, i) => {
      const unanswerable = index.unanswerable[i] === 1;
      const oa = runA.outcome[i]!, ob = runB.outcome[i]!;
      contribute(out, offset, unanswerable, oa, aligned ? baseA!.outcome[i]! : NONE,
        runA.scoreKind[runA.scoreId[i]!]!, runA.scoreValue[runA.scoreId[i]!]!);
      contribute(out, offset + B_OFFSET, unanswerable, ob, aligned ? baseB!.outcome[i]! : NONE,
        runB.scoreKind[runB.scoreId[i]!]!, runB.scoreValue[runB.scoreId[i]!]!);
      const ca = isCorrect(unanswerable, oa), cb = isCorrect(unanswerable, ob);
      if (ca && !cb) out[offset + MC_B] = 1;
      if (!ca && cb) out[offset + MC_C] = 1;
    },
  });

  // A mean score is compared only when both runs have such scores on shared items (never a mean against "0 of 0").
  const has = (k: number): boolean => {
    let seen = false;
    for (let g = 0; g < cells.coarseSignature.length && !seen; g++) seen = cells.coarseContribution[g * PAIR_SUMS + k] !== 0;
    return seen;
  };
  const llm = has(LLM_N) && has(B_OFFSET + LLM_N);
  const match = has(MATCH_N) && has(B_OFFSET + MATCH_N);
  const metrics: ItemMetric[] = ["f1", "s_acc"];
  if (llm) metrics.push("llm_score");
  if (match) metrics.push("match_score");
  if (aligned) metrics.push(...ALIGNMENT_METRICS);

  const slots: Array<Slot & { metric: ItemMetric }> = index.names.flatMap((_, slice) => metrics.map((metric) => ({ slice, metric })));
  const est = estimate(cells, index, slots, opts, streamSeed(opts.seed, `${a}\u0000${b}`), (slot, sums) => {
    const o = slot.slice * PAIR_SUMS;
    return metricValue(slot.metric, sums, o + B_OFFSET) - metricValue(slot.metric, sums, o);
  });
  const pValues = index.names.map((_, slice) =>
    mcnemarExact(est.sums[slice * PAIR_SUMS + MC_B]!, est.sums[slice * PAIR_SUMS + MC_C]!));
  const mcnemar = (slice: number) => ({
    mcnemar_b: est.sums[slice * PAIR_SUMS + MC_B]!, mcnemar_c: est.sums[slice * PAIR_SUMS + MC_C]!, mcnemar_p: pValues[slice]!,
  });

  // The pair shares over the pairs complete in both runs, b's sums PAIR_WIDTH after a's.
  const pairs = pairCells(index, [runA, runB]);
  const pairSlots: Array<Slot & { metric: PairMetric }> = hasPairs(pairs)
    ? index.names.flatMap((_, slice) => PAIR_METRICS.map((metric) => ({ slice, metric })))
    : [];
  const paired: Estimates | null = pairSlots.length === 0 ? null
    : estimate(pairs, index, pairSlots, opts, streamSeed(opts.seed, `${a}\u0000${b}\u0000pairs`), (slot, sums) => {
      const o = slot.slice * 2 * PAIR_WIDTH;
      return pairValue(slot.metric, sums, o + PAIR_WIDTH) - pairValue(slot.metric, sums, o);
    });

  const rows: ComparisonRow[] = [];
  let s = 0, p = 0;
  for (let slice = 0; slice < index.names.length; slice++) {
    for (; s < slots.length && slots[s]!.slice === slice; s++) {
      const { metric } = slots[s]!;
      const o = slice * PAIR_SUMS;
      rows.push({
        a, b, slice: index.names[slice]!, metric,
        value_a: metricValue(metric, est.sums, o), value_b: metricValue(metric, est.sums, o + B_OFFSET),
        diff: est.value[s]!, ci_low: est.low[s]!, ci_high: est.high[s]!,
        n: est.sums[o + N]!,
        n_a: metricDenominator(metric, est.sums, o), n_b: metricDenominator(metric, est.sums, o + B_OFFSET),
        judge_failures_a: metricFailures(metric, est.sums, o),
        judge_failures_b: metricFailures(metric, est.sums, o + B_OFFSET),
        ...mcnemar(slice),
      });
    }
    for (; paired && p < pairSlots.length && pairSlots[p]!.slice === slice; p++) {
      const { metric } = pairSlots[p]!;
      const o = slice * 2 * PAIR_WIDTH;
      const n = paired.sums[o + P_N]!;
      rows.push({
        a, b, slice: index.names[slice]!, metric,
        value_a: pairValue(metric, paired.sums, o), value_b: pairValue(metric, paired.sums, o + PAIR_WIDTH),
        diff: paired.value[p]!, ci_low: paired.low[p]!, ci_high: paired.high[p]!,
        n, n_a: n, n_b: n,
        judge_failures_a: paired.sums[o + P_FAILURES]!, judge_failures_b: paired.sums[o + PAIR_WIDTH + P_FAILURES]!,
        ...mcnemar(slice),
      });
    }
  }
  return rows;
}
