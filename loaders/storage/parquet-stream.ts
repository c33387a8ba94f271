// A Parquet table written to a file row group by row group (hyparquet-writer's ParquetWriter), so a table of a
// million rows never lies in memory whole, as rows or as one buffer. The bytes are exactly those of
// `toParquet` (storage/tables.ts) on the same rows: the same schema, codec and options, and the same row groups
// (hyparquet-writer's default sizes: 1,000 rows, then 100,000 each); each group is encoded as it fills.
import { closeSync, openSync, writeSync } from "node:fs";
import { ByteWriter, ParquetWriter, schemaFromColumnData } from "hyparquet-writer";
import { cellValue, type ColumnType, type TableSpec } from "./tables.ts";

const PARQUET_TYPES = { string: "STRING", category: "STRING", int: "INT32", double: "DOUBLE", bool: "BOOLEAN", json: "JSON" } as const;

/** hyparquet-writer's default row groups (parquetWrite's `rowGroupSize`): the first of 1,000 rows, then 100,000. */
export const PARQUET_ROW_GROUPS = [1000, 100_000] as const;
const groupSize = (group: number) => PARQUET_ROW_GROUPS[Math.min(group, PARQUET_ROW_GROUPS.length - 1)]!;

/** hyparquet-writer's byte writer, emptied into a file after every row group. */
class FileByteWriter extends ByteWriter {
  constructor(private readonly fd: number) {
    super(1 << 20);
  }
  flush(): void {
    let written = 0;
    const bytes = new Uint8Array(this.buffer, 0, this.index);
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
    this.index = 0;
  }
  override finish(): void {
    this.flush();
  }
}

/** Opens `path` for a Parquet table of `spec`; append columns (any number of rows at a time), then `close()`. */
export class ParquetTableWriter {
  private readonly fd: number;
  private readonly writer: FileByteWriter;
  private readonly parquet: ParquetWriter;
  private readonly columns: Array<[string, ColumnType]>;
  private buffered: unknown[][];
  private rowsBuffered = 0;
  private group = 0;
  private closed = false;
  rows = 0;

  constructor(path: string, spec: TableSpec) {
    this.columns = Object.entries(spec);
    this.fd = openSync(path, "w");
    this.writer = new FileByteWriter(this.fd);
    const schema = schemaFromColumnData({
      columnData: this.columns.map(([name, type]) => ({ name, type: PARQUET_TYPES[type], data: [], nullable: true })),
    });
    this.parquet = new ParquetWriter({ writer: this.writer, schema, codec: "SNAPPY", statistics: true, createdBy: "uvqa-lab" });
    this.buffered = this.columns.map(() => []);
  }

  /**
   * Appends rows given as columns: `valueOf(name)` gives that column's values for the rows appended (raw values:
   * they go through `cellValue` as `toParquet` does), every column the same length.
   */
  append(count: number, valueOf: (name: string) => ArrayLike<unknown>): void {
    if (this.closed) throw new Error("ParquetTableWriter: append after close");
    this.columns.forEach(([name, type], c) => {
      const values = valueOf(name);
      if (values.length !== count) throw new Error(`ParquetTableWriter: column ${name} has ${values.length} values for ${count} rows`);
      const out = this.buffered[c]!;
      for (let i = 0; i < count; i++) out.push(cellValue(values[i], type, false));
    });
    this.rowsBuffered += count;
    this.rows += count;
    while (this.rowsBuffered >= groupSize(this.group)) this.writeGroup(groupSize(this.group));
  }

  /** Appends row objects (the table's columns by name). */
  appendRows(rows: readonly Record<string, unknown>[]): void {
    this.append(rows.length, (name) => rows.map((row) => row[name]));
  }

  private writeGroup(size: number): void {
    const columnData = this.columns.map(([name], c) => ({ name, data: this.buffered[c]!.slice(0, size) }));
    this.buffered = this.buffered.map((values) => values.slice(size));
    this.rowsBuffered -= size;
    this.group++;
    void this.parquet.write({ columnData: columnData as never, rowGroupSize: size, pageSize: 1048576 });
  }

  /** Writes the last row group and the footer, and closes the file. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.rowsBuffered > 0) this.writeGroup(this.rowsBuffered);
      void this.parquet.finish();
    } finally {
      closeSync(this.fd);
    }
  }

  /** Closes the file without finishing the table (after a failure elsewhere). */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
