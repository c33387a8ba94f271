// Slices (metrics.md: "every score exists per slice"): "all", "category:<name>" for each category present,
// "<field>:<value>" for each requested item field (an array field such as `flags` puts an item in one slice
// per element), and one slice per filter expression, named by its canonical form (filters.ts). Items with
// the same slice memberships share a signature, so per-slice sums are computed once per cell, not per item.
import { UvqaError } from "../errors.ts";
import { CATEGORIES } from "../items/categories.ts";
import { canonicalSlice, filterMembers, formatSlice, parseSlice } from "./filters.ts";
import { fieldColumn, type ItemIndex } from "./items.ts";

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
  const columns = sliceFields.map((field) => fieldColumn(index, field));
  const fieldSlice = sliceFields.map((field, f) => {
    const { values } = columns[f]!;
    const slice = new Int32Array(values.length);
    const order = values.map((_, id) => id).sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : 0));
    for (const id of order) slice[id] = names.push(`${field}:${values[id]}`) - 1;
    return slice;
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

  // An item's signature is the path of its slice ids (ascending) in a trie keyed by numbers, no strings.
  const S = names.length;
  const child = new Map<number, number>();
  let nodes = 1;
  const leaf = new Map<number, number>();
  const signature = new Int32Array(n);
  const signatureSlices: Int32Array[] = [];
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    ids.length = 0;
    ids.push(0, categorySlice[stratum[i]!]!);
    for (let f = 0; f < columns.length; f++) {
      const { start, ids: valueIds } = columns[f]!;
      const from = ids.length;
      for (let k = start[i]!; k < start[i + 1]!; k++) ids.push(fieldSlice[f]![valueIds[k]!]!);
      // An array field's elements in slice order, so ["y", "x"] and ["x", "y"] share a signature.
      if (ids.length - from > 1) ids.splice(from, ids.length - from, ...ids.slice(from).sort((a, b) => a - b));
    }
    for (const { slice, member } of filters) if (member[i] === 1) ids.push(slice);
    let node = 0;
    for (const id of ids) {
      const key = node * S + id;
      let next = child.get(key);
      if (next === undefined) child.set(key, (next = nodes++));
      node = next;
    }
    let sig = leaf.get(node);
    if (sig === undefined) {
      sig = signatureSlices.push(Int32Array.from(ids)) - 1;
      leaf.set(node, sig);
    }
    signature[i] = sig;
  }
  return { items: index, names, unanswerable: index.unanswerable, stratum, signature, signatureSlices };
}

/**
 * The same slice index computing only the named slices (a filter slice by any spelling): signatures (hence cells and bootstrap draws) are
 * untouched, so every kept slice gets exactly the figures of the full index. Returns the kept slice ids.
 */
export function restrictSlices(index: SliceIndex, names: readonly string[]): { view: SliceIndex; kept: number[] } {
  const kept = names.map((name) => {
    // A filter expression may be named in any of its spellings.
    const k = index.names.indexOf(name.includes("=") && !index.names.includes(name) ? canonicalSlice(name) : name);
    if (k < 0) throw new UvqaError(`unknown slice: ${JSON.stringify(name)}`, 2);
    return k;
  });
  const keep = new Uint8Array(index.names.length);
  for (const k of kept) keep[k] = 1;
  const sorted = [...new Set(kept)].sort((a, b) => a - b);
  return { view: { ...index, signatureSlices: index.signatureSlices.map((ids) => ids.filter((k) => keep[k] === 1)) }, kept: sorted };
}
