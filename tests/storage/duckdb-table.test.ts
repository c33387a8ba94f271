// The staging table: values appended in data chunks, category and json columns as dictionary codes, and texts past
// the dictionary's size through the overflow column; what a COPY reads back is what was appended, nulls included.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import { DICTIONARY_SIZE, DuckDBTable, duckdbFailure, literal, memoryLimitOf } from "../../loaders/storage/duckdb-table.ts";
import { UvqaError } from "../../loaders/errors.ts";
import type { TableSpec } from "../../loaders/storage/tables.ts";

const spec: TableSpec = {
  n: "int", x: "double", ok: "bool", text: "string", kind: "category", "odd name": "category", settings: "json", scene: "json",
};

/** Row n's values: `kind` has more distinct values than the dictionary holds; a quote in every few texts. */
function row(n: number): Record<string, unknown> {
  return {
    n, x: n % 5 ? n / 4 : null, ok: n % 3 === 0 ? null : n % 2 === 0, text: n % 7 ? `it's row ${n}` : null,
    kind: n % 11 ? `kind '${n % (DICTIONARY_SIZE + 900)}'` : null, "odd name": ["a", "b\"c", null][n % 3],
    settings: n % 13 ? { temperature: n % 2, seed: n % 3 ? 1 : `s${n}` } : null, scene: n % 6 ? { objects: [`o${n}`] } : null,
  };
}

describe("DuckDBTable", () => {
  it("gives back every appended value, in order, past the dictionary's size and across chunks", async () => {
    const dir = mkdtempSync(join(tmpdir(), "uvqa-duckdb-table-"));
    // settings coded (a json column), scene plain.
    const table = await DuckDBTable.open(spec, { spillDir: join(dir, "spill"), coded: ["kind", "odd name", "settings"] });
    const rows = Array.from({ length: 12_000 }, (_, n) => row(n));
    // Uneven parts (one under a chunk, one over several); one column as a typed array.
    for (const [from, to] of [[0, 1_000], [1_000, 9_500], [9_500, 12_000]] as const) {
      const part = rows.slice(from, to);
      table.append(part.length, (name) => (name === "n" ? Int32Array.from(part, (r) => r.n as number) : part.map((r) => r[name])));
    }
    expect(table.rows).toBe(12_000);
    table.closeAppender();
    const file = join(dir, "out.parquet");
    const select = Object.keys(spec).map((name) => table.column(name)).join(", ");
    await table.run(`COPY (SELECT ${select} FROM t) TO ${literal(file)} (FORMAT parquet)`);
    table.close();
    table.close(); // twice: nothing

    const read = await parquetReadObjects({ file: await asyncBufferFromFile(file) });
    expect(read).toEqual(rows);
    // The json columns are typed JSON in the file (hyparquet parses them back into objects, above).
    expect(read.filter((r) => typeof r.kind === "string").length).toBeGreaterThan(DICTIONARY_SIZE);
  });

  it("refuses a column of the wrong length, naming it", async () => {
    const table = await DuckDBTable.open({ a: "int", b: "category" });
    try {
      expect(() => table.append(2, (name) => (name === "a" ? [1, 2] : ["x"]))).toThrow(/column b has 1 values for 2 rows/);
    } finally {
      table.close();
    }
  });
});

describe("DuckDB failures a user can act on", () => {
  it("out of memory while writing: one line naming the step, the spill folder, the limit and the setting", async () => {
    const dir = mkdtempSync(join(tmpdir(), "uvqa-duckdb-oom-"));
    const table = await DuckDBTable.open({ n: "int", text: "string" }, { spillDir: join(dir, "spill"), memoryLimit: "2MB" });
    const part = Array.from({ length: 2_000 }, (_, n) => `response ${n} `.repeat(20));
    let failure: unknown = null;
    try {
      for (let k = 0; k < 20; k++) table.append(part.length, (name) => (name === "n" ? Int32Array.from(part, (_, n) => k * 2_000 + n) : part));
      table.closeAppender();
      await table.run(`COPY (SELECT n, text FROM t ORDER BY text) TO ${literal(join(dir, "x.parquet"))} (FORMAT parquet)`, "writing x.parquet");
    } catch (error) {
      failure = error;
    } finally {
      table.close();
    }
    expect(failure).toBeInstanceOf(UvqaError);
    const message = (failure as Error).message;
    expect(message).toMatch(/^(writing x\.parquet|appending rows to the staging table|ending the staging table's appends): DuckDB ran out of memory: Out of Memory Error/);
    expect(message).toContain(`(the table spills to ${join(dir, "spill")}, memory limit 2MB); raise the limit with UVQA_DUCKDB_MEMORY (e.g. 1GB) or free memory`);
    expect(message).not.toContain("\n");
  });

  it("passes other errors on as they are (a bug keeps its stack), and reads UVQA_DUCKDB_MEMORY", async () => {
    const bug = new Error("Binder Error: Referenced column \"nope\" not found");
    expect(duckdbFailure(bug, "writing x.parquet", null)).toBe(bug);
    expect((duckdbFailure(new Error("IO Error: No space left on device\nmore"), "writing y.parquet", null) as Error).message)
      .toBe("writing y.parquet: DuckDB could not write: IO Error: No space left on device; free disk space there or make it writable");
    const table = await DuckDBTable.open({ n: "int" });
    table.closeAppender();
    await expect(table.run("SELECT nope FROM t")).rejects.toThrow(/Binder Error/);
    table.close();
    expect(memoryLimitOf({})).toBe("256MB");
    expect(memoryLimitOf({ UVQA_DUCKDB_MEMORY: " 2GB " })).toBe("2GB");
    expect(memoryLimitOf({ UVQA_DUCKDB_MEMORY: "1.5GiB" })).toBe("1.5GiB");
    expect(() => memoryLimitOf({ UVQA_DUCKDB_MEMORY: "lots" })).toThrow('invalid UVQA_DUCKDB_MEMORY: "lots" (environment; a size such as 512MB or 2GB, default 256MB)');
  });
});
