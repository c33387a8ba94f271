// Frames from a local video with ffmpeg: N evenly spaced frames (at the middle of N equal segments,
// duration from ffprobe), scaled so the longest side is at most `maxSide`, JPEG at a given quality,
// each hashed (sha256). Sampled frames are cached on disk by video path + mtime + size + settings.
import { execFile } from "node:child_process";
import { mkdir, readFile, readdir, rename, rm, stat, writeFile, mkdtemp } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { UvqaError } from "../errors.ts";
import { sha256 } from "../prompts/render.ts";

export interface FrameSettings {
  count: number;
  maxSide: number;
  /** 1..100, mapped onto ffmpeg's -q:v 31..2. */
  quality: number;
}

export interface SampledFrames {
  settings: FrameSettings;
  /** JPEG bytes per frame, in time order. */
  jpegs: Uint8Array[];
  hashes: string[];
}

export interface FrameTools {
  ffmpeg: string;
  ffprobe: string;
}

export const defaultFrameTools = (): FrameTools => ({
  ffmpeg: process.env.UVQA_FFMPEG ?? "ffmpeg",
  ffprobe: process.env.UVQA_FFPROBE ?? "ffprobe",
});

export const VIDEO_EXTENSIONS = [".mp4", ".mkv", ".webm", ".avi", ".mov", ".m4v"];

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        reject(new UvqaError(code === "ENOENT" ? `${command} not found (install ffmpeg)` : `${command} failed: ${String(stderr).trim().split("\n").pop() ?? error.message}`));
      } else resolvePromise(String(stdout));
    });
  });
}

/** `<dir>/<video>`, or with a common extension when the name has none; throws when nothing exists. */
export async function findVideo(dir: string, video: string): Promise<string> {
  const base = resolve(dir, video);
  const candidates = extname(video) ? [base] : [base, ...VIDEO_EXTENSIONS.map((ext) => base + ext)];
  for (const path of candidates) {
    try {
      if ((await stat(path)).isFile()) return path;
    } catch { /* next */ }
  }
  throw new UvqaError(`no video file: ${base}${extname(video) ? "" : ` (tried ${VIDEO_EXTENSIONS.join(" ")})`}`);
}

export function ffmpegQuality(quality: number): number {
  return Math.round(31 - ((Math.min(100, Math.max(1, quality)) - 1) * 29) / 99);
}

/** Times (seconds) of `count` evenly spaced frames: the middle of each of `count` equal segments. */
export function frameTimes(duration: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (duration * (i + 0.5)) / count);
}

export async function probeDuration(path: string, tools: FrameTools): Promise<number> {
  const out = await run(tools.ffprobe, ["-v", "error", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1", path]);
  const duration = Number(out.trim());
  if (!Number.isFinite(duration) || duration <= 0) throw new UvqaError(`cannot read the duration of ${path}`);
  return duration;
}

async function extract(path: string, settings: FrameSettings, outDir: string, tools: FrameTools): Promise<void> {
  const duration = await probeDuration(path, tools);
  const m = settings.maxSide;
  const scale = `scale=w='min(${m},iw)':h='min(${m},ih)':force_original_aspect_ratio=decrease:force_divisible_by=2`;
  const times = frameTimes(duration, settings.count);
  for (let i = 0; i < times.length; i++) {
    await run(tools.ffmpeg, [
      "-nostdin", "-v", "error", "-ss", times[i]!.toFixed(3), "-i", path, "-frames:v", "1", "-vf", scale,
      "-q:v", String(ffmpegQuality(settings.quality)), "-f", "image2", "-update", "1", join(outDir, `frame-${String(i).padStart(4, "0")}.jpg`),
    ]);
  }
}

const inFlight = new Map<string, Promise<SampledFrames>>();

/** The frames of `path`, from the frame cache when the same video (path, mtime, size) was sampled with the same settings. */
export async function sampleFrames(path: string, settings: FrameSettings, cacheDir: string, tools: FrameTools = defaultFrameTools()): Promise<SampledFrames> {
  const info = await stat(path);
  const key = sha256(JSON.stringify({ path: resolve(path), mtime: info.mtimeMs, size: info.size, settings }));
  const id = `${resolve(cacheDir)}\u0000${key}`;
  // Items about the same video share one sampling.
  let pending = inFlight.get(id);
  if (!pending) {
    pending = sampleInto(path, settings, cacheDir, key, tools).finally(() => inFlight.delete(id));
    inFlight.set(id, pending);
  }
  return pending;
}

async function sampleInto(path: string, settings: FrameSettings, cacheDir: string, key: string, tools: FrameTools): Promise<SampledFrames> {
  const dir = join(cacheDir, key);
  let names = await readdir(dir).catch(() => [] as string[]);
  if (names.filter((n) => n.endsWith(".jpg")).length !== settings.count) {
    await mkdir(cacheDir, { recursive: true });
    const staging = await mkdtemp(join(cacheDir, ".staging-"));
    try {
      await extract(path, settings, staging, tools);
      const made = (await readdir(staging)).filter((n) => n.endsWith(".jpg"));
      if (made.length !== settings.count) throw new UvqaError(`ffmpeg made ${made.length} of ${settings.count} frames from ${path}`);
      await writeFile(join(staging, "settings.json"), JSON.stringify({ path: resolve(path), settings }));
      await rm(dir, { recursive: true, force: true });
      await rename(staging, dir).catch(async (error) => {
        // Another process may have placed the same frames first: theirs are as good.
        if (!["ENOTEMPTY", "EEXIST"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
      });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    names = await readdir(dir);
  }
  const files = names.filter((n) => n.endsWith(".jpg")).sort();
  const jpegs = await Promise.all(files.map(async (name) => new Uint8Array(await readFile(join(dir, name)))));
  return { settings, jpegs, hashes: jpegs.map((bytes) => sha256(bytes)) };
}

export function jpegDataUrl(bytes: Uint8Array): string {
  return `data:image/jpeg;base64,${Buffer.from(bytes).toString("base64")}`;
}
