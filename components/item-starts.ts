// item-texts-starts.bin (docs/report-data.md): items + 1 little-endian int32s; item i's rows in item-texts.parquet
// (sorted by item, then run) are [s[i], s[i + 1]). One range request of 8 bytes gives an item's rows in every run.

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
  const fetchImpl = options.fetch ?? fetch;
  // A server without byte ranges sends the whole file: kept, and sliced from then on.
  let whole: Uint8Array | null = null;
  const slice = (bytes: Uint8Array, start: number) => (bytes.byteLength >= start + 8 ? decodeRange(bytes.subarray(start, start + 8)) : null);
  return {
    async rangeOf(item) {
      if (!Number.isInteger(item) || item < 0) return null;
      const start = item * 4;
      if (whole) return slice(whole, start);
      const response = await fetchImpl(url, { headers: { Range: `bytes=${start}-${start + 7}` } });
      // 404: a report written before the file existed; 416: an item past its end.
      if (!response.ok) return null;
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (response.status === 200) {
        whole = bytes;
        return slice(bytes, start);
      }
      return decodeRange(bytes);
    },
  };
}
