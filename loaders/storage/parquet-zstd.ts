// Parquet for text read on demand in the page (hyparquet with range requests): zstd, fixed-size row groups,
// sorted, written by DuckDB (hyparquet-writer writes no zstd). One thread, so the same rows give the same
// bytes. The page reads it with hyparquet + hyparquet-compressors, row group by row group.
import { basename } from "node:path";
import { compactFooter } from "./parquet-footer.ts";
import { DuckDBTable, literal, quote } from "./duckdb-table.ts";
import type { TableSpec } from "./tables.ts";

/**
 * Rows per row group: a page decodes a whole group to read one row of it (an item view reads one group per run),
 * so groups are small; at 4,096 rows of ~150-character responses a group is ~0.6 MB decoded.
 */
export const ROW_GROUP_SIZE = 4_096;

/**
 * The smallest row group DuckDB writes (its vector size: a smaller ROW_GROUP_SIZE still gives 2,048), for files
 * the item view reads one row of: items.parquet (scene facts, ~1.3 MB decoded per group) and item-texts.parquet.
 */
export const SMALL_ROW_GROUP_SIZE = 2_048;

export interface ParquetZstdOptions {
  /** Sort keys, most significant first: a column of the spec, or a column of `keys` (not written). */
  orderBy: string[];
  /** Extra integer sort columns per row (e.g. a run's position in the config), used only to sort. */
  keys?: Record<string, (row: Record<string, unknown>, index: number) => number>;
  /** The columns whose row-group statistics the footer keeps (default: every column's, as DuckDB writes them). */
  statistics?: readonly string[];
}

/**
 * A zstd Parquet table filled in parts (a run at a time) and written whole by `finish`: rows go into a DuckDB
 * table as they come (DuckDB's memory, not JS objects; storage/duckdb-table.ts), then one `COPY ... ORDER BY`
 * writes the file.
 */
export class ZstdParquetWriter {
  private constructor(
    private readonly table: DuckDBTable,
    private readonly spec: TableSpec,
    private readonly orderBy: string[],
    private readonly statistics: readonly string[] | undefined,
    private readonly rowGroupSize: number,
  ) {}

  /**
   * `keys`: the names of extra integer sort columns (not written), given with each `append`. `orderBy` empty: the
   * rows are written in the order appended. `spillDir`: where DuckDB may spill the table (then it holds at most
   * `memoryLimit` in memory, default 256MB), for tables larger than memory should hold. `statistics`: the columns
   * whose row-group statistics the footer keeps (parquet-footer.ts; default: all). `rowGroupSize`: default
   * ROW_GROUP_SIZE.
   */
  static async open(spec: TableSpec, options: { orderBy: string[]; keys?: string[]; spillDir?: string; memoryLimit?: string; statistics?: readonly string[]; rowGroupSize?: number }): Promise<ZstdParquetWriter> {
    const keys = Object.fromEntries((options.keys ?? []).map((name) => [name, "int" as const]));
    const table = await DuckDBTable.open({ ...spec, ...keys }, {
      ...(options.spillDir ? { spillDir: options.spillDir } : {}), ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}),
    });
    return new ZstdParquetWriter(table, spec, options.orderBy, options.statistics, options.rowGroupSize ?? ROW_GROUP_SIZE);
  }

  /** Appends `count` rows given as columns: `valueOf(name)` for the spec's columns and the sort keys. */
  append(count: number, valueOf: (name: string) => ArrayLike<unknown>): void {
    this.table.append(count, valueOf);
  }

  /** Writes the table, sorted, to `path` as zstd Parquet in groups of `rowGroupSize` rows, and closes DuckDB. */
  async finish(path: string): Promise<void> {
    try {
      this.table.closeAppender();
      const select = Object.keys(this.spec).map((name) => this.table.column(name)).join(", ");
      const order = this.orderBy.length ? ` ORDER BY ${this.orderBy.map(quote).join(", ")}` : "";
      await this.table.run(`COPY (SELECT ${select} FROM t${order}) TO ${literal(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${this.rowGroupSize})`, `writing ${basename(path)}`);
    } finally {
      this.close();
    }
    if (this.statistics) await compactFooter(path, this.statistics);
  }

  /** Releases DuckDB (after a failure elsewhere, or by `finish`). */
  close(): void {
    this.table.close();
  }
}

/** Writes `rows` (the columns of `spec`, in its order) to `path` as zstd Parquet in ROW_GROUP_SIZE groups. */
export async function writeParquetZstd(path: string, rows: readonly Record<string, unknown>[], spec: TableSpec, options: ParquetZstdOptions): Promise<void> {
  const keys = Object.entries(options.keys ?? {});
  const writer = await ZstdParquetWriter.open(spec, { orderBy: options.orderBy, keys: keys.map(([name]) => name), statistics: options.statistics });
  const keyValues = new Map(keys.map(([name, key]) => [name, rows.map((row, i) => key(row, i))]));
  try {
    writer.append(rows.length, (name) => keyValues.get(name) ?? rows.map((row) => row[name]));
  } catch (error) {
    writer.close();
    throw error;
  }
  await writer.finish(path);
}
