// The explorer's search texts as the build wrote them (search-texts.bin, search-index.json; layout in
// loaders/storage/search-texts.ts and docs/report-data.md): gzip members, a run's responses (and the items'
// questions, and their references) in one or more parts, each read with one HTTP range request and gunzipped by
// the browser (DecompressionStream).
import type { LoweredBlock } from "./lowered-text.js";
import { rangeBytes } from "./range-bytes.js";

/** A member's rows: each row's item index, and the rows' lower-cased texts as one block (lowered-text.ts). */
export interface LoweredRows {
  items: Int32Array;
  block: LoweredBlock;
}

interface MemberRange { start: number; end: number; rows: number }
export interface SearchIndex {
  version: number;
  question: MemberRange[];
  reference: MemberRange[];
  runs: Array<{ run: string; parts: MemberRange[] }>;
}
/** The search-index.json version this reader knows. */
export const SEARCH_INDEX_VERSION = 2;

const utf8 = new TextDecoder();

/** A gunzipped member -> its rows. Throws on a member whose parts do not add up. Pure. */
export function parseLoweredMember(bytes: Uint8Array): LoweredRows {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 4) throw new Error("search texts: a member shorter than its header");
  const rows = view.getUint32(0, true);
  const textAt = 4 + 8 * rows;
  if (bytes.byteLength < textAt) throw new Error(`search texts: a member of ${rows} rows holds ${bytes.byteLength} bytes`);
  const items = new Int32Array(rows);
  const starts = new Int32Array(rows + 1);
  for (let k = 0; k < rows; k++) {
    items[k] = view.getInt32(4 + 4 * k, true);
    starts[k + 1] = starts[k]! + view.getInt32(4 + 4 * (rows + k), true) + 1;
  }
  const text = utf8.decode(bytes.subarray(textAt));
  if (text.length !== starts[rows]) throw new Error(`search texts: ${text.length} characters where the lengths give ${starts[rows]}`);
  return { items, block: { rows, text, starts } };
}

/** gzip bytes -> bytes, in the browser's (or Node's) native DecompressionStream. */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export interface SearchTexts {
  /** Run `run`'s responses, part by part in texts.parquet's order; null when the report has none for it. */
  run(run: string): Promise<LoweredRows[] | null>;
  /** The items' questions or references, part by part in item order; [] when the report has no items. */
  items(field: "question" | "reference"): Promise<LoweredRows[]>;
}

/** search-texts.bin at `url`, its index at `indexUrl` (read once, on first use). */
export function searchTexts(url: string, indexUrl: string, options: { fetch?: typeof fetch } = {}): SearchTexts {
  const fetchImpl = options.fetch ?? fetch;
  let index: Promise<SearchIndex> | null = null;
  const indexOf = () => (index ??= fetchImpl(indexUrl).then(async (r) => {
    if (!r.ok) throw new Error(`search texts: ${indexUrl}: HTTP ${r.status}`);
    const read = await r.json() as SearchIndex;
    if (read.version !== SEARCH_INDEX_VERSION) throw new Error(`search texts: ${indexUrl} is version ${read.version}; this page reads version ${SEARCH_INDEX_VERSION} (build the report again)`);
    return read;
  }));
  // A failed read of the index is tried again by the next call.
  const indexRead = () => indexOf().catch((error) => { index = null; throw error; });
  const read = rangeBytes(url, `search texts: ${url}`, fetchImpl);
  async function member(range: MemberRange): Promise<LoweredRows> {
    const rows = parseLoweredMember(await gunzip(await read(range.start, range.end)));
    if (rows.block.rows !== range.rows) throw new Error(`search texts: a member of ${rows.block.rows} rows where the index says ${range.rows}`);
    return rows;
  }
  return {
    async run(run) {
      const entry = (await indexRead()).runs.find((r) => r.run === run);
      return entry ? Promise.all(entry.parts.map(member)) : null;
    },
    items: async (field) => Promise.all((await indexRead())[field].map(member)),
  };
}
