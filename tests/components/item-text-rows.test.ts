// item-text-rows.bin as the item view reads it (components/item-text-rows.ts): one HTTP range request per item,
// served by scripts/serve-dist.js, and null where the report has no such file or item.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeTextRows, itemTextRowsFile } from "../../components/item-text-rows.ts";
import { int32LittleEndian } from "../../loaders/pipeline/report-tables.ts";
import { serveDist } from "../../scripts/serve-dist.js";

const RUNS = 3;
const ITEMS = 1_000;
// item i, run r: row r * ITEMS + i, except where (i + r) % 7 == 0 (the run has no row for it)
const rowOf = (i: number, r: number) => ((i + r) % 7 === 0 ? -1 : r * ITEMS + i);
let dir: string;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "item-text-rows-"));
  const values = Int32Array.from({ length: ITEMS * RUNS }, (_, k) => rowOf(Math.floor(k / RUNS), k % RUNS));
  writeFileSync(join(dir, "item-text-rows.bin"), int32LittleEndian(values));
  server = await serveDist(dir);
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("decodeTextRows", () => {
  it("reads little-endian int32s and leaves out -1", () => {
    const bytes = new Uint8Array([5, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 1, 0, 0]);
    expect(decodeTextRows(bytes)).toEqual([5, 256]);
    expect(decodeTextRows(new Uint8Array(0))).toEqual([]);
  });
});

describe("itemTextRowsFile", () => {
  it("gives each item's rows in run order, one range request of 4 bytes per run", async () => {
    const requests: Array<string | null> = [];
    const counting: typeof fetch = (input, init) => {
      requests.push(new Headers(init?.headers).get("range"));
      return fetch(input, init);
    };
    const file = itemTextRowsFile(`${server.url}item-text-rows.bin`, RUNS, { fetch: counting });
    for (const item of [0, 1, 6, 500, ITEMS - 1]) {
      const expected = Array.from({ length: RUNS }, (_, r) => rowOf(item, r)).filter((row) => row >= 0);
      expect(await file.rowsOf(item)).toEqual(expected);
    }
    expect(requests).toEqual([0, 1, 6, 500, ITEMS - 1].map((i) => `bytes=${i * 12}-${i * 12 + 11}`));
  });

  it("answers null past the last item, for a bad index, and where the report has no such file", async () => {
    const file = itemTextRowsFile(`${server.url}item-text-rows.bin`, RUNS);
    expect(await file.rowsOf(ITEMS)).toBeNull();
    expect(await file.rowsOf(-1)).toBeNull();
    expect(await file.rowsOf(1.5)).toBeNull();
    expect(await itemTextRowsFile(`${server.url}no-such.bin`, RUNS).rowsOf(0)).toBeNull();
  });

  it("slices the whole file where the server ignores byte ranges (one request)", async () => {
    let requests = 0;
    const noRanges: typeof fetch = async (input) => {
      requests++;
      return fetch(input);
    };
    const file = itemTextRowsFile(`${server.url}item-text-rows.bin`, RUNS, { fetch: noRanges });
    expect(await file.rowsOf(6)).toEqual([0, 1, 2].map((r) => rowOf(6, r)).filter((row) => row >= 0));
    expect(await file.rowsOf(7)).toEqual([0, 1, 2].map((r) => rowOf(7, r)).filter((row) => row >= 0));
    expect(await file.rowsOf(ITEMS)).toBeNull();
    expect(requests).toBe(1);
  });
});
