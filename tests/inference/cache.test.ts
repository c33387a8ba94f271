// The cache on real files: a torn last line is cut off on open, the newest row per (item, key) wins,
// concurrent appends land as whole lines; the out file keeps other runs' rows and replaces this run's.
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ResponseCache, cacheFile, scanCacheFile } from "../../loaders/inference/cache.ts";
import { writeOutRows } from "../../loaders/inference/out.ts";
import type { ResponseRow } from "../../loaders/inference/row.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-cache-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const row = (item: string, key: string, response: string | null): ResponseRow => ({
  run: "r/1", item, response, error: response === null ? { class: "server_error", message: "HTTP 500", attempts: 5 } : null,
  backend: "openai", model: "m", prompt: "unaligned", prompt_hash: "h", settings: {}, latency_ms: 1, cache_key: key, created_at: "2026-01-01T00:00:00.000Z",
});

test("torn tail cut, newest row per (item, key) wins, other keys kept apart", async () => {
  const file = cacheFile(dir, "r/1");
  expect(file).toBe(join(dir, "r%2F1.jsonl"));
  await writeFile(file, [row("a", "k1", null), row("a", "k1", "yes"), row("b", "k2", "no")].map((r) => JSON.stringify(r) + "\n").join(""));
  await appendFile(file, JSON.stringify(row("c", "k3", "torn")).slice(0, 40));
  const cache = await ResponseCache.open(dir, "r/1");
  expect(cache.report).toEqual({ rows: 3, truncatedBytes: 40, skippedLines: 0 });
  expect(cache.get("a", "k1")!.response).toBe("yes");
  expect(cache.get("a", "k2")).toBeUndefined();
  expect(cache.get("c", "k3")).toBeUndefined();
  for (let i = 0; i < 50; i++) cache.append(row(`n${i}`, `k${i}`, "x".repeat(i * 100)));
  await cache.flush();
  for (let i = 50; i < 60; i++) cache.append(row(`n${i}`, `k${i}`, "y"));
  await cache.close();
  const text = await readFile(file, "utf8");
  const lines = text.trimEnd().split("\n");
  expect(lines).toHaveLength(63);
  for (const line of lines) JSON.parse(line);
  const reopened = await ResponseCache.open(dir, "r/1");
  expect(reopened.report).toEqual({ rows: 63, truncatedBytes: 0, skippedLines: 0 });
  expect(reopened.latest("a")!.response).toBe("yes");
  await reopened.close();
});

test("scanCacheFile: every line across read chunks, multi-byte text at a chunk's edge, a line longer than a chunk, blank and broken lines, a torn tail", async () => {
  const file = join(dir, "scan.jsonl");
  // Lines of varying length and UTF-8 width (1-4 bytes per character), so chunk edges (4 MiB) fall inside
  // characters, and one line (10 MB) longer than two chunks.
  const values: unknown[] = [];
  const lines: string[] = [];
  for (let i = 0; i < 40_000; i++) {
    const value = i === 20_000 ? { i, text: "é€😀".repeat(1_100_000) } : { i, text: "aé€😀".repeat(i % 97) };
    values.push(value);
    lines.push(JSON.stringify(value));
    if (i % 5000 === 0) lines.push("", "{not json", "\r");
  }
  await writeFile(file, lines.join("\n") + "\n" + '{"torn": "é');
  const seen: unknown[] = [];
  const report = await scanCacheFile(file, false, (value) => (seen.push(value), (value as { i: number }).i % 1000 !== 1));
  expect(seen).toEqual(values);
  expect(report).toEqual({ rows: 40_000 - 40, skippedLines: 40 + 2 * 8, truncatedBytes: Buffer.byteLength('{"torn": "é') });
  await scanCacheFile(file, true, () => true);
  expect((await readFile(file, "utf8")).endsWith(lines.at(-1)! + "\n")).toBe(true);
});

test("one item under several keys: latest is the newest row, an older key appended again comes last", async () => {
  const cache = await ResponseCache.open(dir, "r/keys");
  await cache.append(row("a", "k1", "first"));
  expect(cache.latest("a")!.response).toBe("first");
  await cache.append(row("a", "k2", "second"));
  expect([cache.get("a", "k1")!.response, cache.get("a", "k2")!.response, cache.latest("a")!.response]).toEqual(["first", "second", "second"]);
  await cache.append(row("a", "k1", "first again"));
  expect(cache.latest("a")!.response).toBe("first again");
  expect(cache.latest("a", (r) => r.cache_key === "k2")!.response).toBe("second");
  // A row longer than the 1 MiB write buffer (in UTF-8) between short ones: every line whole, in order.
  const long = "é".repeat(600_000);
  cache.append(row("b", "k1", "before"));
  cache.append(row("c", "k1", long));
  cache.append(row("d", "k1", "after"));
  await cache.close();
  const reopened = await ResponseCache.open(dir, "r/keys");
  expect(reopened.report).toEqual({ rows: 6, truncatedBytes: 0, skippedLines: 0 });
  expect(["a", "b", "c", "d"].map((item) => reopened.latest(item)!.response)).toEqual(["first again", "before", long, "after"]);
  await reopened.close();
});

test("the out file: this run's rows replaced, other runs' kept, written whole", async () => {
  const out = join(dir, "out.jsonl");
  await writeOutRows(out, ["r/1"], [row("a", "k", "one"), row("b", "k", "two")]);
  await writeOutRows(out, ["r/2"], [{ ...row("a", "k", "other"), run: "r/2" }]);
  await writeOutRows(out, ["r/1"], [row("a", "k", "three"), row("b", "k", "four")]);
  const rows = (await readFile(out, "utf8")).trimEnd().split("\n").map((line) => JSON.parse(line) as ResponseRow);
  expect(rows.map((r) => [r.run, r.item, r.response])).toEqual([["r/2", "a", "other"], ["r/1", "a", "three"], ["r/1", "b", "four"]]);
});

test("a cache file that cannot be opened: append rejects (every queued append), and so do later appends and flushes", { timeout: 2_000 }, async () => {
  const runDir = join(dir, "unopenable");
  const cache = await ResponseCache.open(runDir, "r/1");
  // The run's cache file becomes a folder once the (empty) cache is read: opening it for appends fails (EISDIR).
  await mkdir(cacheFile(runDir, "r/1"));
  const first = cache.append(row("a", "k1", "yes"));
  const second = cache.append(row("b", "k2", "no"));
  await expect(first).rejects.toMatchObject({ code: "EISDIR" });
  await expect(second).rejects.toMatchObject({ code: "EISDIR" });
  await expect(cache.append(row("c", "k3", "later"))).rejects.toMatchObject({ code: "EISDIR" });
  await expect(cache.flush()).rejects.toMatchObject({ code: "EISDIR" });
  await expect(cache.close()).rejects.toMatchObject({ code: "EISDIR" });
});

test("the out file: a line that is not JSON is an error naming file and line, and the file is left as it was", async () => {
  const out = join(dir, "out-foreign.jsonl");
  const text = [JSON.stringify(row("a", "k", "one")), "", "# notes of mine", JSON.stringify({ ...row("b", "k", "two"), run: "r/2" })].join("\n") + "\n";
  await writeFile(out, text);
  await expect(writeOutRows(out, ["r/1"], [row("a", "k", "three")])).rejects.toThrow(`invalid line: "# notes of mine" (${out}:3)`);
  expect(await readFile(out, "utf8")).toBe(text);
});
