// Parquet footers that keep only the statistics a reader uses. DuckDB writes the min and max of every column of
// every row group, twice (the deprecated fields and their replacements) and whole for strings, so texts.parquet's
// footer was 5 MB at 10M responses (2 KB a row group, most of it responses' first and last strings): half a second
// of the explorer's main thread before its first rows, and the item view's first read. The page finds row groups by
// a few columns' statistics (run_order, category, item in texts.parquet); the rest are left out. Only the footer is
// rewritten: the data pages and every offset in the footer stay as they were.
import { open, type FileHandle } from "node:fs/promises";
import { parquetMetadata, type FileMetaData } from "hyparquet";
import { ByteWriter } from "hyparquet-writer";
import { writeMetadata } from "hyparquet-writer/src/metadata.js";

/** "PAR1" as a little-endian uint32: the last 4 bytes of a Parquet file (its footer's end). */
export const PAR1 = 0x31524150;

/** The footer of the open Parquet file at `path`: its metadata, the file's size and where the footer starts. */
async function readFooterOf(file: FileHandle, path: string): Promise<{ metadata: FileMetaData; size: number; start: number; length: number }> {
  const { size } = await file.stat();
  const tail = Buffer.alloc(8);
  await file.read(tail, 0, 8, size - 8);
  if (size < 12 || tail.readUInt32LE(4) !== PAR1) throw new Error(`${path}: not a Parquet file (no PAR1 at its end)`);
  const length = tail.readUInt32LE(0);
  const start = size - 8 - length;
  const footer = Buffer.alloc(length + 8);
  await file.read(footer, 0, length + 8, start);
  // hyparquet reads a footer from the end of the buffer it is given: the footer and its last 8 bytes are enough.
  const metadata = parquetMetadata(footer.buffer.slice(footer.byteOffset, footer.byteOffset + footer.byteLength));
  return { metadata, size, start, length };
}

/** The footer (metadata) of the Parquet file at `path`, and the file's size, read without the rest of the file. */
export async function readParquetFooter(path: string): Promise<{ metadata: FileMetaData; size: number }> {
  const file = await open(path, "r");
  try {
    const { metadata, size } = await readFooterOf(file, path);
    return { metadata, size };
  } finally {
    await file.close();
  }
}

/** The footer's statistics kept for `keep` (min_value, max_value, null_count), dropped for every other column. */
export function keepStatistics(metadata: FileMetaData, keep: readonly string[]): FileMetaData {
  const wanted = new Set(keep);
  return {
    ...metadata,
    row_groups: metadata.row_groups.map((group) => ({
      ...group,
      columns: group.columns.map((column) => {
        const meta = column.meta_data;
        if (!meta) return column;
        const { statistics, ...rest } = meta;
        if (!statistics || !wanted.has(meta.path_in_schema.join("."))) return { ...column, meta_data: rest };
        const { min_value, max_value, null_count } = statistics;
        return { ...column, meta_data: { ...rest, statistics: { min_value, max_value, null_count } } };
      }),
    })),
  };
}

/** Rewrites the footer of the Parquet file at `path` with only `keep`'s statistics; returns both footer sizes. */
export async function compactFooter(path: string, keep: readonly string[]): Promise<{ before: number; after: number }> {
  const file = await open(path, "r+");
  try {
    const { metadata, start, length } = await readFooterOf(file, path);
    const writer = new ByteWriter();
    writeMetadata(writer, keepStatistics(metadata, keep));
    writer.appendUint32(PAR1);
    const bytes = new Uint8Array(writer.getBuffer());
    await file.truncate(start);
    await file.write(bytes, 0, bytes.length, start);
    return { before: length, after: bytes.length - 8 };
  } finally {
    await file.close();
  }
}
