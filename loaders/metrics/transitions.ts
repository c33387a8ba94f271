// Transition matrices (baseline outcome -> aligned outcome) per slice, over items present in both runs,
// one pass over items. Stored whole: every cell, zeros included; F only where failures occur.
import { A, C, F, NONE, OUTCOME_CODES, R, W } from "./accumulators.ts";
import type { RunColumns } from "./rows.ts";
import type { SliceIndex } from "./slices.ts";
import type { TransitionRow } from "./types.ts";

const TABLES = [
  { table: "answerable", outcomes: [C, W, R] },
  { table: "unanswerable", outcomes: [R, A] },
] as const;

export function transitionRows(
  run: string, baseline: string, index: SliceIndex, to: RunColumns, from: RunColumns,
  kept: readonly number[] = index.names.map((_, slice) => slice),
): TransitionRow[] {
  // counts[slice][table][from][to] with outcome codes 0..4.
  const slices = index.names.length;
  const counts = new Float64Array(slices * 2 * 25);
  const failures = [false, false];
  const n = index.signature.length;
  for (let i = 0; i < n; i++) {
    const o = to.outcome[i]!, b = from.outcome[i]!;
    if (o === NONE || b === NONE) continue;
    const t = index.unanswerable[i]!;
    if (o === F || b === F) failures[t] = true;
    for (const slice of index.signatureSlices[index.signature[i]!]!) counts[(slice * 2 + t) * 25 + b * 5 + o]++;
  }
  const rows: TransitionRow[] = [];
  for (const slice of kept) {
    TABLES.forEach(({ table, outcomes }, t) => {
      const axis: number[] = failures[t] ? [...outcomes, F] : [...outcomes];
      for (const b of axis) {
        for (const o of axis) {
          rows.push({
            run, baseline, slice: index.names[slice]!, table,
            from: OUTCOME_CODES[b]!, to: OUTCOME_CODES[o]!, count: counts[(slice * 2 + t) * 25 + b * 5 + o]!,
          });
        }
      }
    });
  }
  return rows;
}
