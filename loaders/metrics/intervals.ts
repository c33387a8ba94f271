// Point values and bootstrap intervals for a list of slots (slice x metric), from one cell table.
import { bootstrapCounts, percentileInterval } from "./bootstrap.ts";
import { scratchFor, sumSlices, type Cells, type Slot } from "./cells.ts";
import type { Resolved } from "./options.ts";
import type { SliceIndex } from "./slices.ts";

export interface Estimates {
  /** Per-slice sums of the observed data (slices x width). */
  sums: Float64Array;
  value: Float64Array;
  low: Float64Array;
  high: Float64Array;
}

/** `value(slot, sums)` evaluates a slot; the resamples reuse it, so point and interval agree by construction. */
export function estimate<S extends Slot>(
  cells: Cells, index: SliceIndex, slots: readonly S[], options: Resolved, seed: number,
  value: (slot: S, sums: Float64Array) => number,
): Estimates {
  const slices = index.names.length;
  const sums = new Float64Array(slices * cells.width);
  const buffers = scratchFor(cells);
  sumSlices(cells, index, cells.count, sums, buffers);
  const k = slots.length;
  const point = new Float64Array(k);
  for (let s = 0; s < k; s++) point[s] = value(slots[s]!, sums);
  const R = options.resamples;
  if (R === 0) return { sums, value: point, low: point.slice(), high: point.slice() };

  const draws = new Float64Array(k * R);
  const scratch = new Float64Array(slices * cells.width);
  bootstrapCounts(cells, R, seed, (counts, r) => {
    sumSlices(cells, index, counts, scratch, buffers);
    for (let s = 0; s < k; s++) draws[s * R + r] = value(slots[s]!, scratch);
  }, options.method);
  const low = new Float64Array(k);
  const high = new Float64Array(k);
  for (let s = 0; s < k; s++) [low[s], high[s]] = percentileInterval(draws.subarray(s * R, (s + 1) * R), options.level);
  return { sums, value: point, low, high };
}
