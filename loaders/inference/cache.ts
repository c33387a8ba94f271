// The response cache: one append-only JSONL file per run in the cache folder. Each row is written as one
// whole line with a single O_APPEND write, so a process killed at any moment leaves at most one torn last
// line, which the next open cuts off. Rows are looked up by (item, cache_key); the last row for a pair wins
// (a retried failure is followed by its answer). Nothing is ever rewritten in place.
import { mkdir, open, truncate, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { readLineBytes } from "../storage/line-bytes.ts";
import { writeLines } from "../storage/lines.ts";
import { ResponseRow } from "./row.ts";

export const DEFAULT_CACHE_DIR = "data/cache/responses";

export function cacheFile(cacheDir: string, runId: string): string {
  return join(cacheDir, `${encodeURIComponent(runId)}.jsonl`);
}

export interface CacheOpenReport {
  rows: number;
  /** Bytes cut from a torn last line. */
  truncatedBytes: number;
  /** Complete lines that did not parse as rows (skipped, kept in the file). */
  skippedLines: number;
}

/**
 * Calls `each(value)` with the parsed JSON of every complete line of a cache file, in order, reading the file in
 * chunks (a file of a million rows is never one string). A line that is not JSON counts as skipped. A torn tail
 * (bytes after the last newline) is left out, and cut from the file when `repair` is set. A missing file has no
 * lines. `each` returns false for a line it does not take as a row (counted as skipped).
 */
export async function scanCacheFile(file: string, repair: boolean, each: (value: unknown) => boolean): Promise<CacheOpenReport> {
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return { rows: 0, truncatedBytes: 0, skippedLines: 0 };
  }
  let rows = 0, skippedLines = 0, truncatedBytes = 0, keep = 0;
  try {
    const { rest, size } = await readLineBytes(handle, (bytes, start, end) => {
      if (end === start) return true;
      let value: unknown;
      try {
        value = JSON.parse(bytes.toString("utf8", start, end));
      } catch {
        skippedLines++;
        return true;
      }
      if (each(value)) rows++;
      else skippedLines++;
      return true;
    });
    if (rest!.length) {
      keep = size - rest!.length;
      truncatedBytes = rest!.length;
    }
  } finally {
    await handle.close();
  }
  if (repair && truncatedBytes) await truncate(file, keep);
  return { rows, truncatedBytes, skippedLines };
}

/** Reads a cache file's rows; a torn tail (no final newline) is cut off when `repair` is set. */
export async function readCacheFile(file: string, repair: boolean): Promise<{ rows: ResponseRow[]; report: CacheOpenReport }> {
  const rows: ResponseRow[] = [];
  const report = await scanCacheFile(file, repair, (value) => {
    const parsed = ResponseRow.safeParse(value);
    if (parsed.success) rows.push(parsed.data);
    return parsed.success;
  });
  return { rows, report };
}

const isText = (value: unknown, min = 0): value is string => typeof value === "string" && value.length >= min;
const optional = (value: unknown, check: (v: unknown) => boolean) => value === undefined || check(value);

/**
 * True when `value` is certainly a valid `ResponseRow` whose parse would give back its own values: the common
 * row (no error, frames or usage). Anything else is left to the schema (`ResponseRow.safeParse`), which decides.
 */
export function isPlainResponseRow(value: unknown): value is ResponseRow {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const row = value as Record<string, unknown>;
  const settings = row.settings;
  return isText(row.run, 1) && isText(row.item, 1) && (row.response === null || typeof row.response === "string") && row.error === null &&
    isText(row.backend, 1) && isText(row.model, 1) && isText(row.prompt, 1) && typeof row.prompt_hash === "string" &&
    typeof settings === "object" && settings !== null && !Array.isArray(settings) && Object.getPrototypeOf(settings) === Object.prototype &&
    row.frames === undefined && row.usage === undefined &&
    optional(row.base_url, (v) => typeof v === "string") && optional(row.video_url, (v) => typeof v === "string") &&
    optional(row.attempts, (v) => Number.isSafeInteger(v) && (v as number) >= 0) &&
    optional(row.finish_reason, (v) => v === null || typeof v === "string") && optional(row.refusal, (v) => typeof v === "boolean") &&
    typeof row.latency_ms === "number" && Number.isFinite(row.latency_ms) && row.latency_ms >= 0 &&
    isText(row.cache_key, 1) && typeof row.created_at === "string";
}

