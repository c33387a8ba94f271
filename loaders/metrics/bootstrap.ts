// Stratified bootstrap over cells.
//
// Why cells are enough: every metric is a function of per-cell item counts (accumulators.ts), where a cell
// groups the items of one stratum (category) that are identical for every metric (same slices, outcomes,
// baseline outcome, score). Resampling the n_k items of stratum k with replacement picks each draw's cell
// with probability c_j / n_k independently, so the resampled cell counts are exactly
// Multinomial(n_k; c_1/n_k, ..., c_K/n_k): drawing those counts directly is the item bootstrap, not an
// approximation of it. The multinomial is drawn as a chain of binomials (x_j ~ Binomial(n left,
// c_j / mass left)). When a stratum has many distinct cells (e.g. continuous scores, the degenerate case of
// one item per cell) item-level draws are cheaper, and give the same distribution of counts. The binomials
// are exact (binomial.ts); the uniform stream is d3-random's seeded LCG.
import { randomLcg } from "d3-random";
import { binomialSource } from "./binomial.ts";

export const DEFAULT_SEED = 20250124;
export const DEFAULT_RESAMPLES = 1000;
export const DEFAULT_LEVEL = 0.95;

export type Method = "auto" | "cells" | "items";

export interface CellTable {
  /** Observed items per cell. */
  count: Int32Array;
  /** Stratum of each cell. */
  stratum: Int32Array;
}

/** A binomial draw costs about as much as this many uniform item draws (measured: binomial.ts, 2 cores, Node 20). */
const BINOMIAL_COST = 10;

/**
 * Calls `visit(counts, r)` for r = 0 .. resamples - 1 with the cell counts of one stratified resample.
 * `counts` is reused between calls. The same seed gives the same sequence of resamples.
 */
export function bootstrapCounts(
  table: CellTable, resamples: number, seed: number,
  visit: (counts: Int32Array, r: number) => void, method: Method = "auto",
): void {
  const cells = table.count.length;
  const byStratum = new Map<number, number[]>();
  for (let j = 0; j < cells; j++) {
    if (table.count[j] === 0) continue;
    const s = table.stratum[j]!;
    let list = byStratum.get(s);
    if (!list) byStratum.set(s, (list = []));
    list.push(j);
  }
  const plans = [...byStratum.keys()].sort((x, y) => x - y).map((s) => {
    // Largest cells first: the chain of binomials then exhausts the stratum early.
    const ids = byStratum.get(s)!.sort((x, y) => table.count[y]! - table.count[x]! || x - y);
    const size = ids.reduce((sum, j) => sum + table.count[j]!, 0);
    const itemLevel = method === "items" || (method === "auto" && ids.length * BINOMIAL_COST > size);
    let items: Int32Array | null = null;
    if (itemLevel) {
      items = new Int32Array(size);
      let at = 0;
      for (const j of ids) items.fill(j, at, (at += table.count[j]!));
    }
    return { ids: Int32Array.from(ids), size, items };
  });

  const random = randomLcg(seed);
  const binomial = binomialSource(random);
  const counts = new Int32Array(cells);
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    for (const { ids, size, items } of plans) {
      if (items) {
        for (let d = 0; d < size; d++) counts[items[(random() * size) | 0]!]!++;
        continue;
      }
      let left = size;
      let mass = size;
      const last = ids.length - 1;
      for (let t = 0; t < last && left > 0; t++) {
        const j = ids[t]!;
        const c = table.count[j]!;
        const x = c >= mass ? left : binomial(left, c / mass);
        counts[j] = x;
        left -= x;
        mass -= c;
      }
      if (left > 0) counts[ids[last]!] = left;
    }
    visit(counts, r);
  }
}

/** Percentile interval of `values` (sorted in place), quantiles by linear interpolation (type 7). */
export function percentileInterval(values: Float64Array, level: number): [number, number] {
  values.sort();
  const alpha = (1 - level) / 2;
  return [quantileSorted(values, alpha), quantileSorted(values, 1 - alpha)];
}

function quantileSorted(values: Float64Array, p: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = values[lo]!;
  if (lo + 1 >= n) return a;
  const b = values[lo + 1]!;
  // Equal neighbours return the value itself, so a degenerate sample collapses exactly.
  return a === b ? a : a + (h - lo) * (b - a);
}

/** A 32-bit seed for one stream, from the user's seed and a name (FNV-1a), so adding a run moves no other run's interval. */
export function streamSeed(seed: number, name: string): number {
  const text = `${seed}\u0000${name}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  // d3's randomLcg reads seeds in [0, 1) as fractions; keep it an integer >= 1.
  return (h >>> 1) | 1;
}
