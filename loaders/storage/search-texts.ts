// search-texts.bin and search-index.json (docs/report-data.md): the texts the explorer searches, lower-cased at
// build time, one gzip member per run (its responses, in texts.parquet's order) and one for the items' questions
// and one for their references. A search from a link then costs one range request and the browser's native gunzip
// per run, where reading the run's response column from texts.parquet (Parquet decoding, then lower-casing in the
// page) took ~0.5 s at 1M responses. JavaScript's toLowerCase is the same in Node and the browser (locale-free),
// so a row matches as `text.toLowerCase().includes(needle)` would in the page.
//
// A member, gunzipped (little-endian): uint32 rows; rows int32s, each row's item index; rows int32s, each row's
// lower-cased length in UTF-16 code units; then UTF-8 of the rows' lower-cased texts, each followed by U+0000
// (a missing text: empty). The lengths give each row's bounds even where a text holds U+0000 itself.
import { open, writeFile, type FileHandle } from "node:fs/promises";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

const gzipAsync = promisify(gzip);

/** Where a member is in search-texts.bin: bytes [start, end), `rows` rows. */
export interface MemberRange { start: number; end: number; rows: number }

/** search-index.json. */
export interface SearchIndex {
  version: 1;
  question: MemberRange | null;
  reference: MemberRange | null;
  runs: Array<MemberRange & { run: string }>;
}

/** A member's bytes before gzip: see the layout above. Pure. */
export function loweredMember(items: ArrayLike<number>, texts: ArrayLike<string | null | undefined>): Uint8Array {
  const rows = texts.length;
  if (items.length !== rows) throw new Error(`search texts: ${items.length} item indices for ${rows} texts`);
  const lowered = Array.from({ length: rows }, (_, k) => String(texts[k] ?? "").toLowerCase());
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
  private readonly index: SearchIndex = { version: 1, question: null, reference: null, runs: [] };

  private constructor(private readonly handle: FileHandle, private readonly indexPath: string) {}

  static async open(binPath: string, indexPath: string): Promise<SearchTextsWriter> {
    return new SearchTextsWriter(await open(binPath, "w"), indexPath);
  }

  private add(texts: ArrayLike<string | null | undefined>, items: ArrayLike<number>, record: (range: MemberRange) => void): void {
    // Level 3: at 1M responses ~50 ms a run against level 6's ~100 ms, for 16% more bytes (1.37 vs 1.18 MB a run).
    const compressed = gzipAsync(loweredMember(items, texts), { level: 3 });
    compressed.catch(() => {}); // awaited in the chain
    this.chain = this.chain.then(async () => {
      const bytes = await compressed;
      await this.handle.write(bytes, 0, bytes.byteLength, this.offset);
      record({ start: this.offset, end: this.offset + bytes.byteLength, rows: texts.length });
      this.offset += bytes.byteLength;
    });
  }

  /** A run's responses (texts.parquet's rows of the run, in its order) and their item indices. */
  addRun(run: string, items: ArrayLike<number>, responses: ArrayLike<string | null | undefined>): void {
    this.add(responses, items, (range) => this.index.runs.push({ run, ...range }));
  }

  /** The items' questions and references (row i: item i). */
  addItems(questions: readonly string[], references: readonly string[]): void {
    const items = Int32Array.from(questions, (_, i) => i);
    this.add(questions, items, (range) => (this.index.question = range));
    this.add(references, items, (range) => (this.index.reference = range));
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
