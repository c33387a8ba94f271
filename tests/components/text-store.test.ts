// components/text-store.ts over a Parquet file DuckDB writes as the report does (zstd, 4,096-row groups, a JSON
// column), served by scripts/serve-dist.js: a file opens with one request (a suffix range, no HEAD), and a row
// read alone equals the same row read with its group.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openByTail, parquetTexts, tailRequest } from "../../components/text-store.ts";
import { writeGroupFooters } from "../../loaders/storage/parquet-group-footers.ts";
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
      json_object('n', i, 'words', ['a', 'b']) AS scene, encode('r' || i) AS raw FROM range(${ROWS}) t(i))
    TO '${join(dir, "t.parquet")}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 4096)`);
  // Another file of other rows, for footers that do not belong to t.parquet.
  await duck.run(`COPY (SELECT i::INTEGER AS item, 'other ' || i AS text FROM range(5000) t(i))
    TO '${join(dir, "u.parquet")}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 4096)`);
  duck.closeSync();
  await writeGroupFooters(join(dir, "t.parquet"), join(dir, "t-footers.bin"));
  await writeGroupFooters(join(dir, "u.parquet"), join(dir, "u-footers.bin"));
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
      // raw is a BLOB, which hyparquet reads as text (its utf8 default) in a group: a row alone reads the same
      expect(alone).toEqual({ item: i, text: `text ${i} é 😀`, kind: i % 5 === 0 ? null : `x${i % 3}`, scene: { n: i, words: ["a", "b"] }, raw: `r${i}` });
      expect(await store.row(i, ["kind"])).toEqual({ kind: fromGroup!.kind });
    }
    expect(await store.row(ROWS)).toBeUndefined();
  });

  it("row(i) keeps its group: the other rows of that group are read without decoding it again, up to rowGroups groups", async () => {
    const plain = parquetTexts(`${server.url}t.parquet`);
    for (const footers of [`${server.url}t-footers.bin`, null]) {
      // Groups of 4,096 rows (0: rows 0-4095, 1: 4096-8191, 2: the rest), at most two kept.
      const store = parquetTexts(`${server.url}t.parquet`, { footers, rowGroups: 2 });
      expect(store.decodes()).toBe(0);
      for (const i of [10, 11, 4_095, 0, 2_000]) expect(await store.row(i)).toEqual(await plain.row(i));
      expect(store.decodes()).toBe(1);
      expect(await store.row(12, ["kind"])).toEqual({ kind: (await plain.row(12))!.kind });
      expect(store.decodes()).toBe(2); // another column set, another decode
      expect(await store.row(4_096)).toEqual(await plain.row(4_096));
      expect(await store.row(7_000)).toEqual(await plain.row(7_000));
      expect(store.decodes()).toBe(3);
      expect(await store.row(13)).toEqual(await plain.row(13)); // group 0, every column: still kept
      expect(store.decodes()).toBe(3);
      expect(await store.row(9_999)).toEqual(await plain.row(9_999)); // group 2 pushes out the least recently used: group 1
      expect(store.decodes()).toBe(4);
      expect(await store.row(5_000)).toEqual(await plain.row(5_000)); // group 1 was pushed out: decoded again
      expect(store.decodes()).toBe(5);
      expect(await store.row(14)).toEqual(await plain.row(14)); // group 0 went out in its turn
      expect(store.decodes()).toBe(6);
    }
  });
});

