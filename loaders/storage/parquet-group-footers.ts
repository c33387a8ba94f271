// A Parquet file's footer cut into one small footer per row group (the schema and that group alone), in a side
// file with a table of where each group's rows and footer start. A page that reads a few rows of a large file
// (the item view, a screen of the explorer's list) then fetches and parses ~1 KB per group it touches instead of
// the whole footer: 2 MB and a few hundred ms of the main thread for texts.parquet at 10M responses.
//
// Layout (little-endian; docs/report-data.md), for a Parquet file of G row groups:
//   [0, 4)    "UVQG"
//   [4, 8)    uint32 version (1)
//   [8, 16)   float64 byte length of the Parquet file it describes
//   [16, 20)  uint32 G
//   then G + 1 float64: the first row of each group, and the file's row count last
//   then G + 1 float64: the byte offset (in this file) of each group's footer, and this file's length last
//   then the G footers, each a Parquet footer as a file ends: thrift FileMetaData (num_rows and row_groups of its
//   group alone; every column chunk's offsets as in the file) + uint32 length + "PAR1"
import { writeFile } from "node:fs/promises";
import type { FileMetaData } from "hyparquet";
import { ByteWriter } from "hyparquet-writer";
import { writeMetadata } from "hyparquet-writer/src/metadata.js";
import { PAR1, readParquetFooter } from "./parquet-footer.ts";

export const GROUP_FOOTERS_MAGIC = "UVQG";
export const GROUP_FOOTERS_VERSION = 1;

/** The side file's bytes for a Parquet file of `fileLength` bytes whose footer is `metadata`. Pure. */
export function groupFootersBytes(metadata: FileMetaData, fileLength: number): Uint8Array {
  const groups = metadata.row_groups.length;
  const footers = metadata.row_groups.map((group) => {
    const writer = new ByteWriter();
    writeMetadata(writer, { ...metadata, num_rows: group.num_rows, row_groups: [group] }); // thrift + its length
    writer.appendUint32(PAR1);
    return new Uint8Array(writer.getBuffer());
  });
  const header = 20 + 16 * (groups + 1);
  const total = header + footers.reduce((sum, f) => sum + f.byteLength, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(GROUP_FOOTERS_MAGIC), 0);
  view.setUint32(4, GROUP_FOOTERS_VERSION, true);
  view.setFloat64(8, fileLength, true);
  view.setUint32(16, groups, true);
  let row = 0;
  let at = header;
  for (let g = 0; g <= groups; g++) {
    view.setFloat64(20 + 8 * g, row, true);
    view.setFloat64(20 + 8 * (groups + 1) + 8 * g, at, true);
    if (g < groups) {
      row += Number(metadata.row_groups[g]!.num_rows);
      out.set(footers[g]!, at);
      at += footers[g]!.byteLength;
    }
  }
  return out;
}

/** Reads the footer of the Parquet file at `parquetPath` and writes its group footers to `outPath`. */
export async function writeGroupFooters(parquetPath: string, outPath: string): Promise<{ groups: number; bytes: number }> {
  const { metadata, size } = await readParquetFooter(parquetPath);
  const bytes = groupFootersBytes(metadata, size);
  await writeFile(outPath, bytes);
  return { groups: metadata.row_groups.length, bytes: bytes.byteLength };
}
