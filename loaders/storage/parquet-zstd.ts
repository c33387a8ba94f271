// Parquet for text read on demand in the page (hyparquet with range requests): zstd, fixed-size row groups,
// sorted, written by DuckDB (hyparquet-writer writes no zstd). One thread, so the same rows give the same
// bytes. The page reads it with hyparquet + hyparquet-compressors, row group by row group.
import type { DuckDBAppender } from "@duckdb/node-api";
import type { ColumnType, TableSpec } from "./tables.ts";

/** Rows per row group: a page fetches one group (a few MB of text at most) for a top-100 look-up. */
export const ROW_GROUP_SIZE = 16_384;

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
}

/** Writes `rows` (the columns of `spec`, in its order) to `path` as zstd Parquet in ROW_GROUP_SIZE groups. */
export async function writeParquetZstd(path: string, rows: readonly Record<string, unknown>[], spec: TableSpec, options: ParquetZstdOptions): Promise<void> {
  // Loaded here, not at the top: DuckDB's native module takes about half a second, and every `uvqa` command
  // imports this module through the report command's registration.
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
  const connection = await instance.connect();
  try {
    const keys = Object.entries(options.keys ?? {});
    const columns = Object.entries(spec);
    const ddl = [...columns.map(([name, type]) => `${quote(name)} ${SQL_TYPES[type]}`), ...keys.map(([name]) => `${quote(name)} INTEGER`)];
    await connection.run(`CREATE TABLE t (${ddl.join(", ")})`);
    const appender = await connection.createAppender("t");
    rows.forEach((row, i) => {
      for (const [name, type] of columns) append(appender, type, row[name]);
      for (const [, key] of keys) appender.appendInteger(key(row, i));
      appender.endRow();
    });
    appender.closeSync();
    const select = columns.map(([name]) => quote(name)).join(", ");
    const order = options.orderBy.length ? ` ORDER BY ${options.orderBy.map(quote).join(", ")}` : "";
    await connection.run(`COPY (SELECT ${select} FROM t${order}) TO ${literal(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${ROW_GROUP_SIZE})`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
