// Items -> cells: items of one signature (hence one stratum) with the same side key share a cell,
// and one representative per cell writes the cell's contribution to the per-slice sums.
import type { Metric } from "../items/records.ts";
import type { CellTable } from "./bootstrap.ts";
import type { SliceIndex } from "./slices.ts";

export interface Cells extends CellTable {
  signature: Int32Array;
  /** cells x width contributions of one item of each cell. */
  contribution: Float64Array;
  width: number;
}

/**
 * `side(i)` is a non-negative safe integer that is equal for two items exactly when every metric treats
 * them alike; `write(out, offset, i)` writes item i's contribution. Only items with `include(i)` count.
 */
export function buildCells(
  index: SliceIndex, width: number,
  include: (i: number) => boolean, side: (i: number) => number,
  write: (out: Float64Array, offset: number, i: number) => void,
): Cells {
  const signatures = index.signatureSlices.length;
  const sides = new Map<number, number>();
  const cellOf = new Map<number, number>();
  const counts: number[] = [];
  const representative: number[] = [];
  const n = index.signature.length;
  for (let i = 0; i < n; i++) {
    if (!include(i)) continue;
    const key = side(i);
    let s = sides.get(key);
    if (s === undefined) sides.set(key, (s = sides.size));
    const cellKey = s * signatures + index.signature[i]!;
    const cell = cellOf.get(cellKey);
    if (cell === undefined) {
      cellOf.set(cellKey, counts.length);
      counts.push(1);
      representative.push(i);
    } else counts[cell]!++;
  }
  const cells = counts.length;
  const contribution = new Float64Array(cells * width);
  const signature = new Int32Array(cells);
  const stratum = new Int32Array(cells);
  for (let j = 0; j < cells; j++) {
    const i = representative[j]!;
    write(contribution, j * width, i);
    signature[j] = index.signature[i]!;
    stratum[j] = index.stratum[i]!;
  }
  return { count: Int32Array.from(counts), stratum, signature, contribution, width };
}

/** Per-slice sums for the given cell counts, into `sums` (slices x width). */
export function sumSlices(cells: Cells, index: SliceIndex, counts: Int32Array, sums: Float64Array): void {
  sums.fill(0);
  const { width, contribution, signature } = cells;
  const slicesOf = index.signatureSlices;
  for (let j = 0; j < counts.length; j++) {
    const c = counts[j]!;
    if (c === 0) continue;
    const from = j * width;
    const slices = slicesOf[signature[j]!]!;
    for (let t = 0; t < slices.length; t++) {
      const to = slices[t]! * width;
      for (let k = 0; k < width; k++) {
        const v = contribution[from + k]!;
        if (v !== 0) sums[to + k] += c * v;
      }
    }
  }
}

/** One output figure: a metric on a slice, evaluated from the per-slice sums. */
export interface Slot {
  slice: number;
  metric: Metric;
}
