// A staging table in DuckDB that the report fills column by column (a run at a time) and then writes as one or
// more Parquet files with `COPY (SELECT ...)`. Its cost is the crossing from JS into DuckDB, one native call per
// string: so values are appended in data chunks (numbers and booleans copied a vector at a time), and the
// repeated texts of `category` columns (and of the json columns named) cross once each, as a dictionary, with an
// integer code per row (-1: null). Past the dictionary's size a column's texts go, row by row, into one shared `#overflow` column
// (a JSON object of the row's overflowing texts by column name; null for almost every row).
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { DuckDBAppender, DuckDBConnection, DuckDBInstance, DuckDBType } from "@duckdb/node-api";
import { formatValue, UvqaError } from "../errors.ts";
import type { ColumnType, TableSpec } from "./tables.ts";

/** A SQL identifier. */
export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
/** A SQL string literal. */
export const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * A coded column's dictionary holds at most this many texts (or DICTIONARY_BYTES characters): past it, a new text
 * goes into the overflow column, so a coded column of more distinct values than expected stays correct. The
 * dictionary is written into the SELECT as a list literal.
 */
export const DICTIONARY_SIZE = 4096;
export const DICTIONARY_BYTES = 1 << 20;

/** DuckDB's vector size: the most rows a data chunk holds. */
const CHUNK = 2048;

interface Column {
  name: string;
  type: ColumnType;
  /** A coded column's value text -> code; null for a plain column. */
  codes: Map<string, number> | null;
  texts: string[];
  textChars: number;
  /**
   * The last value coded and its code: a run's rows share one settings object (stringified once) and follow one
   * another with the same run, model, prompt.
   */
  lastValue: unknown;
  lastCode: number;
}

/** The column of texts past a dictionary's size. */
const OVERFLOW = "#overflow";

/** The value as text for a string, category or json column (json: JSON.stringify), or null. */
function textOf(value: unknown, type: ColumnType): string | null {
  if (value === undefined || value === null) return null;
  if (type === "json") return JSON.stringify(value);
  return String(value);
}

export interface DuckDBTableOptions {
  /**
   * The columns appended as dictionary codes (default: the spec's `category` columns). Name a `json` column whose
   * values repeat (a run's settings); leave out one of mostly distinct values (an item's scene), whose texts would
   * only fill the dictionary and then the overflow column.
   */
  coded?: readonly string[];
  /**
   * Where DuckDB may spill the table (then it holds at most `memoryLimit` in memory: default UVQA_DUCKDB_MEMORY,
   * else 256MB).
   */
  spillDir?: string;
  memoryLimit?: string;
}

/** The spilled table's memory limit when none is given: UVQA_DUCKDB_MEMORY (e.g. `1GB`), checked, else 256MB. */
export function memoryLimitOf(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.UVQA_DUCKDB_MEMORY?.trim();
  if (!value) return "256MB";
  // DuckDB's own units; anything else it would refuse with a message about a setting the user never named.
  if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(value)) throw new UvqaError(`invalid UVQA_DUCKDB_MEMORY: ${formatValue(value)} (environment; a size such as 512MB or 2GB, default 256MB)`, 2);
  return value;
}

/**
 * A DuckDB failure the user can do something about (out of memory, a full or unwritable disk) as a one-line error
 * naming the step, where the table spills and the setting to change; anything else is passed on as it is.
 */
export function duckdbFailure(error: unknown, step: string, spill: { dir: string; memoryLimit: string } | null): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split("\n")[0]!.trim();
  const where = spill ? ` (the table spills to ${spill.dir}, memory limit ${spill.memoryLimit})` : "";
  if (/Out of Memory Error/i.test(message)) {
    return new UvqaError(`${step}: DuckDB ran out of memory: ${first}${where}; raise the limit with UVQA_DUCKDB_MEMORY (e.g. 1GB) or free memory`);
  }
  if (/No space left on device|disk is full|could not write|Permission denied|Read-only file system/i.test(message)) {
    return new UvqaError(`${step}: DuckDB could not write: ${first}${where}; free disk space there or make it writable`);
  }
  return error;
}

export class DuckDBTable {
  rows = 0;
  private closed = false;

  private constructor(
    private readonly duckdb: typeof import("@duckdb/node-api"),
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly appender: DuckDBAppender,
    private readonly columns: Column[],
    private readonly types: DuckDBType[],
    /** Whether the table has the overflow column (it has a coded column). */
    private readonly overflows: boolean,
    private readonly spill: { dir: string; memoryLimit: string } | null = null,
  ) {}

