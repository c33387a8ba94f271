// Items -> cells. A cell groups the items of one signature (hence one stratum) that every metric treats
// alike. Cells are two-level so that many distinct scores stay cheap: a coarse cell holds everything but
// the score value (outcomes, baseline outcome, score kind); its fine cells split it by score value. Only
// the score sums depend on the value, so a resample folds fine counts into coarse counts and score sums
// (a few operations per fine cell) and the wide per-slice sums are built from the few coarse cells.
import type { Metric } from "../items/records.ts";
import type { CellTable } from "./bootstrap.ts";
import type { SliceIndex } from "./slices.ts";

export interface Cells extends CellTable {
  width: number;
  /** Fields of the sums that hold score sums (the rest do not depend on the score value). */
  scoreFields: readonly number[];
  /** Per fine cell: its coarse cell. */
  coarse: Int32Array;
  /** Per fine cell x score field: the value one item adds there. */
  cellScore: Float64Array;
  /** Per coarse cell: signature, and the contribution of one item with the score sums left out. */
  coarseSignature: Int32Array;
  coarseContribution: Float64Array;
}

export interface CellSpec {
  width: number;
  scoreFields: readonly number[];
  include: (i: number) => boolean;
  /** The only items that can be included, ascending (default: every item). */
  members?: ArrayLike<number>;
  /** Equal (a safe integer) for two items exactly when all but their score values agree. */
  coarseSide: (i: number) => number;
  /** Identifies the score values; below `scoreKeys`. */
  scoreKey: (i: number) => number;
  scoreKeys: number;
  /** Writes item i's whole contribution. */
  write: (out: Float64Array, offset: number, i: number) => void;
}

/** Key -> dense id: a typed array for small keys (the common case: a few hundred), a Map beyond. */
class Ids {
  static readonly LIMIT = 1 << 20;
  private dense = new Int32Array(256).fill(-1);
  private readonly sparse = new Map<number, number>();
  get(key: number): number {
    if (key >= Ids.LIMIT) return this.sparse.get(key) ?? -1;
    return key < this.dense.length ? this.dense[key]! : -1;
  }
  set(key: number, id: number): void {
    if (key >= Ids.LIMIT) {
      this.sparse.set(key, id);
      return;
    }
    if (key >= this.dense.length) {
      const grown = new Int32Array(Math.min(Ids.LIMIT, Math.max(key + 1, this.dense.length * 2))).fill(-1);
      grown.set(this.dense);
      this.dense = grown;
    }
    this.dense[key] = id;
  }
}

export function buildCells(index: SliceIndex, spec: CellSpec): Cells {
  const { width, scoreFields } = spec;
  const signatures = index.signatureSlices.length;
  const sides = new Ids();
  let sideCount = 0;
  const coarseOf = new Ids();
  const fineOf = new Ids();
  const coarseRep: number[] = [];
  const fineRep: number[] = [];
  const fineCoarse: number[] = [];
  const counts: number[] = [];
  const { members } = spec;
  const n = members ? members.length : index.signature.length;
  for (let m = 0; m < n; m++) {
    const i = members ? members[m]! : m;
    if (!spec.include(i)) continue;
    const sideKey = spec.coarseSide(i);
    let side = sides.get(sideKey);
    if (side < 0) sides.set(sideKey, (side = sideCount++));
    const coarseKey = side * signatures + index.signature[i]!;
    let g = coarseOf.get(coarseKey);
    if (g < 0) coarseOf.set(coarseKey, (g = coarseRep.push(i) - 1));
    const fineKey = g * spec.scoreKeys + spec.scoreKey(i);
    const j = fineOf.get(fineKey);
    if (j < 0) {
      fineOf.set(fineKey, counts.length);
      counts.push(1);
      fineRep.push(i);
      fineCoarse.push(g);
    } else counts[j]!++;
  }

  const scratch = new Float64Array(width);
  const fields = scoreFields.length;
  const cellScore = new Float64Array(counts.length * fields);
  const stratum = new Int32Array(counts.length);
  fineRep.forEach((i, j) => {
    scratch.fill(0);
    spec.write(scratch, 0, i);
    for (let f = 0; f < fields; f++) cellScore[j * fields + f] = scratch[scoreFields[f]!]!;
    stratum[j] = index.stratum[i]!;
  });
  const coarseContribution = new Float64Array(coarseRep.length * width);
  const coarseSignature = new Int32Array(coarseRep.length);
  coarseRep.forEach((i, g) => {
    spec.write(coarseContribution, g * width, i);
    for (const field of scoreFields) coarseContribution[g * width + field] = 0;
    coarseSignature[g] = index.signature[i]!;
  });
  return {
    count: Int32Array.from(counts), stratum, width, scoreFields, coarse: Int32Array.from(fineCoarse), cellScore,
    coarseSignature, coarseContribution,
  };
}

/** Reusable buffers for sumSlices. */
export interface Scratch {
  coarseCount: Float64Array;
  coarseScore: Float64Array;
}

export function scratchFor(cells: Cells): Scratch {
  const coarse = cells.coarseSignature.length;
  return { coarseCount: new Float64Array(coarse), coarseScore: new Float64Array(coarse * cells.scoreFields.length) };
}

/** Per-slice sums (slices x width) into `sums`, for the given fine cell counts. */
export function sumSlices(cells: Cells, index: SliceIndex, counts: Int32Array, sums: Float64Array, scratch: Scratch): void {
  const { width, scoreFields, coarse, cellScore, coarseContribution, coarseSignature } = cells;
  const { coarseCount, coarseScore } = scratch;
  const fields = scoreFields.length;
  coarseCount.fill(0);
  coarseScore.fill(0);
  for (let j = 0; j < counts.length; j++) {
    const c = counts[j]!;
    if (c === 0) continue;
    const g = coarse[j]!;
    coarseCount[g] += c;
    for (let f = 0; f < fields; f++) {
      const v = cellScore[j * fields + f]!;
      if (v !== 0) coarseScore[g * fields + f] += c * v;
    }
  }
  sums.fill(0);
  const slicesOf = index.signatureSlices;
  for (let g = 0; g < coarseCount.length; g++) {
    const c = coarseCount[g]!;
    if (c === 0) continue;
    const from = g * width;
    const slices = slicesOf[coarseSignature[g]!]!;
    for (let t = 0; t < slices.length; t++) {
      const to = slices[t]! * width;
      for (let k = 0; k < width; k++) {
        const v = coarseContribution[from + k]!;
        if (v !== 0) sums[to + k] += c * v;
      }
      for (let f = 0; f < fields; f++) sums[to + scoreFields[f]!] += coarseScore[g * fields + f]!;
    }
  }
}

/** One output figure: a metric on a slice, evaluated from the per-slice sums. */
export interface Slot {
  slice: number;
  metric: Metric;
}
