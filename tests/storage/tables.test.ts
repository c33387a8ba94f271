import { describe, expect, it } from "vitest";
import { mkdtemp, writeFile, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { DuckDBInstance } from "@duckdb/node-api";
import { toArrowStream, toParquet, type TableSpec } from "../../loaders/storage/tables.ts";
import { writeFileAtomic } from "../../loaders/storage/atomic.ts";

const spec: TableSpec = { run: "category", value: "double", n: "int", ok: "bool", extra: "json", note: "string" };
const rows = [
  { run: "a", value: 0.5, n: 2, ok: true, extra: { k: 1 }, note: "x" },
  { run: "b", value: null, n: 0, ok: false, extra: null, note: null },
  { run: "a", value: 1 / 3, n: 3, ok: null, extra: [1, 2], note: "<script>" },
];

describe("table encodings", () => {
  it("writes Parquet that real DuckDB reads back with the same values", async () => {
    const dir = await mkdtemp(join(tmpdir(), "uvqa-parquet-"));
    const file = join(dir, "t.parquet");
    await writeFile(file, toParquet(rows, spec));
    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    const reader = await connection.runAndReadAll(`SELECT run, value, n, ok, extra, note FROM read_parquet('${file}')`);
    const got = reader.getRowObjectsJson();
    expect(got).toEqual([
      { run: "a", value: 0.5, n: 2, ok: true, extra: '{"k":1}', note: "x" },
      { run: "b", value: null, n: 0, ok: false, extra: null, note: null },
      { run: "a", value: 1 / 3, n: 3, ok: null, extra: "[1,2]", note: "<script>" },
    ]);
    connection.closeSync();
  });

  it("writes an Arrow IPC stream with dictionary-encoded categories", () => {
    const table = tableFromIPC(toArrowStream(rows, spec));
    expect(table.numRows).toBe(3);
    expect(table.getChild("run")!.toArray()).toEqual(["a", "b", "a"]);
    expect(String(table.schema.fields.find((f) => f.name === "run")!.type)).toMatch(/^Dictionary/);
    expect(table.getChild("value")!.get(1)).toBeNull();
    expect(table.getChild("n")!.get(2)).toBe(3);
  });

  it("gives the same Arrow bytes for the same rows, however many tables the process made before", () => {
    const first = toArrowStream(rows, spec);
    toArrowStream(rows, { ...spec, other: "category" });
    expect(Buffer.from(toArrowStream(rows, spec)).equals(Buffer.from(first))).toBe(true);
  });
});

describe("atomic writes", () => {
  it("writes a file through a temporary file and leaves none behind", async () => {
    const dir = await mkdtemp(join(tmpdir(), "uvqa-atomic-"));
    await writeFileAtomic(join(dir, "sub", "c.txt"), "c");
    expect(await readdir(dir)).toEqual(["sub"]);
    expect(await readdir(join(dir, "sub"))).toEqual(["c.txt"]);
    expect(await readFile(join(dir, "sub", "c.txt"), "utf8")).toBe("c");
  });

  it("names a target that is a folder, or lies under a file, in one line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "uvqa-atomic-"));
    await writeFile(join(dir, "file.txt"), "x");
    await expect(writeFileAtomic(dir, "c")).rejects.toThrow(new RegExp(`^cannot write ${dir}: it is a folder$`));
    await expect(writeFileAtomic(join(dir, "file.txt", "c.txt"), "c")).rejects.toThrow(
      new RegExp(`^cannot write ${join(dir, "file.txt", "c.txt")}: ${join(dir, "file.txt")} is a file, not a folder$`));
    expect(await readdir(dir)).toEqual(["file.txt"]);
  });
});