export class ResponseCache {
  readonly file: string;
  readonly report: CacheOpenReport;
  /** Per item its one row, or its rows by key once it has several (most items have one: no Map each). */
  private readonly byItem = new Map<string, ResponseRow | Map<string, ResponseRow>>();
  private handle: FileHandle | null = null;
  /** Rows waiting to be written, one JSON text each (no newline). */
  private pending: string[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failure: unknown = null;
  private queued: Promise<void> | null = null;
  private settleQueued: { resolve: () => void; reject: (error: unknown) => void } | null = null;
  /** How long rows wait to be written together. */
  delayMs = 5;

  private constructor(file: string, rows: ResponseRow[], report: CacheOpenReport, private readonly readOnly: boolean) {
    this.file = file;
    this.report = report;
    for (const row of rows) this.remember(row);
  }

  /**
   * Reads the run's rows (a torn last line is cut off). `readOnly` changes nothing on disk (no folder
   * made, no torn line cut) and refuses appends: what a dry run or a run of imported rows opens.
   */
  static async open(cacheDir: string, runId: string, options: { readOnly?: boolean } = {}): Promise<ResponseCache> {
    const readOnly = options.readOnly ?? false;
    if (!readOnly) await mkdir(cacheDir, { recursive: true });
    const file = cacheFile(cacheDir, runId);
    const { rows, report } = await readCacheFile(file, !readOnly);
    return new ResponseCache(file, rows, report, readOnly);
  }

  private remember(row: ResponseRow): void {
    const found = this.byItem.get(row.item);
    if (found === undefined || (!(found instanceof Map) && found.cache_key === row.cache_key)) {
      this.byItem.set(row.item, row);
      return;
    }
    let byKey: Map<string, ResponseRow>;
    if (found instanceof Map) byKey = found;
    else this.byItem.set(row.item, (byKey = new Map([[found.cache_key, found]])));
    byKey.delete(row.cache_key); // re-insert so the newest row is last
    byKey.set(row.cache_key, row);
  }

  get(item: string, key: string): ResponseRow | undefined {
    const found = this.byItem.get(item);
    if (found instanceof Map) return found.get(key);
    return found?.cache_key === key ? found : undefined;
  }

  /** The newest row per item, whatever its key (what an import or a site build without requests reads). */
  latest(item: string, accept: (row: ResponseRow) => boolean = () => true): ResponseRow | undefined {
    const found = this.byItem.get(item);
    if (!(found instanceof Map)) return found !== undefined && accept(found) ? found : undefined;
    let last: ResponseRow | undefined;
    for (const row of found.values()) if (accept(row)) last = row;
    return last;
  }

  /**
   * Queues a row; rows are written a few milliseconds later, many at once, each as a whole line (one
   * write call per batch). A process killed before the write loses only those rows: they are asked again
   * on resume. The promise resolves once the row is on disk; `flush()` writes at once. `json` is the row
   * already serialized (`JSON.stringify(row)`), for a caller that writes it elsewhere too.
   */
  append(row: ResponseRow, json?: string): Promise<void> {
    if (this.readOnly) return Promise.reject(new Error(`${this.file} is open read-only`));
    if (this.failure) return Promise.reject(this.failure);
    this.remember(row);
    this.pending.push(json ?? JSON.stringify(row));
    if (!this.timer && !this.flushing) this.timer = setTimeout(() => void this.flush().catch(() => {}), this.delayMs);
    this.queued ??= new Promise<void>((resolve, reject) => (this.settleQueued = { resolve, reject }));
    return this.queued;
  }

  /** Stores the first failure and rejects every append still waiting: no append is left unsettled. */
  private fail(error: unknown): unknown {
    this.failure ??= error;
    const settle = this.settleQueued;
    this.pending = [];
    this.queued = null;
    this.settleQueued = null;
    settle?.reject(this.failure);
    return this.failure;
  }

  /** Writes everything queued; rejects with the first open or write error (and so does every later call). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.flushing) await this.flushing.catch(() => {});
    if (this.failure) throw this.fail(this.failure);
    if (!this.pending.length) return;
    this.flushing = (async () => {
      let settle: typeof this.settleQueued = null;
      try {
        this.handle ??= await open(this.file, "a");
        while (this.pending.length) {
          const lines = this.pending;
          settle = this.settleQueued;
          this.pending = [];
          this.queued = null;
          this.settleQueued = null;
          await writeLines(this.handle, lines);
          settle?.resolve();
          settle = null;
        }
      } catch (error) {
        settle?.reject(error);
        throw this.fail(error);
      } finally {
        this.flushing = null;
      }
    })();
    await this.flushing;
  }

  /** Writes what is queued and closes the file, also when the write fails (then rejects with that failure). */
  async close(): Promise<void> {
    try {
      if (!this.readOnly) await this.flush();
    } finally {
      const handle = this.handle;
      this.handle = null;
      await handle?.close();
    }
  }
}
