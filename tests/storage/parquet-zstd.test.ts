// zstd Parquet for text on demand: DuckDB writes it sorted in 4,096-row groups; the page's reader
// (hyparquet + hyparquet-compressors) reads it back row group by row group; the same rows give the same bytes.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { describe, expect, it } from "vitest";
import { ROW_GROUP_SIZE, writeParquetZstd } from "../../loaders/storage/parquet-zstd.ts";
import type { TableSpec } from "../../loaders/storage/tables.ts";

const spec: TableSpec = { run: "category", item: "int", category: "category", response: "string", score: "double", ok: "bool", scene: "json" };
const RUNS = ["zeta/unaligned", "alpha/aligned"]; // config order, not alphabetical
const CATEGORY = ["relation", "answerable", "object"];
// 40,000 rows, written in an order unlike the sorted one; every 7th response missing.
const rows = Array.from({ length: 40_000 }, (_, k) => {
  const i = 39_999 - k;
  return {
    run: RUNS[i % 2], item: i >> 1, category: CATEGORY[(i >> 1) % 3], response: i % 7 ? `answer ${i} ${"long text ".repeat(i % 5)}` : null,
    score: i % 3 ? i / 8 : null, ok: i % 2 === 0, scene: i % 4 ? { objects: [`o${i}`], n: i } : null,
  };
});
const write = async (path: string) => writeParquetZstd(path, rows, spec, {
  orderBy: ["run_order", "category", "item"], keys: { run_order: (row) => RUNS.indexOf(row.run as string) },
});

describe("writeParquetZstd", () => {
  const dir = mkdtempSync(join(tmpdir(), "uvqa-zstd-"));
  const file = join(dir, "texts.parquet");

  it("writes zstd row groups of 4,096 rows that hyparquet reads one by one, in sorted order", async () => {
    await write(file);
    const buffer = await asyncBufferFromFile(file);
    const metadata = await parquetMetadataAsync(buffer);
    expect(ROW_GROUP_SIZE).toBe(4_096);
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([...new Array(9).fill(4_096), 40_000 - 9 * 4_096]);
    for (const group of metadata.row_groups) for (const column of group.columns) expect(column.meta_data!.codec).toBe("ZSTD");
    expect(metadata.schema.slice(1).map((s) => s.name)).toEqual(Object.keys(spec));

    const read: Record<string, unknown>[] = [];
    let start = 0;
    for (const group of metadata.row_groups) {
      const end = start + Number(group.num_rows);
      const part = await parquetReadObjects({ file: buffer, metadata, compressors, rowStart: start, rowEnd: end });
      expect(part).toHaveLength(end - start);
      read.push(...part);
      start = end;
    }
    // Sorted by the run's position in the config, then category (alphabetical), then item.
    const rank = (r: Record<string, unknown>) => [RUNS.indexOf(r.run as string), r.category as string, r.item as number] as const;
    const expected = [...rows].sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0) || x[2] - y[2];
    });
    expect(read).toEqual(expected);
    expect(read[0]).toMatchObject({ run: "zeta/unaligned", category: "answerable" });
  });

  it("gives the same bytes for the same rows", async () => {
    const again = join(dir, "again.parquet");
    await write(again);
    expect(readFileSync(again).equals(readFileSync(file))).toBe(true);
  });

  it("is read by DuckDB with the declared types", async () => {
    const connection = await (await DuckDBInstance.create(":memory:")).connect();
    const reader = await connection.runAndReadAll(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${file}'))`);
    expect(reader.getRowObjectsJson()).toEqual([
      { column_name: "run", column_type: "VARCHAR" }, { column_name: "item", column_type: "INTEGER" },
      { column_name: "category", column_type: "VARCHAR" }, { column_name: "response", column_type: "VARCHAR" },
      { column_name: "score", column_type: "DOUBLE" }, { column_name: "ok", column_type: "BOOLEAN" },
      { column_name: "scene", column_type: "JSON" },
    ]);
    const counts = await connection.runAndReadAll(`SELECT count(*)::INT AS n, count(response)::INT AS responses FROM read_parquet('${file}')`);
    expect(counts.getRowObjectsJson()).toEqual([{ n: 40_000, responses: rows.filter((r) => r.response !== null).length }]);
    connection.closeSync();
  });
});

describe("a footer with some columns' statistics (parquet-footer.ts)", () => {
  const dir = mkdtempSync(join(tmpdir(), "uvqa-footer-"));
  const full = join(dir, "full.parquet");
  const slim = join(dir, "slim.parquet");
  const options = { orderBy: ["run_order", "category", "item"], keys: { run_order: (row: Record<string, unknown>) => RUNS.indexOf(row.run as string) } };

  it("keeps only the named columns' min and max, and is smaller", async () => {
    await writeParquetZstd(full, rows, spec, options);
    await writeParquetZstd(slim, rows, spec, { ...options, statistics: ["category", "item"] });
    const [a, b] = await Promise.all([full, slim].map(async (f) => parquetMetadataAsync(await asyncBufferFromFile(f))));
    expect(b.metadata_length).toBeLessThan(a.metadata_length * 0.7);
    expect(b.row_groups.length).toBe(a.row_groups.length);
    for (const [g, group] of b.row_groups.entries()) {
      for (const [c, column] of group.columns.entries()) {
        const name = column.meta_data!.path_in_schema.join(".");
        const before = a.row_groups[g]!.columns[c]!.meta_data!;
        // Everything but the statistics is as DuckDB wrote it: the data pages are where they were.
        const { statistics: kept, ...rest } = column.meta_data!;
        const { statistics: written, ...restBefore } = before;
        expect(rest).toEqual(restBefore);
        if (name === "category" || name === "item") {
          expect(kept).toEqual({ min_value: written!.min_value, max_value: written!.max_value, null_count: written!.null_count });
        } else expect(kept).toBeUndefined();
      }
    }
  });

  it("reads back the same rows, in hyparquet and in DuckDB, with the same types", async () => {
    const buffers = await Promise.all([full, slim].map((f) => asyncBufferFromFile(f)));
    const [x, y] = await Promise.all(buffers.map(async (file) => parquetReadObjects({ file, compressors, rowStart: 8_000, rowEnd: 12_500 })));
    expect(y).toEqual(x);
    const connection = await (await DuckDBInstance.create(":memory:")).connect();
    const describe = async (f: string) => (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${f}')`)).getRowObjectsJson();
    expect(await describe(slim)).toEqual(await describe(full));
    const differing = await connection.runAndReadAll(`SELECT count(*)::INT AS n FROM (
      (SELECT * FROM read_parquet('${full}') EXCEPT ALL SELECT * FROM read_parquet('${slim}'))
      UNION ALL (SELECT * FROM read_parquet('${slim}') EXCEPT ALL SELECT * FROM read_parquet('${full}')))`);
    expect(differing.getRowObjectsJson()).toEqual([{ n: 0 }]);
    // The kept statistics still prune: DuckDB finds one item's rows.
    const one = await connection.runAndReadAll(`SELECT count(*)::INT AS n FROM read_parquet('${slim}') WHERE item = 1234`);
    expect(one.getRowObjectsJson()).toEqual([{ n: rows.filter((r) => r.item === 1234).length }]);
    connection.closeSync();
  });
});
