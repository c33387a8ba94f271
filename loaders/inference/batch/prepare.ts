// One item's request exactly as `inferRun` renders it (the same function): the same messages, prompt hash
// and cache key, so a batch answer lands where `inferRun` looks for it.
import type { ModelConfig, PromptConfig } from "../../config/schema.ts";
import type { Item } from "../../items/schema.ts";
import type { ChatMessage } from "../../prompts/index.ts";
import type { Backend, GenerationSettings } from "../backend.ts";
import type { FrameTools } from "../frames.ts";
import type { FramesRecord } from "../row.ts";
import { prepareRequest as prepareForRun } from "../run.ts";

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
  const prepared = await prepareForRun(item, prompt, model, backend, settings, media);
  return {
    messages: prepared.messages,
    promptHash: prepared.promptHash,
    key: prepared.key,
    ...(prepared.frames ? { frames: prepared.frames } : {}),
    ...(prepared.videoUrl ? { videoUrl: prepared.videoUrl } : {}),
    ...(prepared.failure ? { failure: prepared.failure.message } : {}),
  };
}
