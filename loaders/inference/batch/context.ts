// What batch export and import share: the configured run resolved to its prompt, model, backend, settings
// and media options, as `inferRun` resolves them.
import { dirname, join, resolve } from "node:path";
import type { ExperimentConfig, ModelConfig, PromptConfig } from "../../config/schema.ts";
import { findRun } from "../../config/load.ts";
import { UvqaError } from "../../errors.ts";
import { findPrompt } from "../../prompts/index.ts";
import { generationSettings, type Backend, type GenerationSettings } from "../backend.ts";
import { DEFAULT_CACHE_DIR } from "../cache.ts";
import { defaultFrameTools, type FrameTools } from "../frames.ts";
import { makeBackend, type MediaOptions } from "../run.ts";

export interface BatchRunOptions {
  config: ExperimentConfig;
  runId: string;
  cacheDir?: string;
  framesDir?: string;
  framesCacheDir?: string;
  frameTools?: FrameTools;
  env?: Record<string, string | undefined>;
}

export interface BatchRun {
  runId: string;
  model: ModelConfig;
  prompt: PromptConfig;
  backend: Backend;
  settings: GenerationSettings;
  cacheDir: string;
  media: MediaOptions;
}

export function batchRun(options: BatchRunOptions): BatchRun {
  const { run, model } = findRun(options.config, options.runId);
  if (model.backend !== "openai") throw new UvqaError(`run ${options.runId}: batch files are for openai-backend models (model ${model.id} is ${model.backend})`, 2);
  const prompt = findPrompt(options.config, run.prompt);
  const cacheDir = resolve(options.cacheDir ?? DEFAULT_CACHE_DIR);
  const framesDir = options.framesDir ?? model.video?.frames?.dir;
  if (model.video?.frames && !framesDir) throw new UvqaError(`model ${model.id} samples frames: give video.frames.dir or --frames-dir`, 2);
  // The API key is only read by the client, never written; a placeholder lets export run where it is unset.
  const env = { ...(options.env ?? process.env) };
  if (model.apiKeyEnv && !env[model.apiKeyEnv]) env[model.apiKeyEnv] = "unused-by-batch-files";
  return {
    runId: options.runId,
    model,
    prompt,
    backend: makeBackend(model, { env }),
    settings: generationSettings(model),
    cacheDir,
    media: {
      ...(framesDir ? { framesDir } : {}),
      framesCacheDir: options.framesCacheDir ?? join(dirname(cacheDir), "frames"),
      tools: options.frameTools ?? defaultFrameTools(),
    },
  };
}
