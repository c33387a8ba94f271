// item-texts-starts.bin (docs/report-data.md): items + 1 little-endian int32s; item i's rows in item-texts.parquet
// (sorted by item, then run) are [s[i], s[i + 1]). One range request of 8 bytes gives an item's rows in every run.
import { rangeBytes } from "./range-bytes.js";

/** The [start, end) of `bytes`' two int32s (little-endian); null unless there are exactly two, in order. Pure. */
export function decodeRange(bytes: Uint8Array): [number, number] | null {
  if (bytes.byteLength !== 8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const start = view.getInt32(0, true), end = view.getInt32(4, true);
  return start >= 0 && end >= start ? [start, end] : null;
}

export interface ItemStartsFile {
  /** Item `item`'s rows in item-texts.parquet, [start, end); null when the report has no such file or item. */
  rangeOf(item: number): Promise<[number, number] | null>;
}

/** item-texts-starts.bin at `url`, one range request per item asked for. */
export function itemStartsFile(url: string, options: { fetch?: typeof fetch } = {}): ItemStartsFile {
  const read = rangeBytes(url, "item-texts-starts.bin", options.fetch);
  return {
    async rangeOf(item) {
      if (!Number.isInteger(item) || item < 0) return null;
      // Failing: a report written before the file existed (404), an item past its end (416, or a short slice).
      return read(item * 4, item * 4 + 8).then(decodeRange, () => null);
    },
  };
}
