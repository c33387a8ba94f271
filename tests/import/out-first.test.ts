// `uvqa import --out` that cannot be written leaves the response cache as it was: the --out file is
// prepared (read, checked, staged beside its target) before the cache is appended to, and only renamed
// into place once the cache has the rows.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { cacheFile } from "../../loaders/inference/cache.ts";
import { runCli } from "../batch/helpers.ts";

let dir: string;
const path = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-import-out-"));
  await writeFile(path("preds.jsonl"), [{ id: "q1", response: "A man is cooking." }, { id: "q2", response: "No dog is shown." }].map((r) => JSON.stringify(r)).join("\n") + "\n");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("an --out file with a line that is not JSON: the import fails and the cache gets nothing", async () => {
  await writeFile(path("notes.jsonl"), '{"run":"other","item":"x","response":"kept"}\n# my notes\n');
  const result = await runCli(["import", "--from", "jsonl", "--file", path("preds.jsonl"), "--run", "r/one", "--cache", path("cache"), "--out", path("notes.jsonl")]);
  expect(result.code).toBe(2);
  expect(result.stderr.trim()).toBe(`uvqa: invalid line: "# my notes" (${path("notes.jsonl")}:2)`);
  expect(existsSync(cacheFile(path("cache"), "r/one"))).toBe(false);
  expect(await readFile(path("notes.jsonl"), "utf8")).toBe('{"run":"other","item":"x","response":"kept"}\n# my notes\n');
});

test("an --out path that is a folder: the import fails and the cache gets nothing", async () => {
  await mkdir(path("out-dir.jsonl"));
  const result = await runCli(["import", "--from", "jsonl", "--file", path("preds.jsonl"), "--run", "r/two", "--cache", path("cache"), "--out", path("out-dir.jsonl")]);
  // One line naming the flag and the folder (issue 13, item 11), not an EISDIR stack trace.
  expect(result).toMatchObject({ code: 2, stderr: `uvqa: --out names a folder, not a file: ${path("out-dir.jsonl")}\n` });
  expect(existsSync(cacheFile(path("cache"), "r/two"))).toBe(false);
});

test("a cache that cannot be written leaves --out as it was", async () => {
  await writeFile(path("kept.jsonl"), '{"run":"other","item":"x","response":"kept"}\n');
  // The run's cache file is a folder: opening the cache fails before anything is renamed into --out.
  await mkdir(cacheFile(path("cache"), "r/three"), { recursive: true });
  const result = await runCli(["import", "--from", "jsonl", "--file", path("preds.jsonl"), "--run", "r/three", "--cache", path("cache"), "--out", path("kept.jsonl")]);
  expect(result.code).not.toBe(0);
  expect(result.stderr).toContain("EISDIR");
  expect(await readFile(path("kept.jsonl"), "utf8")).toBe('{"run":"other","item":"x","response":"kept"}\n');
});
