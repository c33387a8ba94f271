// One item's request exactly as `inferRun` renders it: the same messages (frames as data URLs), the same
// prompt hash and the same cache key, so a batch answer lands where `inferRun` looks for it.
// (run.ts keeps its own `prepare` private; this mirrors it with the functions run.ts exports.)
import type { ModelConfig, PromptConfig } from "../../config/schema.ts";
import type { Item } from "../../items/schema.ts";
import { canonicalMessages, renderMessages, sha256, type ChatMessage } from "../../prompts/index.ts";
import type { Backend, GenerationSettings } from "../backend.ts";
import { findVideo, jpegDataUrl, sampleFrames, type FrameTools } from "../frames.ts";
import type { FramesRecord } from "../row.ts";
import { cacheKey } from "../run.ts";

export interface PreparedRequest {
  messages: ChatMessage[];
  promptHash: string;
  key: string;
  frames?: FramesRecord;
  videoUrl?: string;
  /** Why no request can be made (frames could not be sampled). */
  failure?: string;
}

export interface MediaOptions {
  framesDir?: string;
  framesCacheDir: string;
  tools: FrameTools;
}

export async function prepareRequest(item: Item, prompt: PromptConfig, model: ModelConfig, backend: Backend, settings: GenerationSettings, media: MediaOptions): Promise<PreparedRequest> {
  const frames = model.video?.frames;
  const videoUrl = model.video?.urlTemplate ? model.video.urlTemplate.replaceAll("{video}", item.video).replaceAll("{id}", item.id) : undefined;
  let images: string[] = [];
  let framesRecord: FramesRecord | undefined;
  let failure: string | undefined;
  if (frames) {
    try {
      const path = await findVideo(media.framesDir!, item.video);
      const sampled = await sampleFrames(path, { count: frames.count, maxSide: frames.maxSide, quality: frames.quality }, media.framesCacheDir, media.tools);
      images = sampled.jpegs.map(jpegDataUrl);
      framesRecord = { count: sampled.hashes.length, max_side: frames.maxSide, quality: frames.quality, hashes: sampled.hashes };
    } catch (error) {
      failure = (error as Error).message;
      framesRecord = { count: 0, max_side: frames.maxSide, quality: frames.quality, hashes: [] };
    }
  }
  const messages = renderMessages(prompt, item, model, { images, ...(videoUrl ? { videoUrl } : {}) });
  const canonical = canonicalMessages(messages);
  const key = cacheKey(backend, canonical, settings, failure ? { frames_failed: framesRecord } : frames ? { frames: framesRecord } : {});
  return {
    messages,
    promptHash: sha256(JSON.stringify(canonical)),
    key,
    ...(framesRecord ? { frames: framesRecord } : {}),
    ...(videoUrl ? { videoUrl } : {}),
    ...(failure ? { failure } : {}),
  };
}
