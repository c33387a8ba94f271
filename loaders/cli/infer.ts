// `uvqa infer` (a contract):
//   uvqa infer --backend openai --base-url <url> --model <name> --prompt <unaligned|prompt-aligned|name>
//              --items <file.jsonl> --run <id> --out <file.jsonl> [--concurrency N] [--context scene|none] [--frames-dir <dir>]
//   uvqa infer --backend builtin | builtin-model --items <file.jsonl> --run <id> --out <file.jsonl> [--prompt <id>]
//              (builtin-model: the learned model, prompt-aligned unless --prompt says otherwise)
//   uvqa infer --config <file> [--run <id>...] [--items <file.jsonl>] [--out <file.jsonl>]
// plus --retry-failed, --dry-run, --cache <dir>. Appends `{run, item, response, ...}` rows to --out
// (rewritten whole, no duplicates), usable by `uvqa score --predictions`.
import { Option, type Command } from "commander";
import { ExperimentConfigSchema, type ExperimentConfig } from "../config/schema.ts";
import { DEFAULT_CONFIG, loadConfig } from "../config/load.ts";
import { UvqaError } from "../errors.ts";
import { readItemsJsonl } from "../datasets/items-jsonl.ts";
import { checkOutputFile } from "../storage/atomic.ts";
import { BUILTIN_PROMPTS } from "../prompts/index.ts";
import { DEFAULT_CACHE_DIR } from "../inference/cache.ts";
import { MISSING_IMPORT, inferRun } from "../inference/run.ts";
import type { ResponseRow } from "../inference/row.ts";
import { runItems } from "../inference/batch/items.ts";
import { integer, number } from "./args.ts";

export interface InferCliOptions {
  config?: string;
  run?: string[];
  backend?: "openai" | "builtin" | "builtin-model";
  baseUrl?: string;
  model?: string;
  apiKeyEnv?: string;
  prompt?: string;
  items?: string;
  out?: string;
  concurrency?: number;
  context?: "scene" | "none";
  framesDir?: string;
  frames?: number;
  maxSide?: number;
  quality?: number;
  videoUrlTemplate?: string;
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  timeoutMs?: number;
  retries?: number;
  retryFailed?: boolean;
  dryRun?: boolean;
  cache: string;
  progress?: boolean;
}

/** The one-run config that the command-line flags describe. */
export async function adHocConfig(options: InferCliOptions): Promise<ExperimentConfig> {
  const need = (value: string | undefined, flag: string) => {
    if (!value) throw new UvqaError(`uvqa infer --backend ${options.backend} needs ${flag}`, 2);
    return value;
  };
  const runId = need(options.run?.length === 1 ? options.run[0] : undefined, "exactly one --run <id>");
  // The learned model decides answerability whatever the prompt: it runs under the paper's instruction unless told otherwise.
  const promptId = options.prompt ?? (options.backend === "builtin-model" ? "prompt-aligned" : need(options.prompt, "--prompt <unaligned|prompt-aligned|name>"));
  let prompts: ExperimentConfig["prompts"] = [];
  if (!BUILTIN_PROMPTS.some((p) => p.id === promptId)) prompts = (await loadConfig(options.config ?? DEFAULT_CONFIG)).prompts.filter((p) => p.id === promptId);
  const frames = options.framesDir || options.frames
    ? { count: options.frames ?? 8, maxSide: options.maxSide ?? 448, quality: options.quality ?? 85, ...(options.framesDir ? { dir: options.framesDir } : {}) }
    : undefined;
  const video = frames || options.videoUrlTemplate ? { ...(frames ? { frames } : {}), ...(options.videoUrlTemplate ? { urlTemplate: options.videoUrlTemplate } : {}) } : undefined;
  const model: Record<string, unknown> = {
    id: options.model ?? options.backend ?? "builtin",
    backend: options.backend,
    ...(options.backend === "openai" ? { model: need(options.model, "--model <name>"), baseUrl: need(options.baseUrl, "--base-url <url>") } : {}),
    ...(options.apiKeyEnv ? { apiKeyEnv: options.apiKeyEnv } : {}),
    context: options.context ?? (options.backend === "openai" ? "none" : "scene"),
    ...(video ? { video } : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
  };
  const result = ExperimentConfigSchema.safeParse({
    models: [model],
    prompts,
    runs: [{ id: runId, model: model.id, prompt: promptId, variant: promptId }],
  });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new UvqaError(`invalid ${issue.path.join(".")}: ${issue.message} (command line)`, 2);
  }
  return result.data;
}