describe("parquetTexts through per-group footers (texts-footers.bin)", () => {
  it("reads rows and groups as the file's own footer gives them, with one footer per group and never the file's", async () => {
    const seen: Array<{ url: string; range: string | null }> = [];
    const logUrls: typeof fetch = (input, init) => {
      seen.push({ url: String(input).replace(server.url, ""), range: new Headers(init?.headers).get("range") });
      return fetch(input, init);
    };
    const plain = parquetTexts(`${server.url}t.parquet`);
    const store = parquetTexts(`${server.url}t.parquet`, { fetch: logUrls, footers: `${server.url}t-footers.bin` });
    expect(await store.numRows()).toBe(ROWS);
    expect(await store.starts()).toEqual((await plain.layout()).starts);
    for (const i of [0, 4095, 4096, 7_777, ROWS - 1]) expect(await store.row(i)).toEqual(await plain.row(i));
    expect(await store.row(ROWS)).toBeUndefined();
    expect(await store.rows(4_090, 4_100, ["item", "kind"])).toEqual(await plain.rows(4_090, 4_100, ["item", "kind"]));
    expect(await store.rowsAt([9_000, 3, 5_000])).toEqual(await plain.rowsAt([9_000, 3, 5_000]));
    // t.parquet itself: only byte ranges of its column chunks, never its tail (where its footer is)
    const ofTexts = seen.filter((r) => r.url === "t.parquet");
    expect(ofTexts.length).toBeGreaterThan(0);
    expect(ofTexts.every((r) => /^bytes=\d+-\d+$/.test(r.range ?? ""))).toBe(true);
    // the side file: its header, then one footer per group touched (3 groups), each once
    const ofFooters = seen.filter((r) => r.url === "t-footers.bin");
    expect(ofFooters[0]!.range).toBe("bytes=0-65535");
    expect(ofFooters.length).toBe(1 + 3);
    expect(store.fetched()).toBeGreaterThan(0);
  });

  it("a read of every group (rows) fetches their footers with one request", async () => {
    const seen: string[] = [];
    const logUrls: typeof fetch = (input, init) => {
      if (String(input).endsWith("t-footers.bin")) seen.push(new Headers(init?.headers).get("range") ?? "");
      return fetch(input, init);
    };
    const store = parquetTexts(`${server.url}t.parquet`, { fetch: logUrls, footers: `${server.url}t-footers.bin` });
    const items = (await store.rows(0, ROWS, ["item"])).map((r) => Number(r.item));
    expect(items).toEqual(Array.from({ length: ROWS }, (_, i) => i));
    expect(seen.length).toBe(2); // the header, then the three groups' footers together
    await store.row(5_000);
    expect(seen.length).toBe(2);
  });

  it("an item's rows, one per run in different groups: their footers come with one request (readAheadAt)", async () => {
    const seen: string[] = [];
    const logUrls: typeof fetch = (input, init) => {
      if (String(input).endsWith("t-footers.bin")) seen.push(new Headers(init?.headers).get("range") ?? "");
      return fetch(input, init);
    };
    const store = parquetTexts(`${server.url}t.parquet`, { fetch: logUrls, footers: `${server.url}t-footers.bin` });
    const rows = [9_001, 17, 5_000];
    await store.readAheadAt(rows);
    expect(seen.length).toBe(2); // the header, then groups 0-2's footers together
    const plain = parquetTexts(`${server.url}t.parquet`);
    for (const i of rows) expect(await store.row(i)).toEqual(await plain.row(i));
    expect(seen.length).toBe(2);
    // A row of a later group alone: the header, then that group's footer, and no other group's (group 0's schema
    // is not needed to decode it).
    seen.length = 0;
    const fresh = parquetTexts(`${server.url}t.parquet`, { fetch: logUrls, footers: `${server.url}t-footers.bin` });
    expect(await fresh.row(9_001)).toEqual(await plain.row(9_001));
    expect(seen.length).toBe(2);
  });

  it("refuses footers made for another file, naming both", async () => {
    const store = parquetTexts(`${server.url}t.parquet`, { footers: `${server.url}u-footers.bin` });
    await expect(store.row(5)).rejects.toThrow(/t\.parquet is \d+ bytes, but .*u-footers\.bin describes a file of \d+: the two come from different reports/);
  });

  it("reads through the file's own footer when the report has no footers file", async () => {
    const store = parquetTexts(`${server.url}t.parquet`, { footers: `${server.url}none.bin` });
    expect(await store.row(7_777)).toEqual(await parquetTexts(`${server.url}t.parquet`).row(7_777));
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
