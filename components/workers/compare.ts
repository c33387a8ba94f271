// The slice worker's pair comparison (/compare): run b against run a with the very code `uvqa compare` runs
// (loaders/metrics#compareRuns), on the report's precomputed slice fields and any filter slices, and the
// transition matrix between the two runs (a's outcome -> b's outcome on the items both have) with the code that
// makes the report's transition matrices (scoreRuns, b given a as its baseline). Also one item's outcomes under
// given runs, read off outcomes.arrow. Pure over the worker's state: tested in Node, run in the worker.
import type { Table } from "apache-arrow";
import {
  compareColumns, indexSlices, scoreColumns, type ComparisonRow, type MetricItem, type TransitionRow,
} from "../../loaders/metrics/index.ts";
import type { Run } from "../../loaders/items/records.ts";
import type { State } from "../worker-scoring.ts";
// The reply shapes are the page's own (components/compare.ts, components/judges.ts): one definition for both sides.
import type { ItemOutcome, ItemOutcomes } from "../compare.ts";
import type { OutcomePair } from "../judges.ts";

export type { ItemOutcome, ItemOutcomes, OutcomePair };

/** What the worker holds (worker-scoring.ts: the item index and every run's columns, built once). */
export type PairState = Pick<State, "items" | "index" | "columns" | "runs" | "options">;

export interface PairRequest {
  a: string;
  b: string;
  /** Item fields sliced by, as `uvqa compare --slice-by` (the report's meta.slice_fields). */
  sliceFields: string[];
  /** Filter slices, as `uvqa compare --slice <expr>` (one flag each). */
  slices: string[];
}

export interface PairComparison {
  /** Every slice's comparison rows, exactly as `uvqa compare` writes them to comparisons.json. */
  rows: ComparisonRow[];
  /** b's transitions from a: `run` is b, `baseline` is a, `from` a's outcome, `to` b's. Empty when a = b. */
  transitions: TransitionRow[];
}

function runOf(state: PairState, id: string): Run {
  const run = state.runs.find((r) => r.id === id);
  if (!run && !state.columns.has(id)) throw new Error(`unknown run: ${id}`);
  return run ?? { id, model: id, prompt: "?", variant: "?", baseline: null };
}

/**
 * b against a on the request's slices, as `uvqa compare` computes it (compareRuns is compareColumns over the same
 * slice index and columns), one call for all the slices: the command that asks for the same slices gives the same
 * rows. The transitions: b scored with a as its baseline (scoreColumns, no resamples: counts only).
 */
export function comparePair(state: PairState, request: PairRequest): PairComparison {
  const { a, b } = request;
  const runA = runOf(state, a), runB = runOf(state, b);
  const slices = indexSlices(state.index, { sliceFields: [...request.sliceFields], slices: [...request.slices] });
  const rows = compareColumns(slices, state.columns, a, b, { ...state.options, runs: state.runs });
  if (a === b) return { rows, transitions: [] };
  const pair: Run[] = [{ ...runA, baseline: null }, { ...runB, baseline: a }];
  const columns = new Map([[a, state.columns.get(a)!], [b, state.columns.get(b)!]]);
  const scored = scoreColumns(slices, columns, pair, { ...state.options, resamples: 0, only: [b] });
  return { rows, transitions: scored.transitions.filter((t) => t.run === b) };
}

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/** One item's rows in outcomes.arrow under the given runs; null when the report has no such item. */
export function itemOutcomes(outcomes: Table, items: readonly MetricItem[], id: string, runs: readonly string[]): ItemOutcomes | null {
  const index = items.findIndex((item) => item.id === id);
  if (index < 0) return null;
  const col = (name: string) => outcomes.getChild(name);
  const item = col("item")!, run = col("run")!;
  const found = new Map<string, ItemOutcome>();
  const wanted = new Set(runs);
  for (let i = 0; i < outcomes.numRows; i++) {
    if (Number(item.get(i)) !== index) continue;
    const r = String(run.get(i));
    if (!wanted.has(r)) continue;
    const value = (name: string) => orNull(col(name)?.get(i));
    const score = value("score");
    found.set(r, {
      run: r, outcome: String(value("outcome")), base: value("base") === null ? null : String(value("base")),
      refused: value("refused"), correct: value("correct"), reason_ok: value("reason_ok"),
      score: score === null ? null : Number(score), score_kind: value("score_kind") === null ? null : String(value("score_kind")),
    });
  }
  return { id, index, category: String(items[index]!.category), outcomes: runs.map((r) => found.get(r) ?? null) };
}

/** How each run's items moved between the first and the second judge: counts of (outcome, outcome_2) per category. */
export function outcomePairs(outcomes: Table, items: readonly MetricItem[], runs: readonly string[]): OutcomePair[] {
  const run = outcomes.getChild("run")!, item = outcomes.getChild("item")!, first = outcomes.getChild("outcome")!, second = outcomes.getChild("outcome_2");
  if (!second) return [];
  const wanted = new Set(runs);
  const counts = new Map<string, OutcomePair>();
  for (let i = 0; i < outcomes.numRows; i++) {
    const r = String(run.get(i));
    const o2 = second.get(i);
    if (!wanted.has(r) || o2 === null || o2 === undefined) continue;
    const category = String(items[Number(item.get(i))]!.category);
    const key = `${r}\u0000${category}\u0000${first.get(i)}\u0000${o2}`;
    const found = counts.get(key);
    if (found) found.count++;
    else counts.set(key, { run: r, category, outcome: String(first.get(i)), outcome_2: String(o2), count: 1 });
  }
  const order = new Map(runs.map((r, k) => [r, k]));
  return [...counts.values()].sort((a, b) => order.get(a.run)! - order.get(b.run)! || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0)
    || (a.outcome < b.outcome ? -1 : a.outcome > b.outcome ? 1 : 0) || (a.outcome_2 < b.outcome_2 ? -1 : a.outcome_2 > b.outcome_2 ? 1 : 0));
}
