// The explorer's search text: a block of rows' lower-cased texts (a run's responses, the items' questions or
// references; search-texts.ts) kept as ONE string with the rows' start offsets, not a string per row: a search is
// one indexOf walk over the block, and the search worker's heap holds a few large strings instead of ~100k small
// ones per run. Rows match exactly as `String(text ?? "").toLowerCase().includes(needle)` would (tests compare).

/** A block of lower-cased texts: row k is `text.slice(starts[k], starts[k + 1] - 1)` (a separator follows each). */
export interface LoweredBlock {
  readonly rows: number;
  readonly text: string;
  /** rows + 1 offsets into `text`; each row is followed by one separator. */
  readonly starts: Int32Array;
}

/** The rows of `block` whose text contains `needle` (already lower-cased), in order, each once. */
export function matchRows(block: LoweredBlock, needle: string, each: (row: number) => void): void {
  const { text, starts, rows } = block;
  if (needle === "") {
    for (let k = 0; k < rows; k++) each(k);
    return;
  }
  let row = 0;
  for (let p = text.indexOf(needle); p !== -1 && row < rows;) {
    // The row holding position p (rows only move forward).
    while (starts[row + 1]! <= p) row++;
    if (p + needle.length < starts[row + 1]!) {
      each(row);
      // One report per row: go on from the next row's start.
      if (++row >= rows) break;
      p = text.indexOf(needle, starts[row]!);
    } else {
      // The match runs past its row's end (only a needle holding the separator can): look again one further on.
      p = text.indexOf(needle, p + 1);
    }
  }
}
