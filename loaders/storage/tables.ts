// One column spec per table, two encodings: Parquet (Node-side work, downloads) and Arrow IPC
// streams (what DuckDB-WASM reads in the page: it cannot read Parquet offline, see stack.md). Rows or columns in:
// a table of a million rows is built from its columns (one array per column), never from a million row objects.
import { parquetWriteBuffer } from "hyparquet-writer";
import {
  Bool, Dictionary, Field, Float64, Int32, RecordBatch, RecordBatchStreamWriter, Schema, Struct, Table, Utf8, makeData, makeVector,
  tableToIPC, vectorFromArray, type DataType, type Vector,
} from "apache-arrow";

export type ColumnType = "string" | "category" | "int" | "double" | "bool" | "json";
export type TableSpec = Record<string, ColumnType>;
type Row = Record<string, unknown>;

/**
 * One cell as the encodings take it: null for a missing value, text for strings, a boolean, a number; JSON as text
 * for Arrow (`stringifyJson`), as the value itself for hyparquet-writer (its JSON type serialises values itself).
 */
export function cellValue(value: unknown, type: ColumnType, stringifyJson = true): unknown {
  if (value === undefined || value === null) return null;
  if (type === "json") return stringifyJson ? JSON.stringify(value) : value;
  if (type === "string" || type === "category") return String(value);
  if (type === "bool") return Boolean(value);
  return Number(value);
}

function columnValues(rows: readonly Row[], name: string, type: ColumnType, stringifyJson = true): unknown[] {
  return rows.map((row) => cellValue(row[name], type, stringifyJson));
}

/** A table as columns: per column of the spec, one value per row (as `cellValue` gives them). */
export type Columns = Record<string, ArrayLike<unknown>>;

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
export function arrowType(type: ColumnType, id: number): DataType {
  switch (type) {
    case "category": return new Dictionary(new Utf8(), new Int32(), id);
    case "int": return new Int32();
    case "double": return new Float64();
    case "bool": return new Bool();
    default: return new Utf8();
  }
}

function toArrowTable(valuesOf: (name: string, type: ColumnType) => ArrayLike<unknown>, spec: TableSpec): Table {
  const vectors: Record<string, Vector> = {};
  Object.entries(spec).forEach(([name, type], position) => {
    vectors[name] = vectorFromArray(valuesOf(name, type) as unknown[], arrowType(type, position));
  });
  return new Table(vectors);
}

/**
 * An empty table as one empty record batch whose dictionary columns carry an empty dictionary. apache-arrow writes
 * no dictionary batch for an empty table built from vectors, and DuckDB-WASM then refuses the stream ("IPC stream
 * did not have the expected number (n) of dictionaries at the start of the stream"): a report with one judge has an
 * empty disagreements.arrow, one with no aligned run empty transitions and comparisons.
 */
function emptyArrowStream(spec: TableSpec): Uint8Array {
  const fields = Object.entries(spec).map(([name, type], position) => new Field(name, arrowType(type, position), true));
  const children = fields.map((field) => {
    const type = field.type;
    if (type instanceof Dictionary) {
      const dictionary = makeVector(makeData({ type: new Utf8(), length: 0, nullCount: 0, valueOffsets: new Int32Array([0]), data: new Uint8Array(0) }));
      return makeData({ type, length: 0, nullCount: 0, data: new Int32Array(0), dictionary });
    }
    return vectorFromArray([], type).data[0]!;
  });
  const schema = new Schema(fields);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: 0, nullCount: 0, children }));
  return RecordBatchStreamWriter.writeAll([batch]).toUint8Array(true);
}

/** Arrow IPC *stream* format: the file format fails silently in DuckDB-WASM (stack.md). */
export function toArrowStream(rows: readonly Row[], spec: TableSpec): Uint8Array {
  if (!rows.length) return emptyArrowStream(spec);
  return tableToIPC(toArrowTable((name, type) => columnValues(rows, name, type), spec), "stream");
}
