// search-texts.bin and search-index.json (docs/report-data.md): the texts the explorer searches, lower-cased at
// build time, one gzip member per run (its responses, in texts.parquet's order) and one for the items' questions
// and one for their references. A search from a link then costs one range request and the browser's native gunzip
// per run, where reading the run's response column from texts.parquet (Parquet decoding, then lower-casing in the
// page) took ~0.5 s at 1M responses. JavaScript's toLowerCase is the same in Node and the browser (locale-free),
// so a row matches as `text.toLowerCase().includes(needle)` would in the page.
//
// A member, gunzipped (little-endian): uint32 rows; rows int32s, each row's item index; rows int32s, each row's
// lower-cased length in UTF-16 code units; then UTF-8 of the rows' lower-cased texts, each followed by U+0000
// (a missing text: empty). The lengths give each row's bounds even where a text holds U+0000 itself. A run (or the
// items' questions, or references) is cut into parts of at most PART_CHARS characters, a member each: a page decodes
// a member into one string, and V8 allows strings of ~2^29 characters (1M responses of 500 characters would not fit).
import { open, writeFile, type FileHandle } from "node:fs/promises";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

const gzipAsync = promisify(gzip);

/** Where a member is in search-texts.bin: bytes [start, end), `rows` rows. */
export interface MemberRange { start: number; end: number; rows: number }

/** search-index.json: each text's members (parts), in row order. */
export interface SearchIndex {
  version: 2;
  question: MemberRange[];
  reference: MemberRange[];
  runs: Array<{ run: string; parts: MemberRange[] }>;
}

/** The most characters (lower-cased, separators included) in one member. */
export const PART_CHARS = 1 << 25;

/** Row bounds [start, end) of the parts `lengths` (characters per row) cut into, each at most `limit` characters (a longer row alone). Pure. */
export function partsOf(lengths: ArrayLike<number>, limit = PART_CHARS): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0, chars = 0;
  for (let k = 0; k < lengths.length; k++) {
    const size = lengths[k]! + 1;
    if (k > start && chars + size > limit) {
      out.push([start, k]);
      start = k;
      chars = 0;
    }
    chars += size;
  }
  if (lengths.length > start || out.length === 0) out.push([start, lengths.length]);
  return out;
}

/** A member's bytes before gzip: see the layout above. Pure. */
export function loweredMember(items: ArrayLike<number>, texts: ArrayLike<string | null | undefined>): Uint8Array {
  if (items.length !== texts.length) throw new Error(`search texts: ${items.length} item indices for ${texts.length} texts`);
  return memberOf(items, Array.from({ length: texts.length }, (_, k) => String(texts[k] ?? "").toLowerCase()));
}

/** loweredMember of texts lower-cased already. */
function memberOf(items: ArrayLike<number>, lowered: readonly string[]): Uint8Array {
  const rows = lowered.length;
  const text = Buffer.from(lowered.join("\u0000") + (rows ? "\u0000" : ""), "utf8");
  const out = new Uint8Array(4 + 8 * rows + text.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, rows, true);
  for (let k = 0; k < rows; k++) {
    view.setInt32(4 + 4 * k, items[k]!, true);
    view.setInt32(4 + 4 * (rows + k), lowered[k]!.length, true);
  }
  out.set(text, 4 + 8 * rows);
  return out;
}

/**
 * Writes search-texts.bin member by member as runs come (each gzipped off the main thread, in the order added),
 * then search-index.json. `finish` waits for every member; `abort` closes the file.
 */
export class SearchTextsWriter {
  private offset = 0;
  private chain: Promise<void> = Promise.resolve();
  private readonly index: SearchIndex = { version: 2, question: [], reference: [], runs: [] };

  private constructor(private readonly handle: FileHandle, private readonly indexPath: string, private readonly partChars: number) {}

  /** `partChars`: the most characters in one member (default PART_CHARS; tests make it small). */
  static async open(binPath: string, indexPath: string, options: { partChars?: number } = {}): Promise<SearchTextsWriter> {
    return new SearchTextsWriter(await open(binPath, "w"), indexPath, options.partChars ?? PART_CHARS);
  }

  /** `texts` lower-cased and cut into parts, each gzipped and written in turn; returns their ranges (filled as written). */
  private add(texts: ArrayLike<string | null | undefined>, items: ArrayLike<number>): MemberRange[] {
    if (items.length !== texts.length) throw new Error(`search texts: ${items.length} item indices for ${texts.length} texts`);
    const lowered = Array.from({ length: texts.length }, (_, k) => String(texts[k] ?? "").toLowerCase());
    const ranges: MemberRange[] = [];
    for (const [start, end] of partsOf(lowered.map((t) => t.length), this.partChars)) {
      // Level 3: at 1M responses ~50 ms a run against level 6's ~100 ms, for 16% more bytes (1.37 vs 1.18 MB a run).
      const compressed = gzipAsync(memberOf(Array.prototype.slice.call(items, start, end) as number[], lowered.slice(start, end)), { level: 3 });
      compressed.catch(() => {}); // awaited in the chain
      this.chain = this.chain.then(async () => {
        const bytes = await compressed;
        await this.handle.write(bytes, 0, bytes.byteLength, this.offset);
        ranges.push({ start: this.offset, end: this.offset + bytes.byteLength, rows: end - start });
        this.offset += bytes.byteLength;
      });
      // Handled here, thrown by finish: a write that fails while later runs are judged must not end the process as
      // an unhandled rejection before finish or abort awaits the chain.
      this.chain.catch(() => {});
    }
    return ranges;
  }

  /** A run's responses (texts.parquet's rows of the run, in its order) and their item indices. */
  addRun(run: string, items: ArrayLike<number>, responses: ArrayLike<string | null | undefined>): void {
    this.index.runs.push({ run, parts: this.add(responses, items) });
  }

  /** The items' questions and references (row i: item i). */
  addItems(questions: readonly string[], references: readonly string[]): void {
    const items = Int32Array.from(questions, (_, i) => i);
    this.index.question = this.add(questions, items);
    this.index.reference = this.add(references, items);
  }

  async finish(): Promise<void> {
    try {
      await this.chain;
    } finally {
      await this.handle.close();
    }
    await writeFile(this.indexPath, JSON.stringify(this.index, null, 1) + "\n");
  }

  async abort(): Promise<void> {
    await this.chain.catch(() => {});
    await this.handle.close().catch(() => {});
  }
}
