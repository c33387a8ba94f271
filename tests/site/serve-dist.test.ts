// scripts/serve-dist.js on a real 127.0.0.1 port: files that are found but cannot be opened or read answer
// an error (or end that one response), and the server keeps serving.
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheControl, parseRange, serveDist } from "../../scripts/serve-dist.js";

// Regular files (per stat) that even root cannot open for reading (procfs write-only sysctl, mode 0200),
// and one that opens but fails on read (EIO at offset 0).
const WRITE_ONLY = "/proc/sys/vm/drop_caches";
const READ_FAILS = "/proc/self/mem";
const isRoot = process.getuid?.() === 0;

describe("serve-dist", () => {
  let dir: string;
  let server: { url: string; close: () => Promise<void> };
  const log: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "uvqa-serve-"));
    await writeFile(join(dir, "index.html"), "<p>hi</p>");
    await writeFile(join(dir, "data.json"), "{}");
    await writeFile(join(dir, "digits.bin"), "0123456789");
    await mkdir(join(dir, "empty"));
    await writeFile(join(dir, "locked.txt"), "secret");
    await chmod(join(dir, "locked.txt"), 0o000);
    if (existsSync(WRITE_ONLY)) await symlink(WRITE_ONLY, join(dir, "write-only.txt"));
    if (existsSync(READ_FAILS)) await symlink(READ_FAILS, join(dir, "read-fails.bin"));
    server = await serveDist(dir, { log: (line) => log.push(line) });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const alive = async () => {
    const response = await fetch(new URL("data.json", server.url));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.text()).toBe("{}");
  };

  it("lets browsers keep Framework's hashed assets for good, and revalidate pages", async () => {
    await mkdir(join(dir, "_file", "data"), { recursive: true });
    await writeFile(join(dir, "_file", "data", "scores.0123abcd.arrow"), "arrow");
    const asset = await fetch(new URL("_file/data/scores.0123abcd.arrow", server.url));
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await asset.text()).toBe("arrow");
    for (const path of ["", "index.html", "data.json"]) {
      const page = await fetch(new URL(path, server.url));
      expect(page.headers.get("cache-control")).toBe("no-cache");
      await page.arrayBuffer();
    }
    // A range of an asset carries the same header (hyparquet's reads of a report's Parquet files).
    const range = await fetch(new URL("_file/data/scores.0123abcd.arrow", server.url), { headers: { range: "bytes=1-2" } });
    expect(range.status).toBe(206);
    expect(range.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await range.text()).toBe("rr");
    expect(cacheControl("/_npm/d3@7.9.2/abcdef12.js")).toBe("public, max-age=31536000, immutable");
    expect(cacheControl("/_filex/a.js")).toBe("no-cache");
    expect(cacheControl("/explorer")).toBe("no-cache");
  });

  it("serves files and answers 404 for a directory without index.html", async () => {
    await alive();
    expect((await fetch(new URL("empty", server.url))).status).toBe(404);
    expect((await fetch(new URL("empty/", server.url))).status).toBe(404);
    await alive();
  });

  it.skipIf(isRoot)("answers 403 for a file it cannot open (mode 000), and keeps serving", async () => {
    const response = await fetch(new URL("locked.txt", server.url));
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("cannot read");
    await alive();
  });

  it.skipIf(!existsSync(WRITE_ONLY))("answers 403 for a regular file that even root cannot open, and keeps serving", async () => {
    const response = await fetch(new URL("write-only.txt", server.url));
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("cannot read");
    await alive();
  });

  it.skipIf(!existsSync(READ_FAILS))("ends only that response when the read fails after the headers, and keeps serving", async () => {
    // The headers (200, the size stat gave: 0) may already be out; whatever the client sees, the server lives.
    await fetch(new URL("read-fails.bin", server.url)).then((r) => r.arrayBuffer()).catch(() => null);
    await alive();
    expect(log.some((line) => line.startsWith("read error /read-fails.bin"))).toBe(true);
  });

  it("answers byte ranges (206 with Content-Range), as hyparquet asks for a Parquet file's parts", async () => {
    const get = (range: string) => fetch(new URL("digits.bin", server.url), { headers: { range } });
    let response = await get("bytes=2-4");
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe("bytes 2-4/10");
    expect(await response.text()).toBe("234");
    response = await get("bytes=7-");
    expect([response.status, await response.text()]).toEqual([206, "789"]);
    response = await get("bytes=-3");
    expect([response.status, await response.text()]).toEqual([206, "789"]);
    response = await get("bytes=8-100");
    expect([response.status, response.headers.get("content-range"), await response.text()]).toEqual([206, "bytes 8-9/10", "89"]);
    response = await get("bytes=10-12");
    expect([response.status, response.headers.get("content-range")]).toEqual([416, "bytes */10"]);
    response = await fetch(new URL("digits.bin", server.url));
    expect([response.status, response.headers.get("accept-ranges"), await response.text()]).toEqual([200, "bytes", "0123456789"]);
    await alive();
  });

  it("parseRange: one range, suffix ranges, ranges past the end; several ranges get the whole file", () => {
    expect(parseRange(undefined, 10)).toBeNull();
    expect(parseRange("bytes=0-0", 10)).toEqual({ start: 0, end: 0 });
    expect(parseRange("bytes=-20", 10)).toEqual({ start: 0, end: 9 });
    expect(parseRange("bytes=0-1,4-5", 10)).toBeNull();
    expect(parseRange("bytes=5-2", 10)).toBe("unsatisfiable");
    expect(parseRange("bytes=-0", 10)).toBe("unsatisfiable");
  });
});
