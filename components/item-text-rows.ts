// item-text-rows.bin (docs/report-data.md): for item i, bytes [4·R·i, 4·R·(i+1)) are R little-endian int32s, one per
// run in runs.json order: the item's row in texts.parquet in that run, -1 where the run has none. One range request
// gives an item's rows in every run, so the item view reads those rows and no row group's `item` column first.

/** The texts.parquet rows of one item's slot (-1: none), in run order. Pure. */
export function decodeTextRows(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rows: number[] = [];
  for (let k = 0; k + 4 <= bytes.byteLength; k += 4) {
    const row = view.getInt32(k, true);
    if (row >= 0) rows.push(row);
  }
  return rows;
}

export interface ItemTextRowsFile {
  /** Item `item`'s texts.parquet rows, in run order; null when the report has no such file or no such item. */
  rowsOf(item: number): Promise<number[] | null>;
}

/**
 * item-text-rows.bin at `url` for a report of `runs` runs (or a promise of that count: a page can start a look-up
 * before its runs table is in), one range request per item asked for.
 */
export function itemTextRowsFile(url: string, runCount: number | Promise<number>, options: { fetch?: typeof fetch } = {}): ItemTextRowsFile {
  const fetchImpl = options.fetch ?? fetch;
  // A server without byte ranges sends the whole file: kept, and sliced from then on.
  let whole: Uint8Array | null = null;
  return {
    async rowsOf(item) {
      const runs = await runCount;
      const width = 4 * runs;
      if (!Number.isInteger(item) || item < 0 || !(runs > 0)) return null;
      const start = item * width;
      if (whole) return whole.byteLength >= start + width ? decodeTextRows(whole.subarray(start, start + width)) : null;
      const response = await fetchImpl(url, { headers: { Range: `bytes=${start}-${start + width - 1}` } });
      // 404: a report written before the file existed; 416: an item past its end.
      if (!response.ok) return null;
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (response.status === 200) {
        whole = bytes;
        return bytes.byteLength >= start + width ? decodeTextRows(bytes.subarray(start, start + width)) : null;
      }
      return bytes.byteLength === width ? decodeTextRows(bytes) : null;
    },
  };
}
