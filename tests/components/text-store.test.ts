// components/text-store.ts over a Parquet file DuckDB writes as the report does (zstd, 4,096-row groups, a JSON
// column), served by scripts/serve-dist.js: a file opens with one request (a suffix range, no HEAD), and a row
// read alone equals the same row read with its group.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openByTail, parquetTexts, tailRequest } from "../../components/text-store.ts";
import { serveDist } from "../../scripts/serve-dist.js";

const ROWS = 10_000;
let dir: string;
let server: { url: string; close(): Promise<void> };
const requests: Array<{ method: string; range: string | null }> = [];
const logging: typeof fetch = (input, init) => {
  requests.push({ method: init?.method ?? "GET", range: new Headers(init?.headers).get("range") });
  return fetch(input, init);
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "text-store-"));
  const duck = await (await DuckDBInstance.create(":memory:")).connect();
  await duck.run(`COPY (SELECT i::INTEGER AS item, 'text ' || i || ' é 😀' AS text, CASE WHEN i % 5 = 0 THEN NULL ELSE 'x' || (i % 3) END AS kind,
      json_object('n', i, 'words', ['a', 'b']) AS scene FROM range(${ROWS}) t(i))
    TO '${join(dir, "t.parquet")}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 4096)`);
  duck.closeSync();
  server = await serveDist(dir);
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("parquetTexts", () => {
  it("opens a file with one suffix-range request, no HEAD", async () => {
    requests.length = 0;
    const store = parquetTexts(`${server.url}t.parquet`, { fetch: logging });
    expect(await store.numRows()).toBe(ROWS);
    // the file is under the 512 KB tail: that one request brought all of it
    expect(requests).toEqual([{ method: "GET", range: "bytes=-524288" }]);
    await store.rows(5_000, 5_010);
    expect(requests.length).toBe(1);
  });

  it("takes up a tail request the page sent itself, and sends none of its own", async () => {
    requests.length = 0;
    const sent = tailRequest(`${server.url}t.parquet`, logging);
    const store = parquetTexts(`${server.url}t.parquet`, { fetch: logging, tail: sent });
    expect(await store.numRows()).toBe(ROWS);
    expect(await store.row(7_777)).toMatchObject({ item: 7_777, text: "text 7777 é 😀" });
    expect(requests).toEqual([{ method: "GET", range: "bytes=-524288" }]);
    expect(store.fetched()).toBe(statSync(join(dir, "t.parquet")).size);
  });

  it("row(i) is row i as its group gives it: strings decoded, JSON parsed, nulls kept", async () => {
    const store = parquetTexts(`${server.url}t.parquet`);
    for (const i of [0, 1, 5, 4095, 4096, 7_777, ROWS - 1]) {
      const [fromGroup] = await store.rows(i, i + 1);
      const alone = await store.row(i);
      expect(alone).toEqual(fromGroup);
      expect(alone).toEqual({ item: i, text: `text ${i} é 😀`, kind: i % 5 === 0 ? null : `x${i % 3}`, scene: { n: i, words: ["a", "b"] } });
      expect(await store.row(i, ["kind"])).toEqual({ kind: fromGroup!.kind });
    }
    expect(await store.row(ROWS)).toBeUndefined();
  });
});

describe("openByTail", () => {
  it("serves the tail from its first request and the rest by ranges, each range fetched once", async () => {
    const size = statSync(join(dir, "t.parquet")).size;
    requests.length = 0;
    const file = await openByTail(`${server.url}t.parquet`, logging, 1_000);
    expect(file.byteLength).toBe(size);
    const whole = new Uint8Array(await (await fetch(`${server.url}t.parquet`)).arrayBuffer());
    expect(new Uint8Array(await file.slice(size - 800, size))).toEqual(whole.slice(size - 800));
    expect(new Uint8Array(await file.slice(size - 1_000))).toEqual(whole.slice(size - 1_000));
    expect(requests).toEqual([{ method: "GET", range: "bytes=-1000" }]);
    expect(new Uint8Array(await file.slice(10, 2_000))).toEqual(whole.slice(10, 2_000));
    expect(new Uint8Array(await file.slice(10, 2_000))).toEqual(whole.slice(10, 2_000));
    expect(requests.slice(1)).toEqual([{ method: "GET", range: "bytes=10-1999" }]);
  });

  it("keeps the whole file where the server sends it all (no byte ranges)", async () => {
    let calls = 0;
    const noRanges: typeof fetch = (input) => { calls++; return fetch(input); };
    const file = await openByTail(`${server.url}t.parquet`, noRanges, 1_000);
    const whole = new Uint8Array(await (await fetch(`${server.url}t.parquet`)).arrayBuffer());
    expect(file.byteLength).toBe(whole.byteLength);
    expect(new Uint8Array(await file.slice(3, 300))).toEqual(whole.slice(3, 300));
    expect(calls).toBe(1);
  });

  it("fails with the status for a missing file", async () => {
    await expect(openByTail(`${server.url}none.parquet`, fetch)).rejects.toThrow(/HTTP 404/);
  });
});
