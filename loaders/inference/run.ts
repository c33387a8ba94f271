// Batch inference of one configured run over items: render, (sample frames), look up the cache, ask the
// backend with retries, append the row. Returns exactly one row per item (first occurrence of an id),
// from the cache where present. The site build and `uvqa infer` both call `inferRun`.
import { join, dirname, resolve } from "node:path";
import type { ExperimentConfig, ModelConfig, PromptConfig } from "../config/schema.ts";
import { findRun } from "../config/load.ts";
import { UvqaError } from "../errors.ts";
import type { Item } from "../items/schema.ts";
import { canonicalMessages, findPrompt, messagesText, renderMessages, sha256, type ChatMessage } from "../prompts/index.ts";
import { builtinBackend, learnedModelBackend, generationSettings, roughTokens, type Backend, type GenerationSettings } from "./backend.ts";
import { DEFAULT_CACHE_DIR, ResponseCache } from "./cache.ts";
import { defaultFrameTools, findVideo, jpegDataUrl, sampleFrames, type FrameTools } from "./frames.ts";
import { openaiBackend } from "./openai.ts";
import { runLimited } from "./limit.ts";
import { writeOutRows } from "./out.ts";
import { progressBar } from "./progress.ts";
import { publicUrl } from "./redact.ts";
import { answeredRow } from "./answered.ts";
import { AttemptError, DEFAULT_RETRY, realRetryEffects, withRetry, type RetryEffects, type RetryResult } from "./retry.ts";
import type { FramesRecord, ResponseError, ResponseRow } from "./row.ts";

export interface InferOptions {
  config: ExperimentConfig;
  runId: string;
  items: Item[];
  /** Default data/cache/responses. */
  cacheDir?: string;
  /** Rewritten atomically from the cache: this run's rows replace its earlier ones, other runs' rows stay. */
  out?: string;
  retryFailed?: boolean;
  /** Prints the requests (frames as hashes), estimated tokens and cost; sends nothing. */
  dryRun?: boolean;
  progress?: boolean;
  fetch?: typeof fetch;
  /** Overrides the model's `video.frames.dir`. */
  framesDir?: string;
  /** Default: `frames/` beside the response cache. */
  framesCacheDir?: string;
  /** Overrides the model's concurrency. */
  concurrency?: number;
  env?: Record<string, string | undefined>;
  now?: () => number;
  retryEffects?: RetryEffects;
  frameTools?: FrameTools;
  /** Human-readable notes (stderr by default). */
  log?: (line: string) => void;
  /** Dry-run output (stdout by default). */
  print?: (line: string) => void;
}

export const DEFAULT_CONCURRENCY = 8;
/** The learned model answers a batch at once: many requests in flight make large batches. */
export const LEARNED_MODEL_CONCURRENCY = 256;
export const DEFAULT_TOKENS_PER_IMAGE = 256;

/** One item's request, ready to send (or its recorded reason not to be). */
export interface Prepared {
  messages: ChatMessage[];
  canonical: ChatMessage[];
  promptHash: string;
  key: string;
  frames?: FramesRecord;
  videoUrl?: string;
  /** Set when the request cannot be made (frames missing): recorded as a failure row. */
  failure?: AttemptError;
}

export function makeBackend(model: ModelConfig, options: Pick<InferOptions, "fetch" | "env" | "now" | "dryRun"> = {}): Backend {
  if (model.backend === "import") throw new UvqaError(`model ${model.id}: backend import sends no requests (its responses come from uvqa import)`, 2);
  if (model.backend === "builtin") return builtinBackend();
  if (model.backend === "builtin-model") return learnedModelBackend();
  return openaiBackend(model, options);
}

/** Everything that determines a response. */
export function cacheKey(backend: Backend, canonical: ChatMessage[], settings: GenerationSettings, extra: Record<string, unknown> = {}): string {
  return sha256(JSON.stringify({ backend: backend.name, base_url: backend.baseUrl ?? null, model: backend.model, messages: canonical, settings, ...extra }));
}

function videoUrlFor(template: string, item: Item): string {
  return template.replaceAll("{video}", item.video).replaceAll("{id}", item.id);
}

/** Where videos are found and sampled frames kept. */
export interface MediaOptions {
  framesDir?: string;
  framesCacheDir: string;
  tools: FrameTools;
}

/**
 * Renders one item's request (frames sampled, hashed) and its cache key: what inferRun and batch files
 * share, so a batch answer lands where inferRun looks for it.
 */
