// A Parquet file's per-row-group footers (loaders/storage/parquet-group-footers.ts writes them; layout in
// docs/report-data.md): where each group's rows start, and one small footer per group, fetched by range and
// parsed only for the groups a page reads, so a few rows of a large file never wait for its whole footer.
import { parquetMetadata, type FileMetaData } from "hyparquet";

const MAGIC = "UVQG";
const VERSION = 1;
/** Bytes asked for first: the whole header up to ~4,000 row groups (10M responses: 2,442). */
const HEAD_BYTES = 1 << 16;

export interface GroupFootersHeader {
  /** Byte length of the Parquet file described. */
  fileLength: number;
  /** First row of each group, then the row count. */
  starts: number[];
  /** Byte offset of each group's footer in the side file, then its length. */
  offsets: number[];
}

/** The header's length for `groups` row groups. */
const headerLength = (groups: number) => 20 + 16 * (groups + 1);

/**
 * The header from the side file's first bytes: null when they are not such a file (another magic or version);
 * `{need}` when more bytes are needed for the whole header. Pure.
 */
export function parseGroupFootersHeader(bytes: Uint8Array): GroupFootersHeader | { need: number } | null {
  if (bytes.byteLength < 20) return bytes.byteLength === 0 ? null : { need: 20 };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC || view.getUint32(4, true) !== VERSION) return null;
  const groups = view.getUint32(16, true);
  if (bytes.byteLength < headerLength(groups)) return { need: headerLength(groups) };
  const starts: number[] = [], offsets: number[] = [];
  for (let g = 0; g <= groups; g++) {
    starts.push(view.getFloat64(20 + 8 * g, true));
    offsets.push(view.getFloat64(20 + 8 * (groups + 1) + 8 * g, true));
  }
  return { fileLength: view.getFloat64(8, true), starts, offsets };
}

export interface GroupFooters extends GroupFootersHeader {
  /** Group `g`'s footer: the file's metadata with that row group alone (num_rows its rows). Kept once read. */
  footer(g: number): Promise<FileMetaData>;
  /** Groups [from, to)'s footers with one request (a scan of many groups: one request, not one per group). */
  fetchRange(from: number, to: number): Promise<void>;
  /**
   * The footers of these groups (any order), with one request for all of them when they lie within `span` bytes of
   * the file (a few rows of each run, as an item's: one request, not one each), else one request per group.
   */
  fetchGroups(groups: readonly number[], span?: number): Promise<void>;
}

/** fetchGroups' default: footers ~1.2 KB each, so 512 KB holds every footer of a 1M-response report. */
export const FOOTERS_SPAN = 1 << 19;

/**
 * The side file at `url`, its header read with one range request (two past ~4,000 groups); null when the report
 * has none (404, a server error) or it is not one, so the caller reads the Parquet file's own footer instead.
 */
export async function openGroupFooters(url: string, fetchImpl: typeof fetch = fetch): Promise<GroupFooters | null> {
  const first = await fetchImpl(url, { headers: { Range: `bytes=0-${HEAD_BYTES - 1}` } }).catch(() => null);
  if (!first?.ok) return null;
  let bytes = new Uint8Array(await first.arrayBuffer());
  // A server without byte ranges sent the whole file: every footer is then sliced from it.
  const whole = first.status === 200 ? bytes : null;
  let header = parseGroupFootersHeader(bytes);
  if (header && "need" in header) {
    const rest = await fetchImpl(url, { headers: { Range: `bytes=0-${header.need - 1}` } });
    if (!rest.ok) return null;
    bytes = new Uint8Array(await rest.arrayBuffer());
    header = parseGroupFootersHeader(bytes);
  }
  if (!header || "need" in header) return null;
  const { offsets } = header;
  const footers = new Map<number, Promise<FileMetaData>>();
  const groups = offsets.length - 1;
  // Bytes [offsets[from], offsets[to]): the footers of groups [from, to).
  const fetchBytes = async (from: number, to: number): Promise<Uint8Array> => {
    const start = offsets[from]!, end = offsets[to]!;
    if (whole) return whole.subarray(start, end);
    const response = await fetchImpl(url, { headers: { Range: `bytes=${start}-${end - 1}` } });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status} for the footers of row groups ${from}-${to - 1}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength !== end - start) throw new Error(`${url}: the footers of row groups ${from}-${to - 1} came ${bytes.byteLength} bytes, not ${end - start}`);
    return bytes;
  };
  const parse = (bytes: Uint8Array, from: number, g: number) => parquetMetadata(bytes.slice(offsets[g]! - offsets[from]!, offsets[g + 1]! - offsets[from]!).buffer);
  const keep = (g: number, promise: Promise<FileMetaData>) => {
    footers.set(g, promise);
    promise.catch(() => footers.delete(g));
    return promise;
  };
  const check = (g: number) => {
    if (!(Number.isInteger(g) && g >= 0 && g < groups)) throw new Error(`${url}: no row group ${g} (${groups} groups)`);
  };
  const api: GroupFooters = {
    ...header,
    footer(g) {
      try {
        check(g);
      } catch (error) {
        return Promise.reject(error);
      }
      return footers.get(g) ?? keep(g, fetchBytes(g, g + 1).then((bytes) => parse(bytes, g, g)));
    },
    async fetchGroups(list, span = FOOTERS_SPAN) {
      const wanted = [...new Set(list)].filter((g) => Number.isInteger(g) && g >= 0 && g < groups && !footers.has(g)).sort((a, b) => a - b);
      if (!wanted.length) return;
      const first = wanted[0]!, last = wanted.at(-1)! + 1;
      if (wanted.length === 1 || offsets[last]! - offsets[first]! > span) {
        await Promise.all(wanted.map((g) => api.footer(g)));
        return;
      }
      const bytes = fetchBytes(first, last);
      for (const g of wanted) keep(g, bytes.then((b) => parse(b, first, g)));
      await bytes;
    },
    async fetchRange(from, to) {
      from = Math.max(0, from);
      to = Math.min(groups, to);
      // Only the groups not asked for yet, from the first of them to the last.
      let first = from, last = to;
      while (first < last && footers.has(first)) first++;
      while (last > first && footers.has(last - 1)) last--;
      if (first >= last) return;
      const bytes = fetchBytes(first, last);
      for (let g = first; g < last; g++) if (!footers.has(g)) keep(g, bytes.then((b) => parse(b, first, g)));
      await bytes;
    },
  };
  return api;
}
