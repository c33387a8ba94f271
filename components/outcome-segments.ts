// One run's rows of outcomes.arrow, fetched by byte range (docs/report-data.md, outcomes-index.json): the file is one
// Arrow IPC stream whose header (schema, every dictionary, an empty record batch) is followed by one record batch
// per run, so a run's table is the header, its batch and the end-of-stream marker. The explorer loads only the runs
// in view into DuckDB-WASM this way, and reads a run's first rows straight from its batch (sorted by item) before
// DuckDB has started.
import { tableFromIPC, type Table } from "apache-arrow";
import type { ItemOutcome } from "./compare.js";
import { rangeBytes } from "./range-bytes.js";

export interface OutcomesIndexRun {
  run: string;
  /** Byte offset of the run's record batch message, and one past its end. */
  start: number;
  end: number;
  /** Outcome rows of the run. */
  rows: number;
  /** The run's rows in texts.parquet: [text_start, text_stop). */
  text_start: number;
  text_stop: number;
}

export interface OutcomesIndex {
  /** Bytes of the schema message, the dictionary batches and the empty batch. */
  header: number;
  runs: OutcomesIndexRun[];
}

/** The IPC stream end-of-stream marker: continuation 0xFFFFFFFF, then a zero length. */
export const END_OF_STREAM = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/** `parts` one after the other, in a new buffer (DuckDB-WASM takes the buffer it is given: it is transferred). */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export interface RunSegments {
  index: OutcomesIndex;
  /** The run's entry in the index (undefined: the report has no such run). */
  entry(run: string): OutcomesIndexRun | undefined;
  /** A valid IPC stream of the run's rows alone, in a new buffer each call; no run: the header alone (no rows). */
  stream(run?: string): Promise<Uint8Array>;
  /** The run's rows as an Arrow table (parsed once and kept for the last few runs). */
  table(run: string): Promise<Table>;
  /** Bytes fetched so far. */
  fetched(): number;
}

/** Byte ranges of the file at `url` (one request each: `Range: bytes=a-b`; a server that ignores it is sliced). */
export function runSegments(url: string, index: OutcomesIndex, options: { fetch?: typeof fetch; keep?: number } = {}): RunSegments {
  const range = rangeBytes(url, "outcomes.arrow", options.fetch);
  const byRun = new Map(index.runs.map((r) => [r.run, r]));
  let header: Promise<Uint8Array> | null = null;
  const headerBytes = () => {
    if (!header) {
      header = range(0, index.header);
      header.catch(() => { header = null; });
    }
    return header;
  };
  const keep = options.keep ?? 3;
  const bodies = new Map<string, Promise<Uint8Array>>();
  const tables = new Map<string, Promise<Table>>();
  const remember = <T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> => {
    let promise = cache.get(key);
    if (promise) {
      cache.delete(key); // most recently used last
      cache.set(key, promise);
      return promise;
    }
    promise = make();
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
    while (cache.size > keep) cache.delete(cache.keys().next().value!);
    return promise;
  };
  const body = (run: string) => {
    const entry = byRun.get(run);
    if (!entry) return Promise.reject(new Error(`outcomes-index.json has no run ${JSON.stringify(run)}`));
    return remember(bodies, run, () => range(entry.start, entry.end));
  };
  const stream = async (run?: string) => concatBytes(await headerBytes(), run === undefined ? new Uint8Array(0) : await body(run), END_OF_STREAM);
  return {
    index,
    entry: (run) => byRun.get(run),
    stream,
    table: (run) => remember(tables, run, async () => tableFromIPC(await stream(run))),
    fetched: () => range.fetched(),
  };
}

/** An outcomes row as the explorer's list reads it (explorer-query.ts's columns of `outcomes`): an item's outcome under a run, with its item and text row. */
export interface OutcomeRow extends Omit<ItemOutcome, "outcome"> {
  item: number;
  outcome: string | null;
  outcome_2: string | null;
  text_row: number | null;
}

const COLUMNS = ["run", "item", "outcome", "base", "refused", "correct", "reason_ok", "score", "score_kind", "outcome_2", "text_row"] as const;

/** Rows [start, end) of an outcomes table as plain objects (numbers, strings, booleans, null). */
export function outcomeRows(table: Table, start: number, end: number): OutcomeRow[] {
  const from = Math.max(0, start), to = Math.min(end, table.numRows);
  return outcomeRowsAt(table, Int32Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k));
}

/** The rows at these indices of an outcomes table, in the order given, as outcomeRows gives them. */
export function outcomeRowsAt(table: Table, indices: ArrayLike<number>): OutcomeRow[] {
  const vectors = COLUMNS.map((name) => [name, table.getChild(name)] as const);
  const out: OutcomeRow[] = [];
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!(i >= 0 && i < table.numRows)) continue;
    const row: Record<string, unknown> = {};
    for (const [name, vector] of vectors) {
      const v = vector ? vector.get(i) : null;
      row[name] = v === undefined ? null : typeof v === "bigint" ? Number(v) : v;
    }
    out.push(row as unknown as OutcomeRow);
  }
  return out;
}

/**
 * The indices of the rows whose item is one of `items` (a search's matches in one run), in the table's order:
 * `rowItems` is the table's item column (a run's batch is sorted by item, so the list keeps that order).
 */
export function rowsWithItems(rowItems: ArrayLike<number>, items: ArrayLike<number>): Int32Array {
  let size = 0;
  for (let k = 0; k < rowItems.length; k++) size = Math.max(size, rowItems[k]! + 1);
  const wanted = new Uint8Array(size);
  for (let k = 0; k < items.length; k++) if (items[k]! >= 0 && items[k]! < size) wanted[items[k]!] = 1;
  let n = 0;
  for (let k = 0; k < rowItems.length; k++) n += wanted[rowItems[k]!]!;
  const out = new Int32Array(n);
  for (let k = 0, at = 0; k < rowItems.length; k++) if (wanted[rowItems[k]!]) out[at++] = k;
  return out;
}