  /** `step` run with a DuckDB failure the user can act on turned into a one-line error (duckdbFailure). */
  private guard<T>(step: string, body: () => T): T {
    try {
      const out = body();
      return out instanceof Promise ? (out.catch((error: unknown) => { throw duckdbFailure(error, step, this.spill); }) as T) : out;
    } catch (error) {
      throw duckdbFailure(error, step, this.spill);
    }
  }

  /** A table of `spec`'s columns (one thread, so the same rows give the same bytes). */
  static async open(spec: TableSpec, options: DuckDBTableOptions = {}): Promise<DuckDBTable> {
    // Loaded here, not at the top: DuckDB's native module takes about half a second, and every `uvqa` command
    // imports this module through the report command's registration.
    const duckdb = await import("@duckdb/node-api");
    // An in-memory table cannot leave memory: with a spill folder the table lives in a database file there.
    if (options.spillDir) await mkdir(options.spillDir, { recursive: true });
    // The limit only binds a table that can spill; an in-memory one needs no setting.
    const spill = options.spillDir ? { dir: options.spillDir, memoryLimit: options.memoryLimit ?? memoryLimitOf() } : null;
    const instance = await duckdb.DuckDBInstance.create(spill ? join(spill.dir, "table.duckdb") : ":memory:", {
      threads: "1",
      ...(spill ? { temp_directory: spill.dir, memory_limit: spill.memoryLimit,
        // A table read once by the COPYs: compressing it cost ~0.5 s of 1M responses' appends.
        force_compression: "uncompressed" } : {}),
    });
    const connection = await instance.connect();
    try {
      const codedNames = new Set(options.coded ?? Object.keys(spec).filter((name) => spec[name] === "category"));
      const columns: Column[] = Object.entries(spec).map(([name, type]) => ({
        name, type, codes: codedNames.has(name) ? new Map() : null, texts: [], textChars: 0, lastValue: null, lastCode: -1,
      }));
      const ddl: string[] = [];
      const types: DuckDBType[] = [];
      for (const { name, type } of columns) {
        if (codedNames.has(name)) {
          ddl.push(`${quote(`${name}#code`)} INTEGER`);
          types.push(duckdb.INTEGER);
        } else {
          const [sql, t] = plainType(duckdb, type);
          ddl.push(`${quote(name)} ${sql}`);
          types.push(t);
        }
      }
      const overflows = codedNames.size > 0;
      if (overflows) {
        ddl.push(`${quote(OVERFLOW)} VARCHAR`);
        types.push(duckdb.VARCHAR);
      }
      await connection.run(`CREATE TABLE t (${ddl.join(", ")})`);
      const appender = await connection.createAppender("t");
      return new DuckDBTable(duckdb, instance, connection, appender, columns, types, overflows, spill);
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw duckdbFailure(error, "staging table", spill);
    }
  }

  /** Appends `count` rows given as columns: `valueOf(name)` gives every column of the spec, `count` values each. */
  append(count: number, valueOf: (name: string) => ArrayLike<unknown>): void {
    const vectors: ArrayLike<unknown>[] = [];
    let overflow: Array<Record<string, string> | null> | null = null;
    for (const column of this.columns) {
      const values = valueOf(column.name);
      if (values.length !== count) throw new Error(`DuckDBTable: column ${column.name} has ${values.length} values for ${count} rows`);
      if (!column.codes) vectors.push(plainValues(values, column.type, count));
      else vectors.push(this.encode(column, values, count, (i, text) => (((overflow ??= new Array(count).fill(null))[i] ??= {})[column.name] = text)));
    }
    if (this.overflows) vectors.push(overflow ? (overflow as Array<Record<string, string> | null>).map((texts) => (texts ? JSON.stringify(texts) : null)) : new Array(count).fill(null));
    this.guard("appending rows to the staging table", () => appendChunks(this.duckdb, this.appender, this.types, vectors, count));
    this.rows += count;
  }

  /** A coded column's values as codes (-1: null, or a text past the dictionary, given to `overflow`). */
  private encode(column: Column, values: ArrayLike<unknown>, count: number, overflow: (row: number, text: string) => void): Int32Array {
    const codes = new Int32Array(count);
    const map = column.codes!;
    for (let i = 0; i < count; i++) {
      const value = values[i];
      if (value === undefined || value === null) {
        codes[i] = -1;
        continue;
      }
      if (value === column.lastValue) {
        codes[i] = column.lastCode;
        continue;
      }
      const text = textOf(value, column.type)!;
      let code = map.get(text);
      if (code === undefined && map.size < DICTIONARY_SIZE && column.textChars + text.length <= DICTIONARY_BYTES) {
        code = map.size;
        map.set(text, code);
        column.texts.push(text);
        column.textChars += text.length;
      }
      if (code === undefined) {
        codes[i] = -1;
        overflow(i, text);
      } else {
        codes[i] = column.lastCode = code;
        column.lastValue = value;
      }
    }
    return codes;
  }

  /**
   * The SQL expression of a column's values as the spec types them (a coded column decoded; json as JSON), named
   * as the column unless `as` says otherwise.
   */
  column(name: string, as = name): string {
    const column = this.columns.find((c) => c.name === name);
    if (!column) throw new Error(`DuckDBTable: no column ${name}`);
    if (!column.codes) return `${column.type === "json" ? `${quote(name)}::JSON` : quote(name)} AS ${quote(as)}`;
    const list = column.texts.length ? `[${column.texts.map(literal).join(", ")}]` : "[]::VARCHAR[]";
    // Index 0 (code -1) is null in DuckDB's 1-based lists.
    const text = `COALESCE((${list})[${quote(`${name}#code`)} + 1], json_extract_string(${quote(OVERFLOW)}, ${literal(`$.${JSON.stringify(name)}`)}))`;
    return `${column.type === "json" ? `(${text})::JSON` : text} AS ${quote(as)}`;
  }

  /**
   * Another table beside `t`, filled at once with plain (uncoded) columns: e.g. a lookup a COPY joins.
   */
  async addTable(name: string, spec: TableSpec, count: number, valueOf: (name: string) => ArrayLike<unknown>): Promise<void> {
    const entries = Object.entries(spec);
    const types = entries.map(([, type]) => plainType(this.duckdb, type));
    await this.guard(`filling table ${name}`, async () => {
      await this.connection.run(`CREATE TABLE ${quote(name)} (${entries.map(([column], c) => `${quote(column)} ${types[c]![0]}`).join(", ")})`);
      const appender = await this.connection.createAppender(name);
      try {
        appendChunks(this.duckdb, appender, types.map(([, t]) => t), entries.map(([column, type]) => plainValues(valueOf(column), type, count)), count);
      } finally {
        appender.closeSync();
      }
    });
  }

  /** Ends the appends (before any query over the table). */
  closeAppender(): void {
    this.guard("ending the staging table's appends", () => this.appender.closeSync());
  }

  /** Runs a statement (a COPY, a helper table). */
  async run(sql: string, step = "a statement over the staging table"): Promise<void> {
    await this.guard(step, () => this.connection.run(sql));
  }

  /** Releases DuckDB (again: nothing). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** A plain column's SQL type and DuckDB type (json as text: the SELECT casts it). */
function plainType(duckdb: typeof import("@duckdb/node-api"), type: ColumnType): [string, DuckDBType] {
  return type === "int" ? ["INTEGER", duckdb.INTEGER] : type === "double" ? ["DOUBLE", duckdb.DOUBLE]
    : type === "bool" ? ["BOOLEAN", duckdb.BOOLEAN] : ["VARCHAR", duckdb.VARCHAR];
}

/**
 * Columns appended a data chunk (up to DuckDB's vector size) at a time, through one chunk reset each time: a chunk's
 * native memory is freed only when V8 collects its small wrapper, which it has no reason to do soon (a new chunk
 * per 2,048 rows: 1M report peak RSS 2.5 GB, against 1.6 GB with one chunk).
 */
function appendChunks(duckdb: typeof import("@duckdb/node-api"), appender: DuckDBAppender, types: DuckDBType[], vectors: ArrayLike<unknown>[], count: number): void {
  const chunk = duckdb.DuckDBDataChunk.create(types);
  for (let from = 0; from < count; from += CHUNK) {
    const n = Math.min(CHUNK, count - from);
    chunk.reset();
    // Setting the size also drops the chunk's vector wrappers of the previous fill.
    chunk.rowCount = n;
    vectors.forEach((values, c) => chunk.setColumnValues(c, slice(values, from, from + n) as never));
    appender.appendDataChunk(chunk);
  }
}

/** A plain column's values for a chunk: numbers, booleans or texts, null for missing. */
function plainValues(values: ArrayLike<unknown>, type: ColumnType, count: number): ArrayLike<unknown> {
  // Typed arrays are copied into the chunks as they are (a double column's NaN stays NaN, as Number() leaves it).
  if (values instanceof Int32Array && (type === "int" || type === "double")) return values;
  if (values instanceof Float64Array && type === "double") return values;
  const out: unknown[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const value = values[i];
    out[i] = value === undefined || value === null ? null
      : type === "int" || type === "double" ? Number(value)
        : type === "bool" ? Boolean(value)
          : textOf(value, type);
  }
  return out;
}

function slice(values: ArrayLike<unknown>, from: number, to: number): ArrayLike<unknown> {
  if (from === 0 && to === values.length) return values;
  if (ArrayBuffer.isView(values)) return (values as Int32Array).subarray(from, to);
  return Array.prototype.slice.call(values, from, to);
}
