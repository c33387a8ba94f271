// The item view's data without DuckDB: id -> item index through item-ids.parquet (sorted by id: the row group whose
// id statistics can hold it, then a scan of that group), the item from items.parquet (row = index), and every
// run's row for the item: from item-texts.parquet (texts.parquet by item, then run) at the rows
// item-texts-starts.bin gives, one row group for all runs; or else from texts.parquet, the rows the `item` column
// shows in the row groups whose statistics (item, category, and their neighbours' run and category) can hold it
// (about one group per run). Each file is read with hyparquet through range requests (text-store.ts); nothing here
// waits for the page's database.
import type { FileMetaData } from "hyparquet";
import type { ItemStartsFile } from "./item-starts.js";
import type { ParquetTexts } from "./text-store.js";

type Row = Record<string, unknown>;

/** Code point order, which is UTF-8 byte order (how DuckDB sorts VARCHAR and writes string statistics). */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!, y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++; // both were surrogate pairs of the same code point
  }
  return a.length - b.length;
}

const compareNumbers = (a: unknown, b: unknown) => Number(a) - Number(b);

/**
 * Whether row group `g` may hold `value` in `column`, by its footer statistics (min_value/max_value, or the older
 * min/max for numbers): true when the footer says nothing, so a file without statistics is still read right.
 */
export function groupMayHold(metadata: FileMetaData, g: number, column: string, value: string | number): boolean {
  const chunk = metadata.row_groups[g]?.columns.find((c) => c.meta_data?.path_in_schema.join(".") === column);
  const stats = chunk?.meta_data?.statistics;
  if (!stats) return true;
  const isString = typeof value === "string";
  const min = stats.min_value ?? (isString ? undefined : stats.min);
  const max = stats.max_value ?? (isString ? undefined : stats.max);
  const compare = isString ? (a: unknown, b: unknown) => compareBytes(String(a), String(b)) : compareNumbers;
  if (min !== undefined && min !== null && typeof min !== "object" && compare(value, min) < 0) return false;
  if (max !== undefined && max !== null && typeof max !== "object" && compare(value, max) > 0) return false;
  return true;
}

/** Row groups that may hold every one of `conditions` ({column: value}), in file order. */
export function groupsHolding(metadata: FileMetaData, conditions: Readonly<Record<string, string | number>>): number[] {
  const out: number[] = [];
  for (let g = 0; g < metadata.row_groups.length; g++) {
    if (Object.entries(conditions).every(([column, value]) => groupMayHold(metadata, g, column, value))) out.push(g);
  }
  return out;
}

function statsOf(metadata: FileMetaData, g: number, column: string): { min: unknown; max: unknown } | null {
  const chunk = metadata.row_groups[g]?.columns.find((c) => c.meta_data?.path_in_schema.join(".") === column);
  const stats = chunk?.meta_data?.statistics;
  const min = stats?.min_value ?? (column === "category" ? undefined : stats?.min);
  const max = stats?.max_value ?? (column === "category" ? undefined : stats?.max);
  return min === undefined || max === undefined || min === null || max === null ? null : { min, max };
}

/** A texts.parquet sort key: (run_order, category, item). */
type Key = [number, string, number];
const compareKeys = (a: Key, b: Key) => a[0] - b[0] || compareBytes(a[1], b[1]) || a[2] - b[2];

/** First and last key of group `g` when it holds one run and one category (then its statistics give both). */
function pureKeys(metadata: FileMetaData, g: number): [Key, Key] | null {
  if (g < 0 || g >= metadata.row_groups.length) return null;
  const run = statsOf(metadata, g, "run_order"), category = statsOf(metadata, g, "category"), item = statsOf(metadata, g, "item");
  if (!run || !category || !item || Number(run.min) !== Number(run.max) || String(category.min) !== String(category.max)) return null;
  return [[Number(run.min), String(category.min), Number(item.min)], [Number(run.max), String(category.max), Number(item.max)]];
}

/**
 * Row groups of texts.parquet (sorted by run_order, category, item) that can hold item `item` of category
 * `category` in some run: those whose statistics allow it, less those its neighbours rule out. Rows of a group all
 * come after the previous group's and before the next's, so where a neighbour holds one run and one category (its
 * first and last keys are then its statistics), a key at or before the previous group's last key, or at or after
 * the next group's first key, is not in this group. About one group per run is left, where the statistics alone
 * leave the groups at every change of category or run as well.
 */
export function textGroupsFor(metadata: FileMetaData, item: number, category: string): number[] {
  return groupsHolding(metadata, { item, category }).filter((g) => {
    const run = statsOf(metadata, g, "run_order");
    if (!run) return true;
    const previous = pureKeys(metadata, g - 1)?.[1] ?? null;
    const next = pureKeys(metadata, g + 1)?.[0] ?? null;
    for (let r = Number(run.min); r <= Number(run.max); r++) {
      const key: Key = [r, category, item];
      if ((previous === null || compareKeys(key, previous) > 0) && (next === null || compareKeys(key, next) < 0)) return true;
    }
    return false;
  });
}

