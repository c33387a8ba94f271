// compareRuns: two runs on the items they share. Every metric of b minus the same metric of a, with a
// paired bootstrap interval (one resample of items serves both runs, and their baselines), and the exact
// McNemar test on `correct` per slice.
import { UvqaError } from "../errors.ts";
import type { Metric } from "../items/records.ts";
import {
  contribute, isCorrect, LLM_N, LLM_SUM, MATCH_N, MATCH_SUM, metricDenominator, metricFailures, metricValue, N, NONE,
  WIDTH,
} from "./accumulators.ts";
import { streamSeed } from "./bootstrap.ts";
import { buildCells, type Slot } from "./cells.ts";
import { estimate } from "./intervals.ts";
import { mcnemarExact } from "./mcnemar.ts";
import { resolveOptions } from "./options.ts";
import { columnsByRun, type RunColumns } from "./rows.ts";
import { ALIGNMENT_METRICS } from "./score.ts";
import { indexSlices } from "./slices.ts";
import type { CompareOptions, ComparisonRow, JudgedRow, MetricItem } from "./types.ts";

/** Sums layout: a's sums, b's sums, then the McNemar discordant counts. */
const B_OFFSET = WIDTH, MC_B = 2 * WIDTH, MC_C = 2 * WIDTH + 1, PAIR_WIDTH = 2 * WIDTH + 2;

/**
 * Compares run b with run a on the items both have: per slice and metric, value_a, value_b, diff = b - a
 * with a paired bootstrap interval, n = shared items in the slice, each side's own denominator of the metric
 * (n_a, n_b: "0 of 0" stays visible) and judge failures, and the exact McNemar test on `correct`
 * (b = a correct and b not, c = a not and b correct). llm_score / match_score are compared when
 * both runs have such scores; the alignment scores when options.runs gives both runs a baseline.
 */
export function compareRuns(
  items: readonly MetricItem[], rows: readonly JudgedRow[], a: string, b: string, options: CompareOptions = {},
): ComparisonRow[] {
  const opts = resolveOptions(options);
  const index = indexSlices(items, opts.sliceFields);
  const columns = columnsByRun(index, rows);
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
    width: PAIR_WIDTH,
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
    for (let g = 0; g < cells.coarseSignature.length && !seen; g++) seen = cells.coarseContribution[g * PAIR_WIDTH + k] !== 0;
    return seen;
  };
  const llm = has(LLM_N) && has(B_OFFSET + LLM_N);
  const match = has(MATCH_N) && has(B_OFFSET + MATCH_N);
  const metrics: Metric[] = ["f1", "s_acc"];
  if (llm) metrics.push("llm_score");
  if (match) metrics.push("match_score");
  if (aligned) metrics.push(...ALIGNMENT_METRICS);

  const slots: Slot[] = index.names.flatMap((_, slice) => metrics.map((metric) => ({ slice, metric })));
  const est = estimate(cells, index, slots, opts, streamSeed(opts.seed, `${a}\u0000${b}`), (slot, sums) => {
    const o = slot.slice * PAIR_WIDTH;
    return metricValue(slot.metric, sums, o + B_OFFSET) - metricValue(slot.metric, sums, o);
  });
  const pValues = index.names.map((_, slice) =>
    mcnemarExact(est.sums[slice * PAIR_WIDTH + MC_B]!, est.sums[slice * PAIR_WIDTH + MC_C]!));
  return slots.map((slot, s): ComparisonRow => {
    const o = slot.slice * PAIR_WIDTH;
    return {
      a, b, slice: index.names[slot.slice]!, metric: slot.metric,
      value_a: metricValue(slot.metric, est.sums, o), value_b: metricValue(slot.metric, est.sums, o + B_OFFSET),
      diff: est.value[s]!, ci_low: est.low[s]!, ci_high: est.high[s]!,
      n: est.sums[o + N]!,
      n_a: metricDenominator(slot.metric, est.sums, o), n_b: metricDenominator(slot.metric, est.sums, o + B_OFFSET),
      judge_failures_a: metricFailures(slot.metric, est.sums, o),
      judge_failures_b: metricFailures(slot.metric, est.sums, o + B_OFFSET),
      mcnemar_b: est.sums[o + MC_B]!, mcnemar_c: est.sums[o + MC_C]!, mcnemar_p: pValues[slot.slice]!,
    };
  });
}
