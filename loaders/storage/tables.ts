// One column spec per table, two encodings: Parquet (Node-side work, downloads) and Arrow IPC
// streams (what DuckDB-WASM reads in the page: it cannot read Parquet offline, see stack.md).
import { parquetWriteBuffer } from "hyparquet-writer";
import {
  Bool, Dictionary, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray, type DataType, type Vector,
} from "apache-arrow";

export type ColumnType = "string" | "category" | "int" | "double" | "bool" | "json";
export type TableSpec = Record<string, ColumnType>;
type Row = Record<string, unknown>;

/** `stringifyJson`: Arrow gets JSON as text; hyparquet-writer's JSON type serialises values itself. */
function columnValues(rows: readonly Row[], name: string, type: ColumnType, stringifyJson = true): unknown[] {
  return rows.map((row) => {
    const value = row[name];
    if (value === undefined || value === null) return null;
    if (type === "json") return stringifyJson ? JSON.stringify(value) : value;
    if (type === "string" || type === "category") return String(value);
    if (type === "bool") return Boolean(value);
    return Number(value);
  });
}

const PARQUET_TYPES = { string: "STRING", category: "STRING", int: "INT32", double: "DOUBLE", bool: "BOOLEAN", json: "JSON" } as const;

export function toParquet(rows: readonly Row[], spec: TableSpec): Uint8Array {
  const columnData = Object.entries(spec).map(([name, type]) => ({
    name,
    type: PARQUET_TYPES[type],
    data: columnValues(rows, name, type, false) as never,
    nullable: true,
  }));
  return new Uint8Array(parquetWriteBuffer({ columnData, createdBy: "uvqa-lab" }));
}

/**
 * `id`: the dictionary's id in the stream. Given explicitly (the column's position): apache-arrow otherwise
 * numbers dictionaries from a process-wide counter, so the same rows would give different bytes.
 */
function arrowType(type: ColumnType, id: number): DataType {
  switch (type) {
    case "category": return new Dictionary(new Utf8(), new Int32(), id);
    case "int": return new Int32();
    case "double": return new Float64();
    case "bool": return new Bool();
    default: return new Utf8();
  }
}

function toArrowTable(rows: readonly Row[], spec: TableSpec): Table {
  const vectors: Record<string, Vector> = {};
  Object.entries(spec).forEach(([name, type], position) => {
    vectors[name] = vectorFromArray(columnValues(rows, name, type), arrowType(type, position));
  });
  return new Table(vectors);
}

/** Arrow IPC *stream* format: the file format fails silently in DuckDB-WASM (stack.md). */
export function toArrowStream(rows: readonly Row[], spec: TableSpec): Uint8Array {
  return tableToIPC(toArrowTable(rows, spec), "stream");
}
