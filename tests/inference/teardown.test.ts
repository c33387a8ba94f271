// One item failing hard (ffmpeg missing while another item's frames are already in the frame cache) stops
// the run: no request starts after the failure, the ones already sent are waited for and cached, and the
// cache is closed before inferRun rejects, so nothing is sent or appended after it returns.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ExperimentConfigSchema } from "../../loaders/config/schema.ts";
import { cacheFile } from "../../loaders/inference/cache.ts";
import { builtinChat } from "../../loaders/inference/builtin-model.ts";
import { sampleFrames } from "../../loaders/inference/frames.ts";
import { inferRun } from "../../loaders/inference/run.ts";
import { startChatServer, type RunningServer } from "../../loaders/inference/server.ts";
import type { Item } from "../../loaders/items/schema.ts";

let dir: string;
let server: RunningServer;
const frames = { count: 2, maxSide: 64, quality: 50 };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-teardown-"));
  server = await startChatServer({ modelName: "builtin", model: builtinChat, latencyMs: 100, port: 0, host: "127.0.0.1" });
  execFileSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=duration=1:size=96x64:rate=10", "-pix_fmt", "yuv420p", join(dir, "clip.mp4")]);
  // clip.mp4's frames are in the frame cache (sampled with the real ffmpeg); other.mp4's are not.
  await sampleFrames(join(dir, "clip.mp4"), frames, join(dir, "frames"));
  await writeFile(join(dir, "other.mp4"), "not sampled yet");
}, 60_000);
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

test("a hard failure: no request after it, the requests in flight finish and are cached, then inferRun rejects", async () => {
  const config = ExperimentConfigSchema.parse({
    models: [{ id: "m", backend: "openai", model: "builtin", baseUrl: server.url, retries: 0, video: { frames: { ...frames, dir } } }],
    runs: [{ id: "r", model: "m", prompt: "unaligned", variant: "unaligned" }],
  });
  const item = (id: string, video: string): Item => ({ id, dataset: "t", category: "answerable", video, question: `What is in ${id}?`, reference: "bars" });
  const items = [item("c1", "clip"), item("c2", "clip"), item("bad", "other"), ...[3, 4, 5, 6, 7, 8].map((i) => item(`c${i}`, "clip"))];
  let started = 0;
  let inFlight = 0;
  const counting: typeof fetch = async (input, init) => {
    started++;
    inFlight++;
    try {
      return await fetch(input, init);
    } finally {
      inFlight--;
    }
  };
  const cacheDir = join(dir, "cache", "responses");
  let error: unknown;
  await inferRun({
    config, runId: "r", items, cacheDir, framesCacheDir: join(dir, "frames"), concurrency: 2, progress: false, log: () => {},
    fetch: counting, frameTools: { ffmpeg: join(dir, "no-ffmpeg"), ffprobe: join(dir, "no-ffprobe") },
  }).catch((e: unknown) => (error = e));
  expect((error as Error).message).toMatch(/not found \(install ffmpeg\)$/);
  expect(inFlight).toBe(0);
  const startedAtReject = started;
  const cached = await readFile(cacheFile(cacheDir, "r"), "utf8");
  expect(startedAtReject).toBeLessThan(items.length - 1);
  // Every request sent was answered and is in the cache, as whole lines.
  expect(cached.trimEnd().split("\n").map((line) => JSON.parse(line).item)).toHaveLength(startedAtReject);
  // Well past the time the remaining items would take (100 ms each, two at a time): nothing more happens.
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(started).toBe(startedAtReject);
  expect(await readFile(cacheFile(cacheDir, "r"), "utf8")).toBe(cached);
}, 30_000);
