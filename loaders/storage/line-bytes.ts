// A file's lines as byte ranges, read in chunks: the readers of JSONL (the response cache, items, predictions)
// decode each line from the bytes themselves (a newline byte never sits inside a UTF-8 sequence). A string per
// line parses faster than lines sliced from a decoded chunk (a 53 MB cache file with a JSON.parse per line: 140 vs
// 570-730 ms), and no chunk-sized string is made.
import type { FileHandle } from "node:fs/promises";

/** Bytes read at a time; a line longer than this grows the buffer. */
const CHUNK = 1 << 22;

export interface LineBytesEnd {
  /** The bytes after the file's last newline (its last line when it does not end with one); null when stopped. */
  rest: Buffer | null;
  /** Bytes read. */
  size: number;
}

/**
 * Calls `line(bytes, start, end)` for every newline-terminated line of the file, in order: `bytes[start, end)`
 * without its newline (empty lines too). `line` returns false to stop reading. I/O errors reject as they come.
 */
export async function readLineBytes(handle: FileHandle, line: (bytes: Buffer, start: number, end: number) => boolean): Promise<LineBytesEnd> {
  let buffer = Buffer.allocUnsafe(CHUNK);
  let have = 0, size = 0;
  for (;;) {
    if (have === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, have);
      buffer = bigger;
    }
    const { bytesRead } = await handle.read(buffer, have, buffer.length - have, size);
    if (bytesRead === 0) return { rest: buffer.subarray(0, have), size };
    size += bytesRead;
    const read = buffer.subarray(0, have + bytesRead);
    let start = 0;
    for (let newline = read.indexOf(10, have); newline >= 0; start = newline + 1, newline = read.indexOf(10, start)) {
      if (!line(read, start, newline)) return { rest: null, size };
    }
    read.copy(buffer, 0, start);
    have = read.length - start;
  }
}
