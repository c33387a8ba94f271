// Bytes [start, end) of a file by HTTP range request, for the report files a page reads in pieces (outcomes.arrow,
// item-texts-starts.bin, search-texts.bin). A server that ignores ranges sends the whole file (200): it is kept
// and sliced from then on, so such a host costs one download, not one per piece.

export interface RangeBytes {
  /** Exactly bytes [start, end); throws, naming the file, on an HTTP error or a short read. */
  (start: number, end: number): Promise<Uint8Array>;
  /** Bytes received so far, for tests and the page bench. */
  fetched(): number;
}

/** `name` leads every error message (the file as the reader knows it). */
export function rangeBytes(url: string, name: string, fetchImpl: typeof fetch = fetch): RangeBytes {
  let fetched = 0;
  let whole: Uint8Array | null = null;
  const read = async (start: number, end: number): Promise<Uint8Array> => {
    if (end <= start) return new Uint8Array(0);
    let part: Uint8Array;
    if (whole) part = whole.subarray(start, end);
    else {
      const response = await fetchImpl(url, { headers: { Range: `bytes=${start}-${end - 1}` } });
      if (!response.ok) throw new Error(`${name}: HTTP ${response.status} for bytes ${start}-${end - 1}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      fetched += bytes.length;
      if (response.status === 206) part = bytes;
      else {
        whole = bytes;
        part = bytes.subarray(start, end);
      }
    }
    if (part.length !== end - start) throw new Error(`${name}: expected ${end - start} bytes at ${start}, got ${part.length}`);
    return part;
  };
  return Object.assign(read, { fetched: () => fetched });
}
