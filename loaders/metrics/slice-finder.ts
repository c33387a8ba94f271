// The slice finder (beyond the paper; README, "Slice finder"): over item fields and pairs of fields, the slices
// where a run over-refuses (refuses answerable items) or under-refuses (answers unanswerable items) more than
// elsewhere, or where two runs differ most, ranked, with intervals, a minimum support and Benjamini-Hochberg
// q-values over the tests. Each row names its slice as a filter expression (filters.ts), so a click can open
// the explorer, or `uvqa score --slice`, on it.
//
// One run: rate = events / n over the slice's items of the population (answerable items for over-refusal,
// event R; unanswerable items for under-refusal, event A; a failed judgment stays in n and is no event);
// interval: Wilson; p: Fisher's exact test, one-sided (the slice holds more events than a random set of n of
// the run's items would); lift = rate / the run's rate over all of its population.
// Two runs: over the items both have, rate = b's share minus a's share of `correct` (or `refused`) in the
// slice; interval: Newcombe's paired square-and-add; p: exact McNemar on the slice's discordant items;
// lift = rate minus the same difference over all shared items.
import { UvqaError } from "../errors.ts";
import { A, isCorrect, NONE, R } from "./accumulators.ts";
import { benjaminiHochberg } from "./bh.ts";
import { fisherUpper } from "./fisher.ts";
import { FIELD_ORDER, formatSlice } from "./filters.ts";
import { fieldColumn, type FieldColumn, type ItemIndex } from "./items.ts";
import { mcnemarExact } from "./mcnemar.ts";
import { newcombePaired, wilson } from "./proportions.ts";
import type { RunColumns } from "./rows.ts";

/** The fields searched by default (those no item has are skipped). */
export const FINDER_FIELDS = ["category", "question_type", "source", "dataset", "flags", "video"] as const;
export const DEFAULT_MIN_SUPPORT = 20;

export interface FinderOptions {
  /** Item fields to slice by (default FINDER_FIELDS); a field named here that no item has is an error. */
  fields?: readonly string[];
  /** Also every pair of two fields' values (default true). */
  pairs?: boolean;
  /** Least n (items of the population in the slice) for a slice to be tested and listed (default 20). */
  minSupport?: number;
  /** Interval level (default 0.95). */
  level?: number;
}

export type RefusalKind = "over_refusal" | "under_refusal";

export interface FinderRow {
  /** The slice's fields, in canonical order, and their values. */
  fields: string[];
  values: string[];
  /** The slice as a filter expression in canonical form. */
  slice: string;
  /** Items of the population in the slice (the denominator). */
  n: number;
  /** Events in the slice (refusals, answers; for two runs the discordant items). */
  count: number;
  rate: number;
  ci_low: number;
  ci_high: number;
  /** The same rate over the whole population (every item of the run, or every shared item). */
  baseline: number;
  /** One run: rate / baseline (null when the baseline is 0); two runs: rate - baseline. */
  lift: number | null;
  p: number;
  /** Benjamini-Hochberg q over every slice tested in the call. */
  q: number;
}

export interface DifferenceRow extends FinderRow {
  /** Items a has right (or refuses) and b not, and the other way round: McNemar's b and c. */
  mcnemar_b: number;
  mcnemar_c: number;
}

/**
 * Slices where `run` over-refuses (kind "over_refusal": refusals of answerable items) or under-refuses
 * ("under_refusal": answers to unanswerable items) more than on the rest of its items. Rows are every slice
 * with n >= minSupport that is not the whole population (a pair of fields only where it differs from both of
 * its single fields), ranked by q, then lift (descending), then n (descending), then slice.
 */
