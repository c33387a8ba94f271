// Text on demand: questions, references, scene facts (items.parquet) and responses (texts.parquet) read with
// hyparquet through HTTP range requests, a row group at a time, never the whole file. The footers are read once;
// row groups already read are kept (a bounded number), so scrolling back or reopening an item costs nothing.
import { asyncBufferFromUrl, cachedAsyncBuffer, parquetMetadataAsync, parquetRead, parquetReadObjects, type AsyncBuffer, type Compressors, type FileMetaData, type ParquetParsers } from "hyparquet";
import { openGroupFooters } from "./group-footers.js";
import { parquetCompressors } from "./zstd.js";

type Row = Record<string, unknown>;
/** A row group's columns by name: arrays of values (strings as UTF-8 bytes), as hyparquet decodes them. */
export type Columns = Record<string, ArrayLike<unknown>>;

interface Source {
  file: AsyncBuffer;
  metadata: FileMetaData;
  compressors: Compressors;
  /** First row of each row group, and the total at the end. */
  starts: number[];
}

export interface ParquetTexts {
  /** Rows [start, end) with only `columns` read. */
  rows(start: number, end: number, columns?: string[]): Promise<Row[]>;
  /** The rows at these indices, in the order given (one read per row group touched). */
  rowsAt(indices: readonly number[], columns?: string[]): Promise<Row[]>;
  numRows(): Promise<number>;
  /** The first row of each row group, with the total at the end (from the per-group footers' header when given). */
  starts(): Promise<number[]>;
  /** Opens the file for reading rows (its footer, or its per-group footers' header), so a first read waits less. */
  prepare(): Promise<void>;
  /** Before reading these rows one by one (an item's, one per run): their groups' footers together where they can. */
  readAheadAt(indices: readonly number[]): Promise<void>;
  /**
   * The whole footer (row groups and their statistics) and the first row of each row group, with the total at the
   * end. Read when asked for even where per-group footers serve every other read: only statistics need it.
   */
  layout(): Promise<{ metadata: FileMetaData; starts: number[] }>;
  /**
   * Row `index` with only `columns` (every column when absent). Its group's pages are decompressed whole (the file
   * has one page per column chunk) and kept, values left undecoded (a bounded number of groups, `rowGroups`), so
   * the next row of the same group costs no read: the item view reads one row per run for an item, and the items
   * next to it in the list are in the same groups. Only the row's own strings are decoded and its JSON parsed.
   */
  row(index: number, columns?: string[]): Promise<Row | undefined>;
  /** Row group `g` (a 0-based index into the footer's row groups) with only `columns` read; kept like the others. */
  group(g: number, columns?: string[]): Promise<Row[]>;
  /** Bytes fetched so far (range requests included), for the page bench. */
  fetched(): number;
  /** Row groups decoded so far (every read of one, kept or not), for tests and the page bench. */
  decodes(): number;
}

function plain(row: Row): Row {
  // hyparquet gives BigInt for INT64 and Date for timestamps; the pages want numbers and strings.
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === "bigint" ? Number(v) : v;
  return out;
}

const utf8 = new TextDecoder();
const BYTES: Partial<ParquetParsers> = { stringFromBytes: (bytes) => bytes, jsonFromBytes: (bytes) => bytes };

/** The bytes of a file's tail read first (its footer, usually whole): `tailRequest` asks for them. */
export const TAIL_BYTES = 1 << 19;

/**
 * The request openByTail makes first: the last `tail` bytes by a suffix range. A page may send it itself before
 * this module has loaded (a link to an item does) and hand the response over (`parquetTexts`' `tail`).
 */
export const tailRequest = (url: string, fetchImpl: typeof fetch = fetch, tail = TAIL_BYTES) => fetchImpl(url, { headers: { Range: `bytes=-${tail}` } });

/**
 * The file at `url` opened with one request: its last `tail` bytes by a suffix range (the footer, usually whole),
 * whose Content-Range gives the size, so no HEAD request goes first. Later reads are range requests, each kept.
 * `first`, when given, is that request already sent (tailRequest's response).
 */
