// Scores for a view's slice specs: precomputed rows from the report where a spec names a report slice, rows the
// worker computed for the filter slices. Pure.
import type { SliceSpec } from "./filters.js";
import type { ScoreRow } from "./scores.js";

export interface SpecScore extends ScoreRow {
  /** The series the row belongs to in a figure: the split value, or "all". */
  series: string;
  adhoc: boolean;
}

/** One row per (run, spec, metric) that exists; specs in order, runs in `runs` order. */
export function specScores(specs: readonly SliceSpec[], runs: readonly string[], precomputed: readonly ScoreRow[], adhoc: readonly ScoreRow[]): SpecScore[] {
  const index = new Map<string, ScoreRow[]>();
  const add = (rows: readonly ScoreRow[]) => {
    for (const row of rows) {
      const key = `${row.run}\u0000${row.slice}`;
      const list = index.get(key);
      if (list) list.push(row);
      else index.set(key, [row]);
    }
  };
  add(precomputed);
  add(adhoc);
  const out: SpecScore[] = [];
  for (const spec of specs) {
    for (const run of runs) {
      for (const row of index.get(`${run}\u0000${spec.slice}`) ?? []) out.push({ ...row, series: spec.split ?? "all", adhoc: spec.adhoc });
    }
  }
  return out;
}

/** The filter slices among the specs (what the worker must compute). */
export function adhocSlices(specs: readonly SliceSpec[]): string[] {
  return [...new Set(specs.filter((s) => s.adhoc).map((s) => s.slice))];
}