export function findRefusalSlices(index: ItemIndex, run: RunColumns, kind: RefusalKind, options: FinderOptions = {}): FinderRow[] {
  const want = kind === "over_refusal" ? 0 : 1;
  const event = kind === "over_refusal" ? R : A;
  const classOf = (i: number): number => {
    const o = run.outcome[i]!;
    if (o === NONE || index.unanswerable[i] !== want) return -1;
    return o === event ? 1 : 0;
  };
  const counts = countSlices(index, classOf, 2, options);
  const N = counts.total[0]! + counts.total[1]!, X = counts.total[1]!;
  const baseline = N === 0 ? 0 : X / N;
  const level = options.level ?? 0.95;
  const rows = counts.slots.map(({ fields, values, count }): FinderRow => {
    const n = count[0]! + count[1]!, x = count[1]!;
    const rate = x / n;
    const [ci_low, ci_high] = wilson(x, n, level);
    return {
      fields, values, slice: sliceOf(fields, values), n, count: x, rate, ci_low, ci_high,
      baseline, lift: baseline === 0 ? null : rate / baseline, p: fisherUpper(x, n, X, N), q: 1,
    };
  });
  return rank(rows, (row) => row.lift ?? -Infinity);
}

/**
 * Slices where runs a and b differ most, over the items both have: rate = b's share of `correct` (default;
 * or `refused`) minus a's in the slice, Newcombe's paired interval, exact McNemar p. Ranked by q, then |rate|
 * (descending), then n (descending), then slice.
 */
export function findDifferenceSlices(
  index: ItemIndex, a: RunColumns, b: RunColumns, options: FinderOptions & { outcome?: "correct" | "refused" } = {},
): DifferenceRow[] {
  const refused = options.outcome === "refused";
  const yes = (run: RunColumns, i: number): boolean =>
    refused ? run.outcome[i] === R : isCorrect(index.unanswerable[i] === 1, run.outcome[i]!);
  // Classes: 0 both, 1 a only (McNemar b), 2 b only (McNemar c), 3 neither.
  const classOf = (i: number): number => {
    if (a.outcome[i] === NONE || b.outcome[i] === NONE) return -1;
    const ya = yes(a, i), yb = yes(b, i);
    return ya ? (yb ? 0 : 1) : yb ? 2 : 3;
  };
  const counts = countSlices(index, classOf, 4, options);
  const N = counts.total.reduce((s, c) => s + c, 0);
  const baseline = N === 0 ? 0 : (counts.total[2]! - counts.total[1]!) / N;
  const level = options.level ?? 0.95;
  const rows = counts.slots.map(({ fields, values, count }): DifferenceRow => {
    const [both, onlyA, onlyB, neither] = count as unknown as [number, number, number, number];
    const n = both + onlyA + onlyB + neither;
    const rate = (onlyB - onlyA) / n;
    const [ci_low, ci_high] = newcombePaired(both, onlyB, onlyA, neither, level);
    return {
      fields, values, slice: sliceOf(fields, values), n, count: onlyA + onlyB, rate, ci_low, ci_high,
      baseline, lift: rate - baseline, p: mcnemarExact(onlyA, onlyB), q: 1, mcnemar_b: onlyA, mcnemar_c: onlyB,
    };
  });
  return rank(rows, (row) => Math.abs(row.rate));
}

interface Slot {
  fields: string[];
  values: string[];
  /** Items of the population per class. */
  count: Float64Array;
}

/**
 * Counts the population's items (classOf(i) >= 0) per class in every single-field and two-field slice, and
 * keeps the slots that pass the support rules.
 */