export async function prepareRequest(item: Item, prompt: PromptConfig, model: ModelConfig, backend: Backend, settings: GenerationSettings, media: MediaOptions): Promise<Prepared> {
  const frames = model.video?.frames;
  const videoUrl = model.video?.urlTemplate ? videoUrlFor(model.video.urlTemplate, item) : undefined;
  let images: string[] = [];
  let framesRecord: FramesRecord | undefined;
  let failure: AttemptError | undefined;
  if (frames) {
    const settingsF = { count: frames.count, maxSide: frames.maxSide, quality: frames.quality };
    try {
      const path = await findVideo(media.framesDir!, item.video);
      const sampled = await sampleFrames(path, settingsF, media.framesCacheDir, media.tools);
      images = sampled.jpegs.map(jpegDataUrl);
      framesRecord = { count: sampled.hashes.length, max_side: frames.maxSide, quality: frames.quality, hashes: sampled.hashes };
    } catch (error) {
      // No ffmpeg at all is a setup problem for the whole run, not a failure of this item.
      if (/ not found \(install ffmpeg\)$/.test((error as Error).message)) throw error;
      failure = new AttemptError("frames", (error as Error).message, false);
      framesRecord = { count: 0, max_side: frames.maxSide, quality: frames.quality, hashes: [] };
    }
  }
  const messages = renderMessages(prompt, item, model, { images, ...(videoUrl ? { videoUrl } : {}) });
  const canonical = canonicalMessages(messages);
  const promptHash = sha256(JSON.stringify(canonical));
  const key = cacheKey(backend, canonical, settings, failure ? { frames_failed: framesRecord } : frames ? { frames: framesRecord } : {});
  return {
    messages, canonical, promptHash, key,
    ...(framesRecord ? { frames: framesRecord } : {}),
    ...(videoUrl ? { videoUrl } : {}),
    ...(failure ? { failure } : {}),
  };
}

/** What opening the cache found that the user should hear about: a torn last line, lines that are not rows. */
export function logCacheReport(runId: string, cache: Pick<ResponseCache, "report" | "file">, repaired: boolean, log: (line: string) => void): void {
  const { truncatedBytes, skippedLines } = cache.report;
  if (truncatedBytes) log(`${runId}: ${repaired ? "cut" : "left"} a torn last line (${truncatedBytes} bytes) ${repaired ? "from" : "in"} ${cache.file}`);
  if (skippedLines) log(`${runId}: skipped ${skippedLines} line(s) of ${cache.file} that are not response rows (kept in the file; their items count as not cached)`);
}

export const MISSING_IMPORT = "missing";

/** The error of a `missing` row: no imported prediction for the item in the run's cache file. */
export function missingImportError(runId: string, file: string): ResponseError {
  return { class: MISSING_IMPORT, message: `no imported prediction in ${file}: run uvqa import --run ${runId} (or uvqa batch import) first`, attempts: 0 };
}

/** Rows an `import` run takes from its cache: imported ones only (a run id that once had a model answering it must not pass those answers off as imports). */
export function isImportedRow(row: Pick<ResponseRow, "backend">): boolean {
  return row.backend === "import" || row.backend === "batch";
}

/** The row of an item that an `import` run has no imported prediction for: a failure, never a request. */
function missingImportRow(runId: string, item: Item, model: ModelConfig, promptId: string, file: string, createdAt: string): ResponseRow {
  return {
    run: runId,
    item: item.id,
    response: null,
    error: missingImportError(runId, file),
    backend: "import",
    model: model.model ?? model.id,
    prompt: promptId,
    prompt_hash: "",
    settings: {},
    attempts: 0,
    latency_ms: 0,
    cache_key: sha256(JSON.stringify({ backend: "import", run: runId, item: item.id, missing: true })),
    created_at: createdAt,
  };
}

/**
 * A run of a model with backend `import`: each item's newest row in the run's cache (put there by
 * `uvqa import` or `uvqa batch import`), or a `missing` failure row. Sends nothing, writes no cache row.
 */
async function importedRun(options: InferOptions, items: Item[], model: ModelConfig, promptId: string, cacheDir: string, log: (line: string) => void): Promise<ResponseRow[]> {
  const { runId } = options;
  const cache = await ResponseCache.open(cacheDir, runId, { readOnly: true });
  logCacheReport(runId, cache, false, log);
  const createdAt = new Date((options.now ?? Date.now)()).toISOString();
  const rows = items.map((item) => cache.latest(item.id, isImportedRow) ?? missingImportRow(runId, item, model, promptId, cache.file, createdAt));
  await cache.close();
  const missing = rows.filter((row) => row.error?.class === MISSING_IMPORT).length;
  if (options.dryRun) {
    log(`dry run ${runId}: ${items.length} items, ${items.length - missing} imported, ${missing} not imported; backend import sends nothing`);
    return rows.filter((row) => row.error?.class !== MISSING_IMPORT);
  }
  if (missing) log(`${runId}: ${missing} of ${rows.length} items have no imported prediction (missing rows; uvqa import --run ${runId} adds them)`);
  if (options.out) await writeOutRows(options.out, [runId], rows);
  return rows;
}

