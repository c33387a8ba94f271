// components/group-footers.ts reading what loaders/storage/parquet-group-footers.ts writes: the header, a header
// longer than the first request, a server without byte ranges, and files that are not group footers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openGroupFooters, parseGroupFootersHeader } from "../../components/group-footers.ts";
import { groupFootersBytes, writeGroupFooters } from "../../loaders/storage/parquet-group-footers.ts";
import { serveDist } from "../../scripts/serve-dist.js";

let dir: string;
let server: { url: string; close(): Promise<void> };
let file: ArrayBuffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "group-footers-"));
  const duck = await (await DuckDBInstance.create(":memory:")).connect();
  await duck.run(`COPY (SELECT i::INTEGER AS item, 'text ' || i AS text FROM range(10000) t(i))
    TO '${join(dir, "t.parquet")}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 4096)`);
  duck.closeSync();
  const bytes = readFileSync(join(dir, "t.parquet"));
  file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  await writeGroupFooters(join(dir, "t.parquet"), join(dir, "t-footers.bin"));
  // 5,000 groups (each the file's first, again): a header (80 KB) longer than the 64 KB asked for first.
  const metadata = parquetMetadata(file);
  writeFileSync(join(dir, "many-footers.bin"), groupFootersBytes({ ...metadata, row_groups: Array(5_000).fill(metadata.row_groups[0]) }, file.byteLength));
  writeFileSync(join(dir, "junk.bin"), "not a footers file at all");
  server = await serveDist(dir);
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("parseGroupFootersHeader", () => {
  it("asks for more bytes until the whole header is there; null for another file", () => {
    const side = groupFootersBytes(parquetMetadata(file), file.byteLength);
    const groups = parquetMetadata(file).row_groups.length;
    expect(parseGroupFootersHeader(side.subarray(0, 10))).toEqual({ need: 20 });
    expect(parseGroupFootersHeader(side.subarray(0, 50))).toEqual({ need: 20 + 16 * (groups + 1) });
    const header = parseGroupFootersHeader(side);
    expect(header && !("need" in header) && header.starts).toEqual([0, 4_096, 8_192, 10_000]);
    expect(parseGroupFootersHeader(new TextEncoder().encode("PAR1 and more bytes than twenty"))).toBeNull();
    expect(parseGroupFootersHeader(new Uint8Array())).toBeNull();
  });
});

describe("openGroupFooters", () => {
  it("reads a long header with a second request; each footer reads its group's rows", async () => {
    const ranges: string[] = [];
    const logging: typeof fetch = (input, init) => { ranges.push(new Headers(init?.headers).get("range") ?? ""); return fetch(input, init); };
    const many = await openGroupFooters(`${server.url}many-footers.bin`, logging);
    expect(ranges).toEqual(["bytes=0-65535", `bytes=0-${20 + 16 * 5_001 - 1}`]);
    expect(many!.starts.length).toBe(5_001);
    const first = await parquetReadObjects({ file, metadata: parquetMetadata(file), compressors, rowStart: 0, rowEnd: 4_096 });
    expect(await parquetReadObjects({ file, metadata: await many!.footer(4_999), compressors })).toEqual(first);
    await expect(many!.footer(5_000)).rejects.toThrow(/no row group 5000/);

    const footers = await openGroupFooters(`${server.url}t-footers.bin`);
    expect(footers!.starts).toEqual([0, 4_096, 8_192, 10_000]);
    expect(footers!.fileLength).toBe(file.byteLength);
    for (const g of [0, 1, 2]) {
      const rows = await parquetReadObjects({ file, metadata: await footers!.footer(g), compressors });
      expect(rows.length).toBe(footers!.starts[g + 1]! - footers!.starts[g]!);
      expect(rows[0]).toEqual({ item: footers!.starts[g], text: `text ${footers!.starts[g]}` });
    }
  });

  it("fetchGroups: one request for groups within the span, one per group beyond it", async () => {
    const ranges: string[] = [];
    const logging: typeof fetch = (input, init) => { ranges.push(new Headers(init?.headers).get("range") ?? ""); return fetch(input, init); };
    const near = await openGroupFooters(`${server.url}many-footers.bin`, logging);
    ranges.length = 0;
    await near!.fetchGroups([1_200, 10, 600, 10]);
    expect(ranges.length).toBe(1);
    await near!.footer(600);
    expect(ranges.length).toBe(1);
    const far = await openGroupFooters(`${server.url}many-footers.bin`, logging);
    ranges.length = 0;
    await far!.fetchGroups([1, 3_000, 4_999], 10_000);
    expect(ranges.length).toBe(3);
    expect(await parquetReadObjects({ file, metadata: await far!.footer(3_000), compressors, rowStart: 0, rowEnd: 1 })).toEqual([{ item: 0, text: "text 0" }]);
  });

  it("slices every footer from the whole file where the server sends it all", async () => {
    let calls = 0;
    const noRanges: typeof fetch = (input) => { calls++; return fetch(input); };
    const footers = await openGroupFooters(`${server.url}t-footers.bin`, noRanges);
    const rows = await parquetReadObjects({ file, metadata: await footers!.footer(2), compressors });
    expect(rows[0]).toEqual({ item: 8_192, text: "text 8192" });
    expect(calls).toBe(1);
  });

  it("is null for a missing file or one that is not group footers", async () => {
    expect(await openGroupFooters(`${server.url}none.bin`)).toBeNull();
    expect(await openGroupFooters(`${server.url}junk.bin`)).toBeNull();
  });
});
