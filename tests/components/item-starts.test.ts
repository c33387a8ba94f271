// item-texts-starts.bin as the item view reads it (components/item-starts.ts): one HTTP range request of 8 bytes
// per item, served by scripts/serve-dist.js, and null where the report has no such file or item.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeRange, itemStartsFile } from "../../components/item-starts.ts";
import { int32LittleEndian, runningSum } from "../../loaders/pipeline/report-tables.ts";
import { serveDist } from "../../scripts/serve-dist.js";

const ITEMS = 1_000;
// item i has i % 4 rows (item 0 none, as an item no run answered)
const counts = Int32Array.from({ length: ITEMS }, (_, i) => i % 4);
const starts = runningSum(counts);
let dir: string;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "item-starts-"));
  writeFileSync(join(dir, "item-texts-starts.bin"), int32LittleEndian(starts));
  server = await serveDist(dir);
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("runningSum and decodeRange", () => {
  it("gives 0 and each running sum, and reads a little-endian pair back", () => {
    expect([...runningSum(Int32Array.from([2, 0, 3]))]).toEqual([0, 2, 2, 5]);
    expect(decodeRange(new Uint8Array([5, 0, 0, 0, 0, 1, 0, 0]))).toEqual([5, 256]);
  });

  it("answers null for anything but two int32s in order", () => {
    expect(decodeRange(new Uint8Array(4))).toBeNull();
    expect(decodeRange(new Uint8Array([5, 0, 0, 0, 4, 0, 0, 0]))).toBeNull();
    expect(decodeRange(new Uint8Array([0xff, 0xff, 0xff, 0xff, 4, 0, 0, 0]))).toBeNull();
  });
});

describe("itemStartsFile", () => {
  it("gives each item's rows [start, end), one range request of 8 bytes per item", async () => {
    const requests: Array<string | null> = [];
    const counting: typeof fetch = (input, init) => {
      requests.push(new Headers(init?.headers).get("range"));
      return fetch(input, init);
    };
    const file = itemStartsFile(`${server.url}item-texts-starts.bin`, { fetch: counting });
    const asked = [0, 1, 6, 500, ITEMS - 1];
    for (const item of asked) expect(await file.rangeOf(item)).toEqual([starts[item], starts[item]! + counts[item]!]);
    expect(requests).toEqual(asked.map((i) => `bytes=${i * 4}-${i * 4 + 7}`));
  });

  it("answers null past the last item, for a bad index, and where the report has no such file", async () => {
    const file = itemStartsFile(`${server.url}item-texts-starts.bin`);
    expect(await file.rangeOf(ITEMS)).toBeNull();
    expect(await file.rangeOf(-1)).toBeNull();
    expect(await file.rangeOf(1.5)).toBeNull();
    expect(await itemStartsFile(`${server.url}no-such.bin`).rangeOf(0)).toBeNull();
  });

  it("slices the whole file where the server ignores byte ranges (one request)", async () => {
    let requests = 0;
    const noRanges: typeof fetch = async (input) => {
      requests++;
      return fetch(input);
    };
    const file = itemStartsFile(`${server.url}item-texts-starts.bin`, { fetch: noRanges });
    expect(await file.rangeOf(6)).toEqual([starts[6], starts[7]]);
    expect(await file.rangeOf(ITEMS - 1)).toEqual([starts[ITEMS - 1], starts[ITEMS]]);
    expect(await file.rangeOf(ITEMS)).toBeNull();
    expect(requests).toBe(1);
  });
});
