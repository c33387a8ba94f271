// The staging table: values appended in data chunks, category and json columns as dictionary codes, and texts past
// the dictionary's size through the overflow column; what a COPY reads back is what was appended, nulls included.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import { DICTIONARY_SIZE, DuckDBTable, literal } from "../../loaders/storage/duckdb-table.ts";
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
