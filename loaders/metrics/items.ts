// The item set, indexed once: positions, answerability, bootstrap strata, twins. Everything per slice or
// per run is built on top of it, so a page that changes a filter re-slices without re-reading its items.
import { UvqaError } from "../errors.ts";
import { CATEGORIES, isUnanswerable } from "../items/categories.ts";
import type { MetricItem } from "./types.ts";

export interface ItemIndex {
  items: readonly MetricItem[];
  /** Item id -> position (the item index of the report's slim tables). */
  position: Map<string, number>;
  /** Per item: 1 when unanswerable. */
  unanswerable: Uint8Array;
  /** Per item: its bootstrap stratum (index of its category in CATEGORIES). */
  stratum: Uint8Array;
  /**
   * Per item: the position of its answerable twin, for an unanswerable item whose `pair` names an answerable
   * item of the set; -1 otherwise (answerable items, unpaired items, a `pair` naming no item of the set or
   * an unanswerable one). Pairs are seen from their unanswerable item.
   */
  twin: Int32Array;
  /** Unanswerable items with a twin in the set. */
  pairs: number;
  /** Those items' positions, ascending. */
  paired: Int32Array;
  /** Field columns built on first use (fieldColumn), so re-slicing reads no item object twice. */
  columns: Map<string, FieldColumn>;
}

/**
 * One item field's slice values, dictionary-encoded: item i has values[ids[k]] for k in start[i] .. start[i+1]
 * (fieldValues: none, one, or an array's distinct elements). `values` in first-seen order.
 */
export interface FieldColumn {
  values: string[];
  start: Int32Array;
  ids: Int32Array;
}

export function indexItems(items: readonly MetricItem[]): ItemIndex {
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
  const twin = new Int32Array(n).fill(-1);
  const paired: number[] = [];
  for (let i = 0; i < n; i++) {
    if (unanswerable[i] === 0) continue;
    const pair = items[i]!.pair;
    const t = typeof pair === "string" ? position.get(pair) : undefined;
    if (t === undefined || unanswerable[t] === 1) continue;
    twin[i] = t;
    paired.push(i);
  }
  return { items, position, unanswerable, stratum, twin, pairs: paired.length, paired: Int32Array.from(paired), columns: new Map() };
}

/**
 * An item index as plain data, for another thread: its typed arrays and the columns of the fields named, no
 * item object (a worker thread scores from these: `restoreIndex`).
 */
export interface ItemIndexData {
  unanswerable: Uint8Array;
  stratum: Uint8Array;
  twin: Int32Array;
  paired: Int32Array;
  columns: Array<[string, FieldColumn]>;
}

export function indexData(index: ItemIndex, fields: readonly string[]): ItemIndexData {
  const { unanswerable, stratum, twin, paired } = index;
  return { unanswerable, stratum, twin, paired, columns: fields.map((field) => [field, fieldColumn(index, field)]) };
}

/**
 * The item index `data` was made from, as far as slicing and scoring go: its `items` are n empty slots and
 * `position` is empty, so only the fields given columns can be sliced by (another throws).
 */
export function restoreIndex(data: ItemIndexData): ItemIndex {
  const { unanswerable, stratum, twin, paired } = data;
  return {
    items: new Array<MetricItem>(stratum.length), position: new Map(), unanswerable, stratum, twin, pairs: paired.length, paired,
    columns: new Map(data.columns),
  };
}

/** The field's column, built once per item index. */
export function fieldColumn(index: ItemIndex, field: string): FieldColumn {
  const cached = index.columns.get(field);
  if (cached) return cached;
  const { items } = index;
  const n = items.length;
  if (n > 0 && !(0 in items)) throw new Error(`no column for ${field}: the item index was restored without its items`);
  const start = new Int32Array(n + 1);
  const ids: number[] = [];
  const dictionary = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    start[i] = ids.length;
    for (const value of fieldValues(items[i]![field])) {
      let id = dictionary.get(value);
      if (id === undefined) dictionary.set(value, (id = dictionary.size));
      ids.push(id);
    }
  }
  start[n] = ids.length;
  const column = { values: [...dictionary.keys()], start, ids: Int32Array.from(ids) };
  index.columns.set(field, column);
  return column;
}

/**
 * The slice values of one item field: none for a missing (undefined, null) or object value, each element for
 * an array (`flags`: an item is in `flags:<f>` for each of its flags), else the value as a string.
 */
export function fieldValues(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) {
    const out: string[] = [];
    for (const element of value) {
      if (element === undefined || element === null || typeof element === "object") continue;
      const text = String(element);
      if (!out.includes(text)) out.push(text);
    }
    return out;
  }
  if (typeof value === "object") return [];
  return [String(value)];
}
