// Slices (metrics.md: "every score exists per slice"): "all", "category:<name>" for each category present,
// "<field>:<value>" for each requested item field (an array field such as `flags` puts an item in one slice
// per element), and one slice per filter expression, named by its canonical form (filters.ts). Items with
// the same slice memberships share a signature, so per-slice sums are computed once per cell, not per item.
import { CATEGORIES } from "../items/schema.ts";
import { filterMembers, formatSlice, parseSlice } from "./filters.ts";
import { fieldValues, type ItemIndex } from "./items.ts";

export interface SliceSpec {
  /** Item fields to slice by, e.g. ["question_type", "flags"]. */
  sliceFields?: readonly string[];
  /** Filter slices, e.g. ["category=object,relation&flags=edited-question"]. */
  slices?: readonly string[];
}

export interface SliceIndex {
  items: ItemIndex;
  /** Slice names, "all" first. */
  names: string[];
  /** The item index's arrays, for the hot loops. */
  unanswerable: Uint8Array;
  stratum: Uint8Array;
  /** Per item: its signature. */
  signature: Int32Array;
  /** Per signature: the slices it belongs to (distinct). */
  signatureSlices: Int32Array[];
}

export function indexSlices(index: ItemIndex, spec: SliceSpec = {}): SliceIndex {
  const { items, stratum } = index;
  const sliceFields = spec.sliceFields ?? [];
  const n = items.length;
  const names = ["all"];
  const present = new Set(stratum);
  const categorySlice = CATEGORIES.map((category, k) => (present.has(k) ? names.push(`category:${category}`) - 1 : -1));
  // Field values sorted for stable output; items without the field belong to none of its slices.
  const values = sliceFields.map((field) => items.map((item) => fieldValues(item[field])));
  const fieldSlice = sliceFields.map((field, f) => {
    const distinct = [...new Set(values[f]!.flat())].sort();
    return new Map(distinct.map((value) => [value, names.push(`${field}:${value}`) - 1]));
  });
  // Filter slices: one per distinct canonical form, in the order given.
  const filters: Array<{ slice: number; member: Uint8Array }> = [];
  const seen = new Set<string>();
  for (const expr of spec.slices ?? []) {
    const clauses = parseSlice(expr);
    const name = formatSlice(clauses);
    if (seen.has(name)) continue;
    seen.add(name);
    filters.push({ slice: names.push(name) - 1, member: filterMembers(index, expr, clauses) });
  }

  const signature = new Int32Array(n);
  const signatureSlices: Int32Array[] = [];
  const byKey = new Map<string, number>();
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    ids.length = 0;
    ids.push(0, categorySlice[stratum[i]!]!);
    for (let f = 0; f < sliceFields.length; f++) for (const value of values[f]![i]!) ids.push(fieldSlice[f]!.get(value)!);
    for (const { slice, member } of filters) if (member[i] === 1) ids.push(slice);
    const key = ids.join(",");
    let id = byKey.get(key);
    if (id === undefined) {
      id = signatureSlices.push(Int32Array.from(ids)) - 1;
      byKey.set(key, id);
    }
    signature[i] = id;
  }
  return { items: index, names, unanswerable: index.unanswerable, stratum, signature, signatureSlices };
}
