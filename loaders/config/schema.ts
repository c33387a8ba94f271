// The experiment config: datasets x models x prompts -> runs, and judges. One typed file (uvqa.config.ts)
// read by the CLI and the site build alike. Secrets never live here: a model names the environment
// variable that holds its API key (`apiKeyEnv`), never the key itself.
import { z } from "zod";

const id = z.string().min(1).regex(/^[^\s\n]+$/, "no whitespace");

export const DatasetConfig = z.object({
  id,
  /** sample: the project's generated items; uvqa: the official JSON files; vcgbench: answerable QA; items: a JSONL of items. */
  kind: z.enum(["sample", "uvqa", "vcgbench", "items"]),
  dir: z.string().min(1).optional(),
  path: z.string().min(1).optional(),
  /** uvqa: add the answerable twins of the unanswerable items. */
  twins: z.boolean().optional(),
  /** Skip (and say so) when `dir`/`path` is unset or missing, instead of failing. */
  optional: z.boolean().optional(),
}).strict();
export type DatasetConfig = z.infer<typeof DatasetConfig>;

export const FramesConfig = z.object({
  /** Evenly spaced frames per video. */
  count: z.number().int().min(1).max(256).default(8),
  /** Longest side in pixels after scaling (aspect kept). */
  maxSide: z.number().int().min(16).max(4096).default(448),
  /** JPEG quality 1 (worst) .. 31 (ffmpeg -q:v is inverted); here 1..100 like most tools, mapped to -q:v. */
  quality: z.number().int().min(1).max(100).default(85),
  /** Where the videos are: `<dir>/<item.video>` (common extensions tried when the name has none). */
  dir: z.string().min(1).optional(),
  /** Rough tokens per image for `--dry-run` estimates. */
  tokensPerImage: z.number().int().min(0).optional(),
}).strict();
export type FramesConfig = z.infer<typeof FramesConfig>;

export const VideoConfig = z.object({
  frames: FramesConfig.optional(),
  /** For servers that take a video URL part: `{video}` and `{id}` are replaced from the item. */
  urlTemplate: z.string().min(1).optional(),
}).strict();
export type VideoConfig = z.infer<typeof VideoConfig>;

/** USD per million tokens, for `--dry-run` cost estimates. */
export const Prices = z.object({ input: z.number().min(0), output: z.number().min(0) }).strict();
export type Prices = z.infer<typeof Prices>;

export const ModelConfig = z.object({
  id,
  /**
   * builtin: the project's rule set, in-process; builtin-model: the project's learned answerability model
   * (data/model/answerability.onnx, onnxruntime-web in-process); openai: an OpenAI-compatible server; import (alias file):
   * nothing is sent, the run's responses are the rows `uvqa import` / `uvqa batch import` put in its cache.
   */
  backend: z.enum(["builtin", "builtin-model", "openai", "import", "file"]).transform((name) => (name === "file" ? "import" : name)),
  /** The model name the server knows (openai backend); defaults to `id`. */
  model: z.string().min(1).optional(),
  baseUrl: z.string().url().optional(),
  /** The NAME of the environment variable holding the API key (never the key). */
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name").optional(),
  /** scene: send the item's scene facts as text (text-only models, the built-in model); none: don't. */
  context: z.enum(["scene", "none"]).optional(),
  video: VideoConfig.optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).optional(),
  seed: z.number().int().optional(),
  concurrency: z.number().int().min(1).max(4096).optional(),
  timeoutMs: z.number().int().min(1).optional(),
  /** Retries after the first attempt (429, 5xx, timeouts, network errors, malformed bodies). */
  retries: z.number().int().min(0).max(20).optional(),
  prices: Prices.optional(),
}).strict();
export type ModelConfig = z.infer<typeof ModelConfig>;

export const PromptConfig = z.object({
  id,
  /** `{question}` and `{context}` placeholders; without `{context}` the context (if any) goes first. */
  template: z.string().min(1),
  system: z.string().min(1).optional(),
}).strict();
export type PromptConfig = z.infer<typeof PromptConfig>;

export const RunConfig = z.object({
  id,
  model: id,
  prompt: id,
  /** unaligned | prompt-aligned | sft | dpo | a user label */
  variant: z.string().min(1),
  /** The run this one is compared with (same model, unaligned). */
  baseline: id.optional(),
  /** Dataset ids; all configured datasets when absent. */
  datasets: z.array(id).optional(),
}).strict();
export type RunConfig = z.infer<typeof RunConfig>;

export const JudgeConfig = z.object({
  id,
  kind: z.enum(["builtin", "llm"]),
  /** llm: a model id from `models`. */
  model: id.optional(),
}).strict();
export type JudgeConfig = z.infer<typeof JudgeConfig>;

function unique<T extends { id: string }>(list: T[], ctx: z.RefinementCtx, key: string): Set<string> {
  const seen = new Set<string>();
  list.forEach((entry, i) => {
    if (seen.has(entry.id)) ctx.addIssue({ code: "custom", path: [key, i, "id"], message: `duplicate id ${entry.id}` });
    seen.add(entry.id);
  });
  return seen;
}

export const ExperimentConfigSchema = z.object({
  datasets: z.array(DatasetConfig).default([]),
  models: z.array(ModelConfig).default([]),
  prompts: z.array(PromptConfig).default([]),
  runs: z.array(RunConfig).default([]),
  judges: z.array(JudgeConfig).default([]),
}).strict().superRefine((config, ctx) => {
  const datasets = unique(config.datasets, ctx, "datasets");
  const models = unique(config.models, ctx, "models");
  const prompts = unique(config.prompts, ctx, "prompts");
  for (const name of BUILTIN_PROMPT_IDS) prompts.add(name);
  const runs = unique(config.runs, ctx, "runs");
  unique(config.judges, ctx, "judges");
  config.models.forEach((model, i) => {
    if (model.backend === "openai" && !model.baseUrl) ctx.addIssue({ code: "custom", path: ["models", i, "baseUrl"], message: "required for backend openai" });
  });
  config.runs.forEach((run, i) => {
    if (!models.has(run.model)) ctx.addIssue({ code: "custom", path: ["runs", i, "model"], message: "unknown model" });
    if (!prompts.has(run.prompt)) ctx.addIssue({ code: "custom", path: ["runs", i, "prompt"], message: "unknown prompt" });
    if (run.baseline !== undefined && !runs.has(run.baseline)) ctx.addIssue({ code: "custom", path: ["runs", i, "baseline"], message: "unknown run" });
    run.datasets?.forEach((d, j) => {
      if (!datasets.has(d)) ctx.addIssue({ code: "custom", path: ["runs", i, "datasets", j], message: "unknown dataset" });
    });
  });
  config.judges.forEach((judge, i) => {
    if (judge.kind === "llm" && (!judge.model || !models.has(judge.model))) ctx.addIssue({ code: "custom", path: ["judges", i, "model"], message: "an llm judge names a configured model" });
  });
});

/** The built-in prompt ids, always available (loaders/prompts holds their text). */
export const BUILTIN_PROMPT_IDS = ["unaligned", "prompt-aligned"] as const;

/** What a config file is written as (defaults may be omitted). */
export type ExperimentConfigInput = z.input<typeof ExperimentConfigSchema>;
/** A loaded, validated config. */
export type ExperimentConfig = z.output<typeof ExperimentConfigSchema>;

/** Identity: lets `uvqa.config.ts` be checked by the compiler. */
export function defineConfig(config: ExperimentConfigInput): ExperimentConfigInput {
  return config;
}