export async function openByTail(url: string, fetchImpl: typeof fetch, tail = TAIL_BYTES, first?: Promise<Response>): Promise<AsyncBuffer> {
  const response = await (first ?? tailRequest(url, fetchImpl, tail));
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const bytes = await response.arrayBuffer();
  const total = response.status === 206 ? Number(/\/(\d+)\s*$/.exec(response.headers.get("content-range") ?? "")?.[1]) : bytes.byteLength;
  if (!Number.isFinite(total) || total < bytes.byteLength) return cachedAsyncBuffer(await asyncBufferFromUrl({ url, fetch: fetchImpl }));
  const tailStart = total - bytes.byteLength;
  // The whole file came (a small file, or a server without ranges): nothing more to fetch.
  if (tailStart === 0) return { byteLength: total, slice: (start, end) => bytes.slice(start, end) };
  const rest = cachedAsyncBuffer(await asyncBufferFromUrl({ url, byteLength: total, fetch: fetchImpl }), { minSize: 0 });
  return {
    byteLength: total,
    slice: (start, end) => (start >= tailStart ? bytes.slice(start - tailStart, end === undefined ? undefined : end - tailStart) : rest.slice(start, end)),
  };
}

/**
 * A file's string and JSON columns, as hyparquet's convert() tells them (a BYTE_ARRAY without annotation is a
 * string too, its `utf8` default): row() gets their values as bytes and decodes (and parses) the row's alone.
 */
const kindsByMetadata = new WeakMap<FileMetaData, Map<string, "string" | "json">>();
function textKinds(metadata: FileMetaData): Map<string, "string" | "json"> {
  let kinds = kindsByMetadata.get(metadata);
  if (!kinds) {
    kinds = new Map();
    for (const e of metadata.schema) {
      if (e.converted_type === "JSON" || e.logical_type?.type === "JSON") kinds.set(e.name, "json");
      else if (e.converted_type === "UTF8" || e.logical_type?.type === "STRING" || (e.type === "BYTE_ARRAY" && e.converted_type !== "DECIMAL")) kinds.set(e.name, "string");
    }
    kindsByMetadata.set(metadata, kinds);
  }
  return kinds;
}

/** The names of a file's columns: the schema root's children (a nested column's leaves are under its name). */
function topLevelColumns(metadata: FileMetaData): string[] {
  const names: string[] = [];
  let i = 1;
  const skip = (): void => {
    const children = metadata.schema[i++]?.num_children ?? 0;
    for (let c = 0; c < children; c++) skip();
  };
  while (i < metadata.schema.length) {
    names.push(metadata.schema[i]!.name);
    skip();
  }
  return names;
}

/** The row group holding `row`, by binary search over the groups' first rows (`starts`, the total at the end). */
function groupOf(starts: readonly number[], row: number): number {
  let lo = 0, hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= row) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** How rows are read: from the file's own footer, or from its per-group footers (group-footers.ts). */
interface Reader {
  file: AsyncBuffer;
  compressors: Compressors;
  /** First row of each row group, and the total at the end. */
  starts: number[];
  /** The metadata to read group `g` with, and the row that metadata numbers 0 (its group's first, or the file's). */
  groupMeta(g: number): Promise<{ metadata: FileMetaData; base: number }>;
  /** Groups [from, to)'s metadata fetched together, where each has its own. */
  fetchRange(from: number, to: number): Promise<void>;
  /** These groups' metadata, fetched together where they can be. */
  fetchGroups(groups: readonly number[]): Promise<void>;
}

/**
 * A Parquet file at a URL, read on demand. `fetch` lets a bench count bytes or a test read from disk; `tail` is
 * the file's tail request already sent by the page (`tailRequest(url)`, whose bytes then count too); `footers`,
 * the URL of its per-group footers (group-footers.ts): rows and groups are then read with only their group's
 * footer (~1 KB each), and the file's own footer is read only for `layout()` (or when that file is missing).
 * `cacheGroups` (default 8) bounds the decoded groups kept per column set for `rows`, `rowsAt` and `group`;
 * `rowGroups` (default 16) those kept, undecoded, for `row`.
 */
