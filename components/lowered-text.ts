// The explorer's search text: a block of rows' texts (a Parquet row group's responses, questions or references),
// lower-cased and kept as ONE string with the rows' start offsets, not a string per row. One decode and one
// toLowerCase per block instead of one per row (in the explorer at 1M responses, half the time of a decode and a
// toLowerCase per row and less garbage), a search is one indexOf walk over the block, and the page's heap holds a
// few large strings instead of ~100k small ones per run. Rows match exactly as
// `String(text ?? "").toLowerCase().includes(needle)` would (tests compare).

/** A block of lower-cased texts: row k is `text.slice(starts[k], starts[k + 1] - 1)` (a separator follows each). */
export interface LoweredBlock {
  readonly rows: number;
  readonly text: string;
  /** rows + 1 offsets into `text`; each row is followed by one separator. */
  readonly starts: Int32Array;
}

// U+0000: not a cased or case-ignorable character, so lower-casing the joined text gives each row's own lower case
// (Final_Sigma and its like stop at it), and toLowerCase neither makes nor removes it, so counting it finds the
// rows' bounds (lower-casing may change a row's length: "İ" becomes two code units).
const SEPARATOR = "\u0000";
const SEPARATOR_BYTE = 0;
const utf8 = new TextDecoder();
const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

type TextValue = Uint8Array | string | null | undefined;

/**
 * One block from its rows' texts: UTF-8 bytes as Parquet holds them (hyparquet's values with a parser that keeps
 * the bytes), strings, or null (an empty text, as the explorer has always read a missing response).
 */
export function lowerBlock(values: ArrayLike<TextValue>): LoweredBlock {
  const rows = values.length;
  const bytes: Uint8Array[] = new Array(rows);
  let size = rows;
  for (let k = 0; k < rows; k++) {
    const v = values[k];
    bytes[k] = v === null || v === undefined ? EMPTY : typeof v === "string" ? encoder.encode(v) : v;
    size += bytes[k]!.length;
  }
  const joined = new Uint8Array(size);
  let at = 0;
  for (let k = 0; k < rows; k++) {
    joined.set(bytes[k]!, at);
    at += bytes[k]!.length;
    joined[at++] = SEPARATOR_BYTE;
  }
  const text = utf8.decode(joined).toLowerCase();
  const starts = new Int32Array(rows + 1);
  let found = 0;
  for (let p = text.indexOf(SEPARATOR); p !== -1 && found < rows; p = text.indexOf(SEPARATOR, p + 1)) starts[++found] = p + 1;
  if (found === rows && text.length === starts[rows]) return { rows, text, starts };
  // Some row holds U+0000 itself: its bounds come from each row's own lower-cased length instead.
  const lowered = bytes.map((b) => utf8.decode(b).toLowerCase());
  lowered.forEach((t, k) => { starts[k + 1] = starts[k]! + t.length + 1; });
  return { rows, text: lowered.join(SEPARATOR) + (rows ? SEPARATOR : ""), starts };
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
