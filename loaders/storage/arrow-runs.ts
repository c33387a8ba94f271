// An Arrow IPC stream written one record batch per part (a run), where any single part can be read alone by byte
// ranges: the schema, every dictionary (complete from the start, written once) and an empty record batch come
// first (the header), then one record batch message per part, then the end-of-stream marker. Bytes
// [0, header) + [start, end) of one part + END_OF_STREAM are a valid stream of that part's rows, so a page can
// load one run of a 10M-row table into DuckDB-WASM with two HTTP range requests (docs/report-data.md).
import { Dictionary, Field, Int32, RecordBatch, RecordBatchStreamWriter, Schema, Struct, Utf8, makeData, vectorFromArray, type Data, type Vector } from "apache-arrow";
import type { ColumnType, TableSpec } from "./tables.ts";
import { arrowType } from "./tables.ts";

/** The 8 bytes that end an Arrow IPC stream (continuation marker, then a zero length). */
export const END_OF_STREAM = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/**
 * A part's column: for a `category` column, the indices into its fixed dictionary (-1: null); for any other
 * column, the values as `cellValue` gives them (null, a number, a boolean, text).
 */
export type PartColumns = Record<string, ArrayLike<unknown>>;

function endsWithEos(bytes: Uint8Array): boolean {
  const tail = bytes.subarray(bytes.length - END_OF_STREAM.length);
  return tail.length === END_OF_STREAM.length && tail.every((b, i) => b === END_OF_STREAM[i]);
}

export class ArrowPartStream {
  private readonly schema: Schema;
  private readonly fields: Field[];
  private readonly dictionaries = new Map<string, Vector>();
  private readonly dictionarySize = new Map<string, number>();
  /** Schema, dictionaries and the empty batch. */
  readonly header: Uint8Array;

  /** `dictionaries`: every value each `category` column can hold, in dictionary order. */
  constructor(private readonly spec: TableSpec, dictionaries: Record<string, readonly string[]>) {
    this.fields = Object.entries(spec).map(([name, type], position) => new Field(name, arrowType(type, position), true));
    this.schema = new Schema(this.fields);
    for (const [name, type] of Object.entries(spec)) {
      if (type !== "category") continue;
      const values = dictionaries[name];
      if (!values) throw new Error(`ArrowPartStream: no dictionary for column ${name}`);
      this.dictionaries.set(name, vectorFromArray([...values], new Utf8()));
      this.dictionarySize.set(name, values.length);
    }
    const bytes = this.stream([this.batch(0, {})]);
    if (!endsWithEos(bytes)) throw new Error("ArrowPartStream: unexpected end of the Arrow stream");
    this.header = bytes.slice(0, bytes.length - END_OF_STREAM.length);
  }

  private column(name: string, type: ColumnType, field: Field, length: number, values: ArrayLike<unknown> | undefined): Data {
    if (type === "category") {
      const keys = new Int32Array(length);
      const valid = new Uint8Array((length + 7) >> 3);
      let nulls = 0;
      const size = this.dictionarySize.get(name)!;
      for (let i = 0; i < length; i++) {
        const key = Number(values?.[i] ?? -1);
        if (key >= size) throw new Error(`ArrowPartStream: ${name} key ${key} outside its dictionary of ${size}`);
        if (key < 0) nulls++;
        else {
          keys[i] = key;
          valid[i >> 3]! |= 1 << (i & 7);
        }
      }
      return makeData({ type: field.type as Dictionary<Utf8, Int32>, length, nullCount: nulls, nullBitmap: nulls ? valid : null, data: keys, dictionary: this.dictionaries.get(name)! });
    }
    if (!values) return vectorFromArray([], field.type).data[0]!;
    return vectorFromArray(Array.from(values), field.type).data[0]!;
  }

  private batch(length: number, columns: PartColumns): RecordBatch {
    const children = Object.entries(this.spec).map(([name, type], i) => {
      const values = columns[name];
      if (length > 0 && (!values || values.length !== length)) throw new Error(`ArrowPartStream: column ${name} has ${values?.length ?? 0} values for ${length} rows`);
      return this.column(name, type, this.fields[i]!, length, length ? values : undefined);
    });
    return new RecordBatch(this.schema, makeData({ type: new Struct(this.fields), length, nullCount: 0, children }));
  }

  private stream(batches: RecordBatch[]): Uint8Array {
    return RecordBatchStreamWriter.writeAll(batches).toUint8Array(true);
  }

  /** One part's record batch message (the bytes that follow the header for it). */
  part(length: number, columns: PartColumns): Uint8Array {
    const bytes = this.stream([this.batch(0, {}), this.batch(length, columns)]);
    // The writer writes each dictionary once (the same vector in both batches): the header is a prefix.
    for (let i = 0; i < this.header.length; i++) {
      if (bytes[i] !== this.header[i]) throw new Error("ArrowPartStream: a part's stream does not start with the header");
    }
    if (!endsWithEos(bytes)) throw new Error("ArrowPartStream: unexpected end of the Arrow stream");
    return bytes.slice(this.header.length, bytes.length - END_OF_STREAM.length);
  }
}

/** The dictionary index of each value (a Map lookup per value; -1 for null or undefined). */
export function dictionaryKeys(values: readonly string[]): (value: string | null | undefined) => number {
  const index = new Map(values.map((v, i) => [v, i]));
  return (value) => (value == null ? -1 : index.get(value) ?? (() => { throw new Error(`no dictionary entry for ${JSON.stringify(value)}`); })());
}