function countSlices(
  index: ItemIndex, classOf: (i: number) => number, classes: number, options: FinderOptions,
): { slots: Slot[]; total: Float64Array } {
  const minSupport = options.minSupport ?? DEFAULT_MIN_SUPPORT;
  if (!(Number.isInteger(minSupport) && minSupport >= 1)) throw new UvqaError(`invalid minSupport: ${minSupport}`, 2);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new UvqaError(`invalid level: ${level}`, 2);
  const { items } = index;
  const n = items.length;
  const cls = new Int8Array(n);
  const total = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    cls[i] = classOf(i);
    if (cls[i]! >= 0) total[cls[i]!]++;
  }

  // Per field: its column (a dictionary of values and, per item, the ids of its values).
  const requested = options.fields ?? FINDER_FIELDS;
  const fields: string[] = [];
  const columns: FieldColumn[] = [];
  for (const field of [...new Set(requested)].sort(compareFields)) {
    const column = fieldColumn(index, field);
    if (column.values.length === 0) {
      if (options.fields) throw new UvqaError(`invalid field: ${JSON.stringify(field)} (no item has it)`, 2);
      continue;
    }
    fields.push(field);
    columns.push(column);
  }
  const dictionaries = columns.map((column) => column.values);

  // Single-field slots first (their counts decide which pairs are redundant), then pairs.
  const F = fields.length;
  const singleBase: number[] = [];
  let slots = 0;
  for (let f = 0; f < F; f++) { singleBase.push(slots); slots += dictionaries[f]!.length; }
  let counts = new Float64Array(Math.max(16, slots * 2) * classes);
  const grow = (need: number) => {
    if (need * classes <= counts.length) return;
    const bigger = new Float64Array(Math.max(need, (counts.length / classes) * 2) * classes);
    bigger.set(counts);
    counts = bigger;
  };
  grow(slots);
  const pairSlots: Array<{ f: number; g: number; map: Map<number, number> }> = [];
  if (options.pairs ?? true) for (let f = 0; f < F; f++) for (let g = f + 1; g < F; g++) pairSlots.push({ f, g, map: new Map() });
  const pairKey: Array<[number, number, number, number]> = []; // slot - singles -> (f, v, g, w)
  for (let i = 0; i < n; i++) {
    const c = cls[i]!;
    if (c < 0) continue;
    for (let f = 0; f < F; f++) {
      const { start, ids } = columns[f]!;
      for (let k = start[i]!; k < start[i + 1]!; k++) counts[(singleBase[f]! + ids[k]!) * classes + c]++;
    }
    for (const pair of pairSlots) {
      const cf = columns[pair.f]!, cg = columns[pair.g]!;
      const width = dictionaries[pair.g]!.length;
      for (let kv = cf.start[i]!; kv < cf.start[i + 1]!; kv++) {
        const v = cf.ids[kv]!;
        for (let kw = cg.start[i]!; kw < cg.start[i + 1]!; kw++) {
          const w = cg.ids[kw]!;
          const key = v * width + w;
          let slot = pair.map.get(key);
          if (slot === undefined) {
            slot = slots++;
            pair.map.set(key, slot);
            pairKey.push([pair.f, v, pair.g, w]);
            grow(slots);
          }
          counts[slot * classes + c]++;
        }
      }
    }
  }

  const N = total.reduce((s, x) => s + x, 0);
  const size = (slot: number) => {
    let s = 0;
    for (let k = 0; k < classes; k++) s += counts[slot * classes + k]!;
    return s;
  };
  const kept: Slot[] = [];
  const keep = (slot: number, sliceFields: string[], values: string[]) => {
    const m = size(slot);
    if (m < minSupport || m === N) return;
    kept.push({ fields: sliceFields, values, count: counts.slice(slot * classes, (slot + 1) * classes) });
  };
  for (let f = 0; f < F; f++) dictionaries[f]!.forEach((value, v) => keep(singleBase[f]! + v, [fields[f]!], [value]));
  pairKey.forEach(([f, v, g, w], k) => {
    const slot = slots - pairKey.length + k;
    const m = size(slot);
    // A pair holding the same items as one of its single fields says nothing new.
    if (m === size(singleBase[f]! + v) || m === size(singleBase[g]! + w)) return;
    keep(slot, [fields[f]!, fields[g]!], [dictionaries[f]![v]!, dictionaries[g]![w]!]);
  });
  return { slots: kept, total };
}

function sliceOf(fields: readonly string[], values: readonly string[]): string {
  return formatSlice(fields.map((field, k) => ({ field, values: [values[k]!] })));
}

/** q-values over all rows, then the ranking: q, effect (descending), n (descending), slice. */
function rank<T extends FinderRow>(rows: T[], effect: (row: T) => number): T[] {
  const q = benjaminiHochberg(rows.map((row) => row.p));
  rows.forEach((row, k) => { row.q = q[k]!; });
  return rows.sort((x, y) => x.q - y.q || effect(y) - effect(x) || y.n - x.n || (x.slice < y.slice ? -1 : x.slice > y.slice ? 1 : 0));
}

function compareFields(a: string, b: string): number {
  const rank = (field: string) => {
    const k = (FIELD_ORDER as readonly string[]).indexOf(field);
    return k < 0 ? FIELD_ORDER.length : k;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