function summary(runId: string, rows: ResponseRow[], started: number): string {
  const failed = rows.filter((row) => row.error).length;
  // An item an import run has no prediction for is neither new nor from the cache.
  const missing = rows.filter((row) => row.error?.class === MISSING_IMPORT).length;
  const fresh = rows.filter((row) => row.error?.class !== MISSING_IMPORT && Date.parse(row.created_at) >= started).length;
  const notImported = missing ? `, ${missing} not imported` : "";
  return `uvqa infer: ${runId}: ${rows.length} rows (${rows.length - failed} answered, ${failed} failed${notImported}; ${fresh} new, ${rows.length - fresh - missing} from the cache)`;
}

export async function runInfer(options: InferCliOptions): Promise<void> {
  const started = Date.now() - 1;
  const common = {
    cacheDir: options.cache,
    ...(options.out ? { out: options.out } : {}),
    retryFailed: Boolean(options.retryFailed),
    dryRun: Boolean(options.dryRun),
    ...(options.progress !== undefined ? { progress: options.progress } : {}),
    ...(options.framesDir ? { framesDir: options.framesDir } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  };
  if (options.out && !options.dryRun) await checkOutputFile(options.out);
  const fileItems = options.items ? await readItemsJsonl(options.items) : undefined;
  if (options.backend) {
    if (!fileItems) throw new UvqaError(`uvqa infer --backend ${options.backend} needs --items <file.jsonl>`, 2);
    const config = await adHocConfig(options);
    const rows = await inferRun({ ...common, config, runId: config.runs[0]!.id, items: fileItems });
    if (!options.dryRun) process.stderr.write(summary(config.runs[0]!.id, rows, started) + "\n");
    return;
  }
  if (!options.config) throw new UvqaError("uvqa infer needs --backend (one run from flags) or --config <file> (the configured runs)", 2);
  const config = await loadConfig(options.config);
  const runs = options.run?.length ? options.run : config.runs.map((r) => r.id);
  if (runs.length === 0) throw new UvqaError(`no runs in ${options.config}`, 2);
  for (const runId of runs) {
    // Each dataset is loaded once, when a run first needs it; an unknown run id is an error (findRun).
    const items = fileItems ?? await runItems(config, options.config, runId, undefined, (line) => process.stderr.write(`uvqa infer: ${line}\n`));
    const rows = await inferRun({ ...common, config, runId, items });
    if (!options.dryRun) process.stderr.write(summary(runId, rows, started) + "\n");
  }
}

export function register(program: Command): void {
  program
    .command("infer")
    .description("ask a model every item (cached, resumable) and write response rows usable by `uvqa score`")
    .option("--config <file>", "experiment config (uvqa.config.ts); runs every configured run unless --run is given")
    .option("--run <id...>", "run id (with --backend: the id given to the rows; with --config: the runs to do)")
    .addOption(new Option("--backend <name>", "one run from flags").choices(["openai", "builtin", "builtin-model"]))
    .option("--base-url <url>", "OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1")
    .option("--model <name>", "model name on the server")
    .option("--api-key-env <NAME>", "environment variable holding the API key (the key itself is never written)")
    .option("--prompt <id>", "unaligned | prompt-aligned | a prompt id from the config")
    .option("--items <file.jsonl>", "items, one per line (overrides the config's datasets)")
    .option("--out <file.jsonl>", "predictions file: this run's rows replace its earlier ones")
    .option("--concurrency <n>", "requests in flight", integer(1))
    .addOption(new Option("--context <what>", "text context: the item's scene facts, or none").choices(["scene", "none"]))
    .option("--frames-dir <dir>", "videos are <dir>/<item.video>: sample frames and send them as images")
    .option("--frames <n>", "frames per video (default 8)", integer(1))
    .option("--max-side <px>", "longest frame side (default 448)", integer(16))
    .option("--quality <q>", "JPEG quality 1..100 (default 85)", integer(1))
    .option("--video-url-template <t>", "send a video URL part: {video} and {id} are replaced")
    .option("--temperature <t>", "sampling temperature (default 0)", number)
    .option("--max-tokens <n>", "completion token limit (default 512)", integer(1))
    .option("--seed <n>", "sampling seed", integer(-(2 ** 31)))
    .option("--timeout-ms <n>", "per-request timeout", integer(1))
    .option("--retries <n>", "retries after the first attempt (default 4)", integer(0))
    .option("--retry-failed", "ask again for items whose cached row is a failure")
    .option("--dry-run", "print the requests, estimated tokens and cost; send nothing")
    .option("--cache <dir>", "response cache folder", DEFAULT_CACHE_DIR)
    .option("--progress", "show the progress bar even when stderr is not a terminal")
    .action((options: InferCliOptions) => runInfer(options));
}
