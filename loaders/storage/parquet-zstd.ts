// Parquet for text read on demand in the page (hyparquet with range requests): zstd, fixed-size row groups,
// sorted, written by DuckDB (hyparquet-writer writes no zstd). One thread, so the same rows give the same
// bytes. The page reads it with hyparquet + hyparquet-compressors, row group by row group.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { DuckDBAppender } from "@duckdb/node-api";
import { compactFooter } from "./parquet-footer.ts";
import type { ColumnType, TableSpec } from "./tables.ts";

/**
 * Rows per row group: a page decodes a whole group to read one row of it (an item view reads one group per run),
 * so groups are small; at 4,096 rows of ~150-character responses a group is ~0.6 MB decoded.
 */
export const ROW_GROUP_SIZE = 4_096;

const SQL_TYPES: Record<ColumnType, string> = {
  string: "VARCHAR", category: "VARCHAR", int: "INTEGER", double: "DOUBLE", bool: "BOOLEAN", json: "JSON",
};

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

function append(appender: DuckDBAppender, type: ColumnType, value: unknown): void {
  if (value === undefined || value === null) return appender.appendNull();
  switch (type) {
    case "int": return appender.appendInteger(Number(value));
    case "double": return appender.appendDouble(Number(value));
    case "bool": return appender.appendBoolean(Boolean(value));
    case "json": return appender.appendVarchar(JSON.stringify(value));
    default: return appender.appendVarchar(String(value));
  }
}

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
 * table as they come (DuckDB's memory, not JS objects), then one `COPY ... ORDER BY` writes the file.
 */
export class ZstdParquetWriter {
  private constructor(
    private readonly instance: import("@duckdb/node-api").DuckDBInstance,
    private readonly connection: import("@duckdb/node-api").DuckDBConnection,
    private readonly appender: DuckDBAppender,
    private readonly columns: Array<[string, ColumnType]>,
    private readonly keyNames: string[],
    private readonly orderBy: string[],
    private readonly statistics: readonly string[] | undefined,
  ) {}

  /**
   * `keys`: the names of extra integer sort columns (not written), given with each `append`. `orderBy` empty: the
   * rows are written in the order appended. `spillDir`: where DuckDB may spill the table (then it holds at most
   * `memoryLimit` in memory, default 1GB), for tables larger than memory should hold. `statistics`: the columns
   * whose row-group statistics the footer keeps (parquet-footer.ts; default: all).
   */
  static async open(spec: TableSpec, options: { orderBy: string[]; keys?: string[]; spillDir?: string; memoryLimit?: string; statistics?: readonly string[] }): Promise<ZstdParquetWriter> {
    // Loaded here, not at the top: DuckDB's native module takes about half a second, and every `uvqa` command
    // imports this module through the report command's registration.
    const { DuckDBInstance } = await import("@duckdb/node-api");
    // An in-memory table cannot leave memory: with a spill folder the table lives in a database file there.
    if (options.spillDir) await mkdir(options.spillDir, { recursive: true });
    const instance = await DuckDBInstance.create(options.spillDir ? join(options.spillDir, "table.duckdb") : ":memory:", {
      threads: "1",
      ...(options.spillDir ? { temp_directory: options.spillDir, memory_limit: options.memoryLimit ?? "256MB" } : {}),
    });
    const connection = await instance.connect();
    try {
      const keys = options.keys ?? [];
      const columns = Object.entries(spec);
      const ddl = [...columns.map(([name, type]) => `${quote(name)} ${SQL_TYPES[type]}`), ...keys.map((name) => `${quote(name)} INTEGER`)];
      await connection.run(`CREATE TABLE t (${ddl.join(", ")})`);
      const appender = await connection.createAppender("t");
      return new ZstdParquetWriter(instance, connection, appender, columns, keys, options.orderBy, options.statistics);
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw error;
    }
  }

  /** Appends `count` rows given as columns: `valueOf(name)` for the spec's columns and the sort keys. */
  append(count: number, valueOf: (name: string) => ArrayLike<unknown>): void {
    const columns = this.columns.map(([name, type]) => [valueOf(name), type] as const);
    const keys = this.keyNames.map((name) => valueOf(name));
    for (const [values] of [...columns, ...keys.map((k) => [k] as const)]) {
      if (values.length !== count) throw new Error(`ZstdParquetWriter: ${values.length} values for ${count} rows`);
    }
    const appender = this.appender;
    for (let i = 0; i < count; i++) {
      for (const [values, type] of columns) append(appender, type, values[i]);
      for (const values of keys) appender.appendInteger(Number(values[i]));
      appender.endRow();
    }
  }

  /** Writes the table, sorted, to `path` as zstd Parquet in ROW_GROUP_SIZE groups, and closes DuckDB. */
  async finish(path: string): Promise<void> {
    try {
      this.appender.closeSync();
      const select = this.columns.map(([name]) => quote(name)).join(", ");
      const order = this.orderBy.length ? ` ORDER BY ${this.orderBy.map(quote).join(", ")}` : "";
      await this.connection.run(`COPY (SELECT ${select} FROM t${order}) TO ${literal(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${ROW_GROUP_SIZE})`);
    } finally {
      this.close();
    }
    if (this.statistics) await compactFooter(path, this.statistics);
  }

  /** Releases DuckDB (after a failure elsewhere, or by `finish`). */
  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
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
