// A job on the second core: one exported function of a module, run in a worker thread. Arguments, messages and
// result cross by structured clone (typed arrays' buffers moved, not copied), so a job takes and gives plain
// data. The library is TypeScript run through tsx: the worker registers tsx before it imports the module.
import { parentPort, Worker, workerData } from "node:worker_threads";
import { UvqaError } from "../errors.ts";

/**
 * The messages posted to a job (`Job.post`), in order: the job's last argument. A job can start (its worker
 * loading its code) before its input is ready, and take the input from here.
 */
export class Inbox<T = unknown> implements AsyncIterable<T> {
  private readonly queue: T[] = [];
  private ended = false;
  private wake: (() => void) | null = null;

  push(message: T): void {
    this.queue.push(message);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.queue.length > 0) yield this.queue.shift()!;
      else if (this.ended) return;
      else {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
      }
    }
  }
}

/** The worker's code (CommonJS, as an eval worker runs): register tsx, then let this module answer (`serveJob`). */
function workerSource(tsxApi: string): string {
  return `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })
  .then(({ serveJob }) => serveJob());`;
}

async function callJob(module: string, name: string, args: unknown[]): Promise<unknown> {
  const job = ((await import(module)) as Record<string, unknown>)[name];
  if (typeof job !== "function") throw new Error(`no job ${name} in ${module}`);
  return await (job as (...a: unknown[]) => unknown)(...args);
}

type ToWorker = { post: unknown } | { end: true };
type FromWorker<R> = { result: R } | { error: { message: string; exitCode?: number } };

/** In the worker: imports the job's module, calls the function, posts its result or its error's message. */
export async function serveJob(): Promise<void> {
  const { module, name, args } = workerData as { module: string; name: string; args: unknown[] };
  const port = parentPort!;
  const inbox = new Inbox();
  port.on("message", (message: ToWorker) => ("end" in message ? inbox.end() : inbox.push(message.post)));
  try {
    const result = await callJob(module, name, [...args, inbox]);
    port.postMessage({ result } satisfies FromWorker<unknown>, collectTransfers(result));
  } catch (error) {
    const { message, exitCode } = error as { message?: string; exitCode?: unknown };
    port.postMessage({
      error: { message: String(message ?? error), exitCode: typeof exitCode === "number" ? exitCode : undefined },
    } satisfies FromWorker<unknown>);
  }
}

/** The whole buffers of the typed arrays in a result (objects and arrays walked), to move them, not copy them. */
function collectTransfers(value: unknown, out: ArrayBuffer[] = [], seen = new Set<unknown>()): ArrayBuffer[] {
  if (value === null || typeof value !== "object" || seen.has(value)) return out;
  seen.add(value);
  if (ArrayBuffer.isView(value)) {
    const { buffer } = value;
    // A view of part of a buffer (a pooled Buffer) is copied: moving it would take the rest with it.
    if (buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === buffer.byteLength && !out.includes(buffer)) out.push(buffer);
    return out;
  }
  for (const child of Array.isArray(value) ? value : Object.values(value)) collectTransfers(child, out, seen);
  return out;
}

/**
 * A worker's young generation (MB; far above V8's default): the judge and the scoring
 * allocate many short-lived strings and arrays, and with the default a 1M report's judge and scoring workers
 * promoted them into old space, whose collections then competed with the main thread for the two cores (1M report
 * 54.8-58.5 s -> 43.9-47.4 s, alternated runs). The main thread gets the same from `--max-semi-space-size`
 * (scripts/build.js).
 */
export const WORKER_YOUNG_GENERATION_MB = 96;

export interface JobOptions {
  /** Buffers of the arguments to move to the worker (they are empty here afterwards). */
  transfer?: ArrayBuffer[];
  /** Aborting terminates the worker: the job rejects with the signal's reason (on this thread: nothing). */
  signal?: AbortSignal;
  /** Run the job on this thread instead (workers switched off, or too little work to pay for a worker's start). */
  here?: boolean;
}

export interface Job<R> {
  /** The job's result; an error thrown by the job rejects it with its message (a UvqaError keeps its exit code). */
  result: Promise<R>;
  /** Sends a message to the job's Inbox (`transfer`: buffers to move). */
  post(message: unknown, transfer?: ArrayBuffer[]): void;
  /** Ends the Inbox. */
  end(): void;
}

/**
 * Calls `module`'s export `name` with `args` and an Inbox in a new worker thread. The worker is always terminated
 * once the job has answered (or the signal aborted). With `here`, the same function runs on this thread (nothing
 * is copied).
 */
export function startJob<R>(module: URL, name: string, args: unknown[], options: JobOptions = {}): Job<R> {
  let job: Job<R>;
  if (options.here) {
    const inbox = new Inbox();
    job = { result: callJob(module.href, name, [...args, inbox]) as Promise<R>, post: (message) => inbox.push(message), end: () => inbox.end() };
  } else {
    const worker = new Worker(workerSource(import.meta.resolve("tsx/esm/api")), {
      eval: true, workerData: { module: module.href, name, args }, transferList: options.transfer ?? [],
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    job = {
      result: answer<R>(worker, name, options.signal),
      post: (message, transfer = []) => worker.postMessage({ post: message } satisfies ToWorker, transfer),
      end: () => worker.postMessage({ end: true } satisfies ToWorker),
    };
  }
  // Handled here too: a job failing before its caller awaits it is no unhandled rejection.
  job.result.catch(() => {});
  return job;
}

async function answer<R>(worker: Worker, name: string, signal?: AbortSignal): Promise<R> {
  let onAbort: (() => void) | undefined;
  try {
    return await new Promise<R>((resolve, reject) => {
      if (signal) {
        onAbort = () => reject(signal.reason);
        if (signal.aborted) onAbort();
        signal.addEventListener("abort", onAbort, { once: true });
      }
      worker.once("message", (message: FromWorker<R>) => {
        if ("result" in message) resolve(message.result);
        else reject(typeof message.error.exitCode === "number"
          ? new UvqaError(message.error.message, message.error.exitCode) : new Error(message.error.message));
      });
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`worker for ${name} exited with code ${code} before answering`)));
    });
  } finally {
    if (onAbort) signal!.removeEventListener("abort", onAbort);
    await worker.terminate();
  }
}

/** `startJob`'s result, for a job given all its input at once. */
export function runJob<R>(module: URL, name: string, args: unknown[], options: JobOptions = {}): Promise<R> {
  return startJob<R>(module, name, args, options).result;
}