export function parquetTexts(url: string, options: { fetch?: typeof fetch; cacheGroups?: number; rowGroups?: number; tail?: Promise<Response> | null; footers?: string | null } = {}): ParquetTexts {
  let bytes = 0;
  const counting: typeof fetch = async (input, init) => {
    const response = await (options.fetch ?? fetch)(input, init);
    const length = Number(response.headers.get("content-length") ?? 0);
    if (init?.method !== "HEAD") bytes += length;
    return response;
  };
  let source: Promise<Source> | null = null;
  const open = () => (source ??= (async () => {
    const sent = options.tail?.then((response) => {
      bytes += Number(response.headers.get("content-length") ?? 0);
      return response;
    });
    const [file, compressors] = await Promise.all([openByTail(url, counting, TAIL_BYTES, sent), parquetCompressors()]);
    const metadata = await parquetMetadataAsync(file);
    const starts = [0];
    for (const group of metadata.row_groups) starts.push(starts[starts.length - 1]! + Number(group.num_rows));
    return { file, metadata, starts, compressors };
  })());
  const fromFooter = async (): Promise<Reader> => {
    const { file, metadata, starts, compressors } = await open();
    return { file, compressors, starts, groupMeta: async () => ({ metadata, base: 0 }), fetchRange: async () => {}, fetchGroups: async () => {} };
  };
  let reader: Promise<Reader> | null = null;
  const read = () => (reader ??= (async (): Promise<Reader> => {
    const footers = options.footers ? await openGroupFooters(options.footers, counting) : null;
    if (!footers) return fromFooter();
    // Every range read checks the file's length against the one the footers describe: a texts file from another
    // build would be read at the wrong offsets.
    const checking: typeof fetch = async (input, init) => {
      const response = await counting(input, init);
      const total = Number(/\/(\d+)\s*$/.exec(response.headers.get("content-range") ?? "")?.[1]);
      if (response.status === 206 && total !== footers.fileLength) {
        throw new Error(`${url} is ${total} bytes, but ${options.footers} describes a file of ${footers.fileLength}: the two come from different reports`);
      }
      return response;
    };
    const [file, compressors] = await Promise.all([
      asyncBufferFromUrl({ url, byteLength: footers.fileLength, fetch: checking }).then((buffer) => cachedAsyncBuffer(buffer, { minSize: 0 })),
      parquetCompressors(),
    ]);
    return {
      file, compressors, starts: footers.starts, fetchRange: footers.fetchRange, fetchGroups: (gs) => footers.fetchGroups(gs),
      groupMeta: async (g) => ({ metadata: await footers.footer(g), base: footers.starts[g]! }),
    };
  })());
  // Kept per column set: a look-up that reads one narrow column of many groups (the item view's `item`) does not
  // push out the groups of full rows the list reads.
  const cache = new Map<string, Map<number, Promise<Row[]>>>();
  const limit = options.cacheGroups ?? 8;
  const group = async (g: number, columns?: string[]): Promise<Row[]> => {
    const key = columns?.join(",") ?? "*";
    let groups = cache.get(key);
    if (!groups) cache.set(key, (groups = new Map()));
    let promise = groups.get(g);
    if (!promise) {
      promise = read().then(async ({ file, starts, compressors, groupMeta }) => {
        const { metadata, base } = await groupMeta(g);
        decodes++;
        return parquetReadObjects({
          file, metadata, compressors, rowStart: starts[g]! - base, rowEnd: starts[g + 1]! - base, ...(columns ? { columns } : {}),
        });
      }).then((rows) => rows.map(plain));
      groups.set(g, promise);
      promise.catch(() => groups.delete(g));
      if (groups.size > limit) groups.delete(groups.keys().next().value!);
    }
    return promise;
  };
  // Row groups as column arrays, strings and JSON left as bytes, for row(): kept apart from `cache`, by their own
  // bound, least recently used out first.
  const undecoded = new Map<string, Map<number, Promise<Columns>>>();
  const rowLimit = options.rowGroups ?? 16;
  const undecodedGroup = (g: number, columns?: string[]): Promise<Columns> => {
    const key = columns?.join(",") ?? "*";
    let groups = undecoded.get(key);
    if (!groups) undecoded.set(key, (groups = new Map()));
    let promise = groups.get(g);
    if (promise) {
      groups.delete(g); // most recently used last
      groups.set(g, promise);
      return promise;
    }
    promise = columnsOf(g, columns);
    groups.set(g, promise);
    promise.catch(() => groups.delete(g));
    if (groups.size > rowLimit) groups.delete(groups.keys().next().value!);
    return promise;
  };
  // Row group `g`'s columns (all when `columns` is absent) as arrays, strings and JSON as their bytes.
  let decodes = 0;
  const columnsOf = async (g: number, columns: string[] | undefined): Promise<Columns> => {
    const { file, compressors, starts, groupMeta } = await read();
    decodes++;
    const { metadata, base } = await groupMeta(g);
    const rowStart = starts[g]! - base, rows = starts[g + 1]! - starts[g]!;
    const names = columns ?? topLevelColumns(metadata);
    const out: Record<string, unknown[]> = Object.fromEntries(names.map((c) => [c, new Array(rows)]));
    await parquetRead({
      file, metadata, compressors, rowStart, rowEnd: rowStart + rows, ...(columns ? { columns } : {}), parsers: BYTES,
      // A column may come in several chunks (pages); each is placed at its rows.
      onChunk: ({ columnName, columnData, rowStart: at, rowEnd }) => {
        const target = out[columnName];
        if (!target) return;
        for (let i = Math.max(at, rowStart); i < Math.min(rowEnd, rowStart + rows); i++) target[i - rowStart] = columnData[i - at];
      },
    });
    return out;
  };
  return {
    async rows(start, end, columns) {
      const { starts, fetchRange } = await read();
      const out: Row[] = [];
      if (end <= start) return out;
      await fetchRange(groupOf(starts, start), groupOf(starts, end - 1) + 1);
      for (let g = groupOf(starts, start); g < starts.length - 1 && starts[g]! < end; g++) {
        const rows = await group(g, columns);
        const from = Math.max(start, starts[g]!) - starts[g]!;
        const to = Math.min(end, starts[g + 1]!) - starts[g]!;
        for (let i = from; i < to; i++) out.push(rows[i]!);
      }
      return out;
    },
    async rowsAt(indices, columns) {
      const { starts } = await read();
      const wanted = [...new Set(indices.map((i) => groupOf(starts, i)))];
      const loaded = new Map(await Promise.all(wanted.map(async (g) => [g, await group(g, columns)] as const)));
      return indices.map((i) => {
        const g = groupOf(starts, i);
        return loaded.get(g)![i - starts[g]!]!;
      });
    },
    async row(index, columns) {
      const { starts } = await read();
      if (!(index >= 0 && index < starts.at(-1)!)) return undefined;
      const g = groupOf(starts, index);
      const values = await undecodedGroup(g, columns);
      // The group's own metadata, read for its decode and kept (another group's could cost a request).
      const kinds = textKinds((await (await read()).groupMeta(g)).metadata);
      const out: Row = {};
      for (const [name, column] of Object.entries(values)) {
        const v = column[index - starts[g]!];
        const kind = v instanceof Uint8Array ? kinds.get(name) : undefined;
        out[name] = kind === "json" ? JSON.parse(utf8.decode(v as Uint8Array)) : kind === "string" ? utf8.decode(v as Uint8Array) : typeof v === "bigint" ? Number(v) : v;
      }
      return out;
    },
    numRows: async () => (await read()).starts.at(-1)!,
    starts: async () => (await read()).starts,
    prepare: async () => { await read(); },
    async readAheadAt(indices) {
      const { starts, fetchGroups } = await read();
      await fetchGroups(indices.filter((i) => i >= 0 && i < starts.at(-1)!).map((i) => groupOf(starts, i)));
    },
    layout: async () => { const { metadata, starts } = await open(); return { metadata, starts }; },
    group,
    fetched: () => bytes,
    decodes: () => decodes,
  };
}