/** The item index of `id` (item-ids.parquet: `id`, `item`, sorted by id), or null when the report lacks it. */
export async function itemIndexOf(ids: ParquetTexts, id: string): Promise<number | null> {
  const { metadata } = await ids.layout();
  for (const g of groupsHolding(metadata, { id })) {
    // A scan, not a binary search: the file is sorted by id as JS compares strings (UTF-16 code units), which
    // differs from byte order for ids beyond the BMP; the statistics above are byte order (DuckDB writes them).
    const found = (await ids.group(g, ["id", "item"])).find((r) => r.id === id);
    if (found) return Number(found.item);
  }
  return null;
}

/**
 * Every texts.parquet row of item `index` (one per run that has a response row for it, a failed request too), in
 * file order (run order), each with its row number as `text_row`. The candidate row groups' `item` column (small:
 * int32, kept) finds the rows; then each row is read alone. `category`, when given, narrows the groups read (the
 * file is sorted by run, category, item) to about one per run.
 */
export async function itemTextRows(texts: ParquetTexts, index: number, columns: string[], category?: string): Promise<Row[]> {
  const { metadata, starts } = await texts.layout();
  const candidates = category === undefined ? groupsHolding(metadata, { item: index }) : textGroupsFor(metadata, index, category);
  const found: number[] = [];
  await Promise.all(candidates.map(async (g) => {
    const rows = await texts.group(g, ["item"]);
    rows.forEach((r, k) => { if (Number(r.item) === index) found.push(starts[g]! + k); });
  }));
  found.sort((a, b) => a - b);
  return readRows(texts, found, columns);
}

/**
 * The rows, read one by one, each with its row number as `text_row` unless `numbered` is false (it has its own);
 * `issued` is called once their reads are under way (their footers in).
 */
async function readRows(texts: ParquetTexts, rows: readonly number[], columns: string[], issued?: () => void, numbered = true): Promise<Row[]> {
  // The rows' footers first, with one request where they can (per-group footers), not one per row.
  try {
    await texts.readAheadAt(rows);
  } catch (error) {
    issued?.();
    throw error;
  }
  const reads = rows.map((row) => texts.row(row, columns));
  issued?.();
  const read = await Promise.all(reads);
  return read.map((r, k) => (numbered ? { ...r, text_row: rows[k]! } : r as Row));
}

/** item-texts.parquet (texts.parquet's rows by item, then run, each with its `text_row`) and its item starts. */
export interface ByItem {
  texts: ParquetTexts;
  starts: ItemStartsFile;
}

/**
 * itemTextRows, read from item-texts.parquet when the report has it: the item's rows there (one range request for
 * where they are, then their one or two row groups, instead of a group per run). Each row's `item` is checked: rows
 * that disagree (files from other code) are dropped for the scan of texts.parquet, which is right whatever the
 * other files say. `category` is asked for only then.
 */
export async function itemResponseRows(texts: ParquetTexts, byItem: ByItem | null, index: number, columns: string[], category: () => Promise<string>, issued?: () => void): Promise<Row[]> {
  const range = byItem ? await byItem.starts.rangeOf(index).catch(() => null) : null;
  if (byItem && range) {
    const wanted = [...new Set([...columns, "item", "text_row"])];
    const rows = await readRows(byItem.texts, Array.from({ length: range[1] - range[0] }, (_, k) => range[0] + k), wanted, issued, false)
      .catch(() => null);
    if (rows && rows.every((r) => r !== undefined && Number(r.item) === index)) return rows.map((r) => ({ ...r, text_row: Number(r.text_row) }));
  }
  issued?.();
  return itemTextRows(texts, index, columns, await category());
}

/** The files the item view reads; `byItem` null for a report without item-texts.parquet. */
export interface ItemFiles {
  ids: ParquetTexts;
  items: ParquetTexts;
  texts: ParquetTexts;
  byItem: ByItem | null;
}

/**
 * The item view's data for item `id`: its index, its items.parquet row and its texts.parquet rows (`columns` of
 * them, run order); null when the report has no such item. `index`, when the caller knows it (a row of the list),
 * spares the look-up in item-ids.parquet. The other two footers are asked for at once, not after the index.
 */
export async function itemViewData(files: ItemFiles, id: string, columns: string[], index?: number): Promise<{ index: number; item: Row; rows: Row[] } | null> {
  for (const file of [files.items, files.byItem?.texts ?? files.texts]) file.prepare().catch(() => {});
  const at = index ?? await itemIndexOf(files.ids, id);
  if (at === null) return null;
  // The responses' requests go out first (the item's rows listed, their footers, then the rows): decoding the
  // item's own row starts after, so the responses travel while it holds the main thread, not after it.
  let itemRow: Promise<Row | undefined> | null = null;
  const readItem = () => {
    if (!itemRow) (itemRow = files.items.row(at)).catch(() => {}); // awaited below
    return itemRow;
  };
  const rows = await itemResponseRows(files.texts, files.byItem, at, columns, async () => String((await readItem())?.category), readItem);
  const item = await readItem();
  return item ? { index: at, item, rows } : null;
}
