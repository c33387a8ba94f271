// Slices (metrics.md: "every score exists per slice"): "all", "category:<name>" for each category present,
// and "<field>:<value>" for each requested item field. Items with the same slice memberships share a
// signature, so per-slice sums are computed once per cell, not once per item.
import { UvqaError } from "../errors.ts";
import { CATEGORIES, isUnanswerable } from "../items/schema.ts";
import type { MetricItem } from "./types.ts";

export interface SliceIndex {
  /** Slice names, "all" first. */
  names: string[];
  /** Item id -> position. */
  position: Map<string, number>;
  /** Per item: 1 when unanswerable. */
  unanswerable: Uint8Array;
  /** Per item: its bootstrap stratum (index of its category in CATEGORIES). */
  stratum: Uint8Array;
  /** Per item: its signature. */
  signature: Int32Array;
  /** Per signature: the slices it belongs to. */
  signatureSlices: Int32Array[];
}

export function indexSlices(items: readonly MetricItem[], sliceFields: readonly string[] = []): SliceIndex {
  const position = new Map<string, number>();
  const n = items.length;
  const unanswerable = new Uint8Array(n);
  const stratum = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const item = items[i]!;
    if (position.has(item.id)) throw new UvqaError(`duplicate item: ${JSON.stringify(item.id)}`, 2);
    position.set(item.id, i);
    const k = CATEGORIES.indexOf(item.category);
    if (k < 0) throw new UvqaError(`invalid category: ${JSON.stringify(item.category)} (item ${item.id})`, 2);
    stratum[i] = k;
    unanswerable[i] = isUnanswerable(item.category) ? 1 : 0;
  }

  const names = ["all"];
  const present = new Set(stratum);
  const categorySlice = CATEGORIES.map((category, k) => (present.has(k) ? names.push(`category:${category}`) - 1 : -1));
  // Field values sorted for stable output; items without the field belong to none of its slices.
  const fieldSlice = sliceFields.map((field) => {
    const values = [...new Set(items.map((item) => item[field]).filter((v) => v !== undefined && v !== null).map(String))].sort();
    return new Map(values.map((value) => [value, names.push(`${field}:${value}`) - 1]));
  });

  const signature = new Int32Array(n);
  const signatureSlices: Int32Array[] = [];
  const byKey = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const ids = [0, categorySlice[stratum[i]!]!];
    for (let f = 0; f < sliceFields.length; f++) {
      const value = items[i]![sliceFields[f]!];
      if (value !== undefined && value !== null) ids.push(fieldSlice[f]!.get(String(value))!);
    }
    const key = ids.join(",");
    let id = byKey.get(key);
    if (id === undefined) {
      id = signatureSlices.push(Int32Array.from(ids)) - 1;
      byKey.set(key, id);
    }
    signature[i] = id;
  }
  return { names, position, unanswerable, stratum, signature, signatureSlices };
}
