// components/zstd.ts: the WebAssembly zstd decoder reads a zstd Parquet file DuckDB writes (as the report's texts)
// to exactly the rows fzstd (hyparquet-compressors) reads, and it is the one used once started.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { compressors as fzstd } from "hyparquet-compressors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parquetCompressors } from "../../components/zstd.ts";

let dir: string;
let file: ArrayBuffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "zstd-"));
  const duck = await (await DuckDBInstance.create(":memory:")).connect();
  // Long, varied strings (several zstd blocks per page) and a JSON column, in 4,096-row groups as the report writes.
  await duck.run(`COPY (SELECT i::INTEGER AS item, repeat('response ' || i || ' ', 1 + i % 40) || md5(i::VARCHAR) AS text,
      json_object('n', i, 'objects', [md5((i * 7)::VARCHAR), 'car']) AS scene FROM range(10000) t(i))
    TO '${join(dir, "t.parquet")}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 4096)`);
  duck.closeSync();
  const bytes = readFileSync(join(dir, "t.parquet"));
  file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("parquetCompressors", () => {
  it("uses the WebAssembly decoder once started, not fzstd", async () => {
    const compressors = await parquetCompressors();
    expect(compressors.ZSTD).toBeTypeOf("function");
    expect(compressors.ZSTD).not.toBe(fzstd.ZSTD);
    expect(compressors.SNAPPY).toBe(fzstd.SNAPPY);
  });

  it("reads every row as fzstd reads it", async () => {
    const metadata = parquetMetadata(file);
    expect(metadata.row_groups[0]!.columns[1]!.meta_data!.codec).toBe("ZSTD");
    const wasm = await parquetReadObjects({ file, metadata, compressors: await parquetCompressors() });
    const plain = await parquetReadObjects({ file, metadata, compressors: fzstd });
    expect(wasm.length).toBe(10_000);
    expect(wasm).toEqual(plain);
    expect(wasm[9_999]!.text).toMatch(/^response 9999 /);
  });
});
