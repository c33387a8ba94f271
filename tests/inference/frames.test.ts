// Frames: a small video made with ffmpeg's test source; frames sampled (count, size, hashes) and sent as
// image parts to `uvqa serve`, which reports the hashes of the images it received. A missing video is a
// recorded failure row ("frames"), not a crash.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ExperimentConfigSchema } from "../../loaders/config/schema.ts";
import { findVideo, frameTimes, sampleFrames } from "../../loaders/inference/frames.ts";
import { inferRun } from "../../loaders/inference/run.ts";
import { ResponseRow } from "../../loaders/inference/row.ts";
import { toJsonl } from "../../loaders/storage/jsonl.ts";
import { jsonl, runCli, startServe, type Served } from "./helpers.ts";

let served: Served;
let dir: string;

function probeSize(file: string): { width: number; height: number } {
  const out = execFileSync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", file], { encoding: "utf8" });
  const [width, height] = out.trim().split(",").map(Number);
  return { width: width!, height: height! };
}

beforeAll(async () => {
  [served, dir] = await Promise.all([startServe(), mkdtemp(join(tmpdir(), "uvqa-frames-"))]);
  execFileSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=duration=4:size=320x240:rate=25", "-pix_fmt", "yuv420p", join(dir, "clip.mp4")]);
});
afterAll(async () => {
  await served?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("frames", () => {
  test("evenly spaced times", () => {
    expect(frameTimes(4, 4)).toEqual([0.5, 1.5, 2.5, 3.5]);
  });

  test("N frames, longest side at most maxSide, hashed, cached by video and settings", async () => {
    const video = await findVideo(dir, "clip"); // no extension: .mp4 found
    const settings = { count: 5, maxSide: 160, quality: 70 };
    const first = await sampleFrames(video, settings, join(dir, "frame-cache"));
    expect(first.jpegs).toHaveLength(5);
    const [cached] = await readdir(join(dir, "frame-cache"));
    const files = (await readdir(join(dir, "frame-cache", cached!))).filter((name) => name.endsWith(".jpg")).sort();
    expect(files).toHaveLength(5);
    for (const [i, name] of files.entries()) {
      expect(probeSize(join(dir, "frame-cache", cached!, name))).toEqual({ width: 160, height: 120 });
      expect(first.hashes[i]).toBe(createHash("sha256").update(await readFile(join(dir, "frame-cache", cached!, name))).digest("hex"));
    }
    // testsrc moves: evenly spaced frames differ.
    expect(new Set(first.hashes).size).toBe(5);
    const again = await sampleFrames(video, settings, join(dir, "frame-cache"));
    expect(again.hashes).toEqual(first.hashes);
    expect(await readdir(join(dir, "frame-cache"))).toHaveLength(1);
  }, 60_000);

  test("uvqa infer --frames-dir sends the frames as image parts; a missing video is a failure row", async () => {
    const items = [
      { id: "f/1", dataset: "f", category: "answerable", video: "clip", question: "What is shown?", reference: "bars" },
      { id: "f/2", dataset: "f", category: "answerable", video: "clip.mp4", question: "What colors are there?", reference: "many" },
      { id: "f/3", dataset: "f", category: "answerable", video: "missing", question: "Anything?", reference: "no" },
    ];
    await writeFile(join(dir, "items.jsonl"), toJsonl(items));
    const result = await runCli(["infer", "--backend", "openai", "--base-url", served.url, "--model", "builtin", "--prompt", "unaligned",
      "--items", join(dir, "items.jsonl"), "--run", "frames", "--out", join(dir, "out.jsonl"), "--frames-dir", dir,
      "--frames", "4", "--max-side", "128", "--quality", "60", "--cache", join(dir, "cache", "responses")]);
    expect(result.code, result.stderr).toBe(0);
    const rows = jsonl(await readFile(join(dir, "out.jsonl"), "utf8")).map((row) => ResponseRow.parse(row));
    const [one, two, missing] = ["f/1", "f/2", "f/3"].map((id) => rows.find((row) => row.item === id)!);
    expect(one!.frames).toMatchObject({ count: 4, max_side: 128, quality: 60 });
    expect(one!.frames!.hashes).toHaveLength(4);
    expect(two!.frames!.hashes).toEqual(one!.frames!.hashes); // same video, same frames
    expect(missing!.error).toMatchObject({ class: "frames", attempts: 0 });
    expect(missing!.error!.message).toContain("no video file");

    const stats = (await (await fetch(`${served.url}/stats`)).json()) as { image_parts: number; image_hashes: string[] };
    expect(stats.image_parts).toBe(8);
    expect(stats.image_hashes.sort()).toEqual([...one!.frames!.hashes, ...two!.frames!.hashes].sort());
    // The frame cache sits beside the response cache, sized to 128 on the longest side.
    const [cached] = await readdir(join(dir, "cache", "frames"));
    expect(probeSize(join(dir, "cache", "frames", cached!, "frame-0000.jpg"))).toEqual({ width: 128, height: 96 });
  }, 60_000);

  test("without ffmpeg the run stops and says so (not one failure row per item)", async () => {
    const config = ExperimentConfigSchema.parse({
      models: [{ id: "b", backend: "builtin", video: { frames: { count: 2, dir } } }],
      runs: [{ id: "r", model: "b", prompt: "unaligned", variant: "unaligned" }],
    });
    const items = [{ id: "a", dataset: "d", category: "answerable" as const, video: "clip", question: "What?", reference: "r" }];
    await expect(inferRun({ config, runId: "r", items, cacheDir: join(dir, "no-ffmpeg", "responses"), progress: false,
      frameTools: { ffmpeg: join(dir, "no-such-ffmpeg"), ffprobe: join(dir, "no-such-ffprobe") } })).rejects.toThrow(/no-such-ffprobe not found \(install ffmpeg\)$/);
  }, 60_000);
});