export async function inferRun(options: InferOptions): Promise<ResponseRow[]> {
  const { config, runId } = options;
  const { run, model } = findRun(config, runId);
  const prompt = findPrompt(config, run.prompt);
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const print = options.print ?? ((line: string) => process.stdout.write(line + "\n"));
  const now = options.now ?? Date.now;
  const cacheDir = resolve(options.cacheDir ?? DEFAULT_CACHE_DIR);
  const seen = new Set<string>();
  const items = options.items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
  if (model.backend === "import") return importedRun(options, items, model, prompt.id, cacheDir, log);
  const framesDir = options.framesDir ?? model.video?.frames?.dir;
  if (model.video?.frames && !framesDir) throw new UvqaError(`model ${model.id} samples frames: give video.frames.dir or --frames-dir`, 2);
  const backend = makeBackend(model, options);
  const settings = generationSettings(model);
  const policy = { ...DEFAULT_RETRY, ...(model.retries !== undefined ? { retries: model.retries } : {}) };
  const effects = options.retryEffects ?? realRetryEffects;
  const media = { ...(framesDir ? { framesDir } : {}), framesCacheDir: options.framesCacheDir ?? join(dirname(cacheDir), "frames"), tools: options.frameTools ?? defaultFrameTools() };

  // A dry run changes nothing on disk: the cache is read as it is.
  const cache = await ResponseCache.open(cacheDir, runId, { readOnly: Boolean(options.dryRun) });
  logCacheReport(runId, cache, !options.dryRun, log);
  const bar = progressBar(items.length, runId, !options.dryRun && (options.progress ?? Boolean(process.stderr.isTTY)));
  const plan = { requests: 0, cached: 0, promptTokens: 0, images: 0 };
  const rows: Array<ResponseRow | null> = [];
  try {
    const concurrency = options.concurrency ?? model.concurrency ?? (model.backend === "builtin-model" ? LEARNED_MODEL_CONCURRENCY : DEFAULT_CONCURRENCY);
    await runLimited(concurrency, items.map((item, index) => async () => {
      const prep = await prepareRequest(item, prompt, model, backend, settings, media);
      const cached = cache.get(item.id, prep.key);
      if (cached && !(options.retryFailed && cached.error)) {
        rows[index] = cached;
        plan.cached++;
        bar.tick(cached.error !== null);
        return;
      }
      if (options.dryRun) {
        const images = prep.frames?.count ?? 0;
        const tokens = roughTokens(messagesText(prep.messages)) + images * (model.video?.frames?.tokensPerImage ?? DEFAULT_TOKENS_PER_IMAGE);
        plan.requests++;
        plan.promptTokens += tokens;
        plan.images += images;
        print(JSON.stringify({ run: runId, item: item.id, cache_key: prep.key, model: backend.model, ...settings, messages: prep.canonical, estimated_prompt_tokens: tokens }));
        rows[index] = null;
        return;
      }
      const started = now();
      const result: RetryResult<Awaited<ReturnType<Backend["complete"]>>> = prep.failure
        ? { ok: false, error: prep.failure, attempts: 0 }
        : await withRetry(() => backend.complete(prep.messages, settings), (e) => backend.classify(e), policy, effects);
      const row = answeredRow({
        run: runId, item: item.id, backend, prompt: prompt.id, promptHash: prep.promptHash, settings, cacheKey: prep.key,
        result, promptTokens: roughTokens(messagesText(prep.messages)), startedAt: started, now: now(),
        ...(prep.frames ? { frames: prep.frames } : {}), ...(prep.videoUrl ? { videoUrl: prep.videoUrl } : {}),
      });
      // Not awaited: the slot is free at once; a write error surfaces from close().
      cache.append(row).catch(() => {});
      rows[index] = row;
      bar.tick(row.error !== null);
    }));
  } finally {
    bar.stop();
    await cache.close();
    await backend.close?.();
  }
  if (options.dryRun) {
    const completion = plan.requests * settings.max_tokens;
    log(`dry run ${runId}: ${items.length} items, ${plan.cached} cached, ${plan.requests} requests to ${backend.name}${backend.baseUrl ? ` ${publicUrl(backend.baseUrl)}` : ""} model ${backend.model}`);
    log(`  estimated tokens: prompt ~${plan.promptTokens}${plan.images ? ` (${plan.images} images)` : ""}, completion <= ${completion} (max_tokens ${settings.max_tokens})`);
    if (model.prices) {
      const cost = (plan.promptTokens * model.prices.input + completion * model.prices.output) / 1e6;
      log(`  estimated cost: <= $${cost.toFixed(4)} (input $${model.prices.input}/M, output $${model.prices.output}/M tokens)`);
    }
    return rows.filter((row): row is ResponseRow => row !== null && row !== undefined);
  }
  const done = rows as ResponseRow[];
  const failed = done.filter((row) => row.error).length;
  if (failed) log(`${runId}: ${failed} of ${done.length} items failed (kept as rows; --retry-failed retries them)`);
  if (options.out) await writeOutRows(options.out, [runId], done);
  return done;
}
