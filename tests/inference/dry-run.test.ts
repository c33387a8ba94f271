// A dry run changes nothing on disk: a torn last line stays (the next real run cuts it), no cache folder
// is made. What the cache holds is still read, so cached items are not counted as requests.
import { existsSync } from "node:fs";
import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ExperimentConfigSchema } from "../../loaders/config/schema.ts";
import { cacheFile } from "../../loaders/inference/cache.ts";
import { inferRun } from "../../loaders/inference/run.ts";
import type { Item } from "../../loaders/items/schema.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-dry-run-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const config = ExperimentConfigSchema.parse({
  models: [{ id: "builtin", backend: "builtin", context: "scene" }],
  runs: [{ id: "b", model: "builtin", prompt: "unaligned", variant: "unaligned" }],
});
const items: Item[] = ["a", "b", "c"].map((id) => ({ id, dataset: "t", category: "answerable", video: id, question: `Is there a ${id}?`, reference: "yes" }));

test("--dry-run leaves a torn cache file as it is and makes no cache folder", async () => {
  const cacheDir = join(dir, "cache");
  await inferRun({ config, runId: "b", items: items.slice(0, 2), cacheDir, progress: false, log: () => {} });
  await appendFile(cacheFile(cacheDir, "b"), '{"run":"b","item":"c","resp');
  const before = await readFile(cacheFile(cacheDir, "b"), "utf8");
  const printed: string[] = [];
  const logged: string[] = [];
  const rows = await inferRun({ config, runId: "b", items, cacheDir, dryRun: true, print: (line) => printed.push(line), log: (line) => logged.push(line) });
  expect(rows.map((row) => row.item)).toEqual(["a", "b"]);
  expect(printed.map((line) => JSON.parse(line).item)).toEqual(["c"]);
  expect(await readFile(cacheFile(cacheDir, "b"), "utf8")).toBe(before);
  expect(logged.join("\n")).toContain("left a torn last line (27 bytes)");

  const nowhere = join(dir, "no-cache-yet");
  await inferRun({ config, runId: "b", items, cacheDir: nowhere, dryRun: true, print: () => {}, log: () => {} });
  expect(existsSync(nowhere)).toBe(false);
});

test("cache lines that are not rows are counted on stderr (their items are asked again)", async () => {
  const cacheDir = join(dir, "skipped");
  await inferRun({ config, runId: "b", items: items.slice(0, 1), cacheDir, progress: false, log: () => {} });
  await appendFile(cacheFile(cacheDir, "b"), JSON.stringify({ run: "b", item: "b", answer: "an old row format" }) + "\n");
  const logged: string[] = [];
  const rows = await inferRun({ config, runId: "b", items: items.slice(0, 2), cacheDir, progress: false, log: (line) => logged.push(line) });
  expect(rows).toHaveLength(2);
  expect(logged.join("\n")).toContain(`b: skipped 1 line(s) of ${cacheFile(cacheDir, "b")} that are not response rows`);
});
