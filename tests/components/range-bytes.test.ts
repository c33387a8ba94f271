// rangeBytes (components/range-bytes.ts), the one way the pages read a piece of a report file by byte range:
// against scripts/serve-dist.js, and against a server that ignores ranges.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rangeBytes } from "../../components/range-bytes.ts";
import { serveDist } from "../../scripts/serve-dist.js";

const BYTES = Uint8Array.from({ length: 1_000 }, (_, i) => (i * 7) % 251);
let dir: string;
let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "range-bytes-"));
  writeFileSync(join(dir, "f.bin"), BYTES);
  server = await serveDist(dir);
});
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("rangeBytes", () => {
  it("reads exactly the bytes asked for, one range request each, and counts what came", async () => {
    const ranges: Array<string | null> = [];
    const read = rangeBytes(`${server.url}f.bin`, "f.bin", (input, init) => {
      ranges.push(new Headers(init?.headers).get("range"));
      return fetch(input, init);
    });
    expect(await read(10, 20)).toEqual(BYTES.subarray(10, 20));
    expect(await read(990, 1_000)).toEqual(BYTES.subarray(990));
    expect(await read(5, 5)).toEqual(new Uint8Array(0));
    expect(ranges).toEqual(["bytes=10-19", "bytes=990-999"]);
    expect(read.fetched()).toBe(20);
  });

  it("keeps the whole file a server without ranges sends, and slices it from then on", async () => {
    let requests = 0;
    const read = rangeBytes(`${server.url}f.bin`, "f.bin", (input) => {
      requests++;
      return fetch(input);
    });
    expect(await read(10, 20)).toEqual(BYTES.subarray(10, 20));
    expect(await read(500, 600)).toEqual(BYTES.subarray(500, 600));
    expect(requests).toBe(1);
    expect(read.fetched()).toBe(BYTES.length);
  });

  it("names the file on an HTTP error and on a short read", async () => {
    await expect(rangeBytes(`${server.url}none.bin`, "none.bin")(0, 8)).rejects.toThrow("none.bin: HTTP 404 for bytes 0-7");
    const noRanges: typeof fetch = (input) => fetch(input);
    await expect(rangeBytes(`${server.url}f.bin`, "f.bin", noRanges)(996, 1_004)).rejects.toThrow("f.bin: expected 8 bytes at 996, got 4");
  });
});
