// `uvqa batch import`: a Batch API output file (or vLLM run_batch output) -> response rows (backend
// "batch") appended to the run's cache under the keys `inferRun` looks up. Every line is checked first;
// a bad line stops the import before anything is written. Answers already cached are not added again,
// so importing the same file twice adds nothing; a success replaces an earlier failure.
import { UvqaError, invalid, parseAt, type Location } from "../../errors.ts";
import type { Item } from "../../items/schema.ts";
import { readText } from "../../storage/jsonl.ts";
import { roughTokens } from "../backend.ts";
import { ResponseCache } from "../cache.ts";
import { progressBar } from "../progress.ts";
import type { ResponseError, ResponseRow } from "../row.ts";
import { prepareRequest } from "../run.ts";
import { readChoice } from "../choice.ts";
import { batchRun, type BatchRunOptions } from "./context.ts";
import { BatchOutputLine, SuccessfulOutputLine } from "./format.ts";
import { CustomIds } from "./ids.ts";

export interface BatchImportOptions extends BatchRunOptions {
  /** The run's items (to re-render each request: prompt hash, frames, cache key). */
  items: Item[];
  file: string;
  progress?: boolean;
  now?: () => number;
}

export interface BatchImportReport {
  lines: number;
  added: number;
  /** Answers the cache already had. */
  unchanged: number;
  /** Error rows among those added. */
  failed: number;
  /** Lines whose request no longer matches the config (changed since export): not imported. */
  stale: { item: string; loc: Location }[];
}

interface Located {
  line: BatchOutputLine;
  raw: unknown;
  loc: { file: string; line: number };
  item: string;
  /** The request's cache key, or its first half (short ids). */
  key: string;
}

function errorClass(status: number): string {
  if (status === 429) return "rate_limit";
  if (status >= 500) return "server_error";
  if (status === 408) return "timeout";
  return "client_error";
}

function errorText(error: unknown): { code?: string; message: string } {
  if (typeof error === "string") return { message: error };
  const e = error as { code?: unknown; message?: unknown; error?: { message?: unknown; code?: unknown } } | null;
  const inner = e?.error ?? e;
  const message = typeof inner?.message === "string" ? inner.message : JSON.stringify(error) ?? "unknown error";
  return { ...(typeof inner?.code === "string" ? { code: inner.code } : {}), message: message.slice(0, 300) };
}

/** Reads and checks every line (each custom_id resolved to an item of the run); throws on the first bad one. */
export function parseBatchOutput(text: string, file: string, ids: CustomIds): Located[] {
  const out: Located[] = [];
  const first = new Map<string, number>();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const body = lines[i]!.trim();
    if (!body) continue;
    const loc = { file, line: i + 1 };
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch {
      throw new UvqaError(`invalid JSON: ${body.length > 60 ? body.slice(0, 57) + "..." : body} (${file}:${i + 1})`, 2);
    }
    const line = parseAt(BatchOutputLine, raw, loc);
    const id = ids.resolve(line.custom_id);
    if ("why" in id) throw invalid(`custom_id (${id.why})`, line.custom_id, loc);
    if (first.has(line.custom_id)) throw invalid(`custom_id (again; first at ${file}:${first.get(line.custom_id)})`, line.custom_id, loc);
    first.set(line.custom_id, i + 1);
    if (line.response?.status_code === 200 && (line.error === undefined || line.error === null)) parseAt(SuccessfulOutputLine, raw, loc);
    out.push({ line, raw, loc, ...id });
  }
  return out;
}

interface Answer {
  response: string | null;
  error: ResponseError | null;
  usage?: { prompt_tokens: number; completion_tokens: number };
  finish_reason?: string | null;
  refusal?: true;
}

function answer(line: BatchOutputLine): Answer {
  const status = line.response?.status_code;
  if (status === 200 && (line.error === undefined || line.error === null)) {
    const body = SuccessfulOutputLine.parse(line).response.body;
    const read = readChoice(body.choices[0]!, body.usage);
    if (!read.ok) return { response: null, error: { class: read.errorClass, message: read.message, attempts: 1 }, finish_reason: read.finishReason };
    const usage = body.usage ? { prompt_tokens: body.usage.prompt_tokens, completion_tokens: body.usage.completion_tokens } : undefined;
    return { response: read.text, error: null, finish_reason: read.finishReason, ...(read.refusal ? { refusal: true as const } : {}), ...(usage ? { usage } : {}) };
  }
  if (status !== undefined && status !== 200) {
    const { message } = errorText((line.response?.body as { error?: unknown } | undefined)?.error ?? line.error ?? `HTTP ${status}`);
    return { response: null, error: { class: errorClass(status), message: `HTTP ${status}: ${message}`.slice(0, 300), attempts: 1 } };
  }
  const { code, message } = errorText(line.error);
  return { response: null, error: { class: code ?? "batch_error", message, attempts: 1 } };
}

export async function importBatchOutput(options: BatchImportOptions): Promise<BatchImportReport> {
  const ctx = batchRun(options);
  const now = options.now ?? Date.now;
  const ids = new CustomIds(ctx.runId, options.config.runs.map((run) => run.id), options.items);
  const located = parseBatchOutput(await readText(options.file), options.file, ids);
  const byId = new Map(options.items.map((item) => [item.id, item]));

  const report: BatchImportReport = { lines: located.length, added: 0, unchanged: 0, failed: 0, stale: [] };
  const cache = await ResponseCache.open(ctx.cacheDir, ctx.runId);
  const bar = progressBar(located.length, `import ${ctx.runId}`, options.progress ?? Boolean(process.stderr.isTTY));
  const writes: Promise<void>[] = [];
  try {
    for (const entry of located) {
      const prep = await prepareRequest(byId.get(entry.item)!, ctx.prompt, ctx.model, ctx.backend, ctx.settings, ctx.media);
      const result = answer(entry.line);
      bar.tick(result.error !== null);
      if (!prep.key.startsWith(entry.key)) {
        report.stale.push({ item: entry.item, loc: entry.loc });
        continue;
      }
      const cached = cache.get(entry.item, prep.key);
      if (cached && (cached.error === null || result.error !== null)) {
        report.unchanged++;
        continue;
      }
      const text = result.response;
      const row: ResponseRow = {
        run: ctx.runId,
        item: entry.item,
        response: text,
        error: result.error,
        backend: "batch",
        model: ctx.backend.model,
        prompt: ctx.prompt.id,
        prompt_hash: prep.promptHash,
        settings: { ...ctx.settings },
        ...(prep.frames ? { frames: prep.frames } : {}),
        ...(prep.videoUrl ? { video_url: prep.videoUrl } : {}),
        ...(text !== null ? { usage: result.usage ?? { prompt_tokens: 0, completion_tokens: roughTokens(text) } } : {}),
        attempts: 1,
        ...(result.finish_reason !== undefined ? { finish_reason: result.finish_reason } : {}),
        ...(result.refusal ? { refusal: true } : {}),
        latency_ms: 0,
        cache_key: prep.key,
        created_at: new Date(now()).toISOString(),
        batch: { file: options.file, line: entry.loc.line, id: entry.line.id, ...(entry.line.response?.request_id ? { request_id: entry.line.response.request_id } : {}) },
      };
      // Handled at once: a write error while later items are still being prepared (awaits) must not be an
      // unhandled rejection; Promise.all below still rejects with it.
      const write = cache.append(row);
      write.catch(() => {});
      writes.push(write);
      report.added++;
      if (row.error) report.failed++;
    }
    await Promise.all(writes);
  } finally {
    bar.stop();
    await cache.close();
  }
  return report;
}
