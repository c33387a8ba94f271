// The explorer's search texts as the build wrote them (search-texts.bin, search-index.json; layout in
// loaders/storage/search-texts.ts and docs/report-data.md): one gzip member per run and one each for the items'
// questions and references, read with one HTTP range request and gunzipped by the browser (DecompressionStream).
import type { LoweredBlock } from "./lowered-text.js";

/** A member's rows: each row's item index, and the rows' lower-cased texts as one block (lowered-text.ts). */
export interface LoweredRows {
  items: Int32Array;
  block: LoweredBlock;
}

interface MemberRange { start: number; end: number; rows: number }
export interface SearchIndex {
  version: number;
  question: MemberRange | null;
  reference: MemberRange | null;
  runs: Array<MemberRange & { run: string }>;
}

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
  /** Run `run`'s responses; null when the report has none for it. */
  run(run: string): Promise<LoweredRows | null>;
  /** The items' questions or references (row i: item i); null when the report has none. */
  items(field: "question" | "reference"): Promise<LoweredRows | null>;
}

/** search-texts.bin at `url`, its index at `indexUrl` (read once, on first use). */
export function searchTexts(url: string, indexUrl: string, options: { fetch?: typeof fetch } = {}): SearchTexts {
  const fetchImpl = options.fetch ?? fetch;
  let index: Promise<SearchIndex> | null = null;
  const indexOf = () => (index ??= fetchImpl(indexUrl).then((r) => {
    if (!r.ok) throw new Error(`search texts: ${indexUrl}: HTTP ${r.status}`);
    return r.json() as Promise<SearchIndex>;
  }));
  // A server without byte ranges sends the whole file: kept, and sliced from then on.
  let whole: Promise<Uint8Array> | null = null;
  async function member(range: MemberRange | null | undefined): Promise<LoweredRows | null> {
    if (!range) return null;
    let bytes: Uint8Array;
    if (whole) bytes = (await whole).subarray(range.start, range.end);
    else {
      const response = await fetchImpl(url, { headers: { Range: `bytes=${range.start}-${range.end - 1}` } });
      if (!response.ok) throw new Error(`search texts: ${url}: HTTP ${response.status}`);
      const body = new Uint8Array(await response.arrayBuffer());
      if (response.status === 200) {
        whole ??= Promise.resolve(body);
        bytes = body.subarray(range.start, range.end);
      } else bytes = body;
    }
    const rows = parseLoweredMember(await gunzip(bytes));
    if (rows.block.rows !== range.rows) throw new Error(`search texts: a member of ${rows.block.rows} rows where the index says ${range.rows}`);
    return rows;
  }
  return {
    run: async (run) => member((await indexOf()).runs.find((r) => r.run === run)),
    items: async (field) => member((await indexOf())[field]),
  };
}
