// `uvqa batch import` when the cache cannot be written while items are still being prepared: the import
// rejects with the write error, and no append promise is left rejected without a handler (which would
// crash the process before the cache is closed). Nothing is faked: the run samples real frames (ffmpeg,
// at export), the import re-reads them from the frames cache for each item (real disk reads, so the
// cache's first write happens while later items are still being prepared), and the write fails because
// the kernel refuses it: the import runs in a child process whose file-size limit (ulimit -f) is smaller
// than the rows (Node ignores SIGXFSZ, so the write returns EFBIG).
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ExperimentConfigSchema } from "../../loaders/config/schema.ts";
import { exportBatch } from "../../loaders/inference/batch/export.ts";
import { cacheFile } from "../../loaders/inference/cache.ts";
import type { Item } from "../../loaders/items/schema.ts";
import { toJsonl } from "../../loaders/storage/jsonl.ts";
import { jsonl, repoRoot } from "./helpers.ts";

const RUN = "m/unaligned";
const ITEMS = 150;
let dir: string;

const configInput = (videos: string) => ({
  // Never contacted: the answers come from the output file.
  models: [{ id: "m", backend: "openai", model: "x", baseUrl: "http://127.0.0.1:9/v1", video: { frames: { count: 2, maxSide: 64, quality: 70, dir: videos } } }],
  runs: [{ id: RUN, model: "m", prompt: "unaligned", variant: "unaligned" }],
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-batch-write-error-"));
  execFileSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=duration=2:size=96x64:rate=10", "-pix_fmt", "yuv420p", join(dir, "clip.mp4")]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `script` with node (through tsx) under `ulimit -f <kb>`; returns its stdout. */
function limited(script: string, kb: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn("bash", ["-c", `ulimit -f ${kb} && exec "${process.execPath}" --import tsx "${script}"`], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((done) => child.once("close", (code) => done({ code, stdout, stderr })));
}

test("a cache write refused by the kernel during a batch import rejects the import, with no unhandled rejection", async () => {
  const config = ExperimentConfigSchema.parse(configInput(dir));
  const items: Item[] = Array.from({ length: ITEMS }, (_, i) => ({ id: `q${i}`, dataset: "t", category: "answerable", video: "clip", question: `What happens in part ${i}?`, reference: "r" }));
  await writeFile(join(dir, "items.json"), JSON.stringify(items));
  await writeFile(join(dir, "config.json"), JSON.stringify(configInput(dir)));

  // Export (no limit): samples the frames into the frames cache and writes one request per item.
  const cacheDir = join(dir, "cache", "responses");
  const exported = await exportBatch({ config, runId: RUN, items, out: join(dir, "requests.jsonl"), cacheDir, progress: false, log: () => {} });
  expect(exported).toMatchObject({ requests: ITEMS, unsendable: [] });
  const requests = jsonl(await readFile(join(dir, "requests.jsonl"), "utf8")) as Array<{ custom_id: string }>;
  await writeFile(join(dir, "output.jsonl"), toJsonl(requests.map((request, i) => ({
    id: `batch_req_${i}`, custom_id: request.custom_id, error: null,
    response: { status_code: 200, request_id: `req_${i}`, body: { choices: [{ message: { content: `Answer ${i}.` }, finish_reason: "stop" }] } },
  }))));

  const script = join(dir, "import.mts");
  await writeFile(script, `
import { readFileSync } from "node:fs";
import { ExperimentConfigSchema } from ${JSON.stringify(join(repoRoot, "loaders/config/schema.ts"))};
import { importBatchOutput } from ${JSON.stringify(join(repoRoot, "loaders/inference/batch/import.ts"))};
const unhandled = [];
process.on("unhandledRejection", (reason) => void unhandled.push(String(reason)));
const config = ExperimentConfigSchema.parse(JSON.parse(readFileSync(${JSON.stringify(join(dir, "config.json"))}, "utf8")));
const items = JSON.parse(readFileSync(${JSON.stringify(join(dir, "items.json"))}, "utf8"));
let rejected = null;
try {
  await importBatchOutput({ config, runId: ${JSON.stringify(RUN)}, items, file: ${JSON.stringify(join(dir, "output.jsonl"))}, cacheDir: ${JSON.stringify(cacheDir)}, progress: false });
} catch (error) {
  rejected = error.code ?? String(error);
}
await new Promise((resolve) => setTimeout(resolve, 100));
console.log(JSON.stringify({ rejected, unhandled }));
`);
  // 16 KiB: far less than the rows of 150 items with their frame hashes.
  const result = await limited(script, 16);
  expect(result.code, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout.trim().split("\n").at(-1)!)).toEqual({ rejected: "EFBIG", unhandled: [] });
  // The kernel let through what fits under the limit, and no more.
  const file = cacheFile(cacheDir, RUN);
  expect(existsSync(file)).toBe(true);
  expect((await stat(file)).size).toBeLessThanOrEqual(16 * 1024);
});
