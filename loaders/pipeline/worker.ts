// A job on the second core: one exported function of a module, run in a worker thread. Arguments and result
// cross by structured clone (typed arrays' buffers moved, not copied), so a job takes and gives plain data.
// The library is TypeScript run through tsx: the worker registers tsx before it imports the module.
import { parentPort, Worker, workerData } from "node:worker_threads";
import { UvqaError } from "../errors.ts";

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

/** In the worker: imports the job's module, calls the function, posts its result or its error's message. */
export async function serveJob(): Promise<void> {
  const { module, name, args } = workerData as { module: string; name: string; args: unknown[] };
  try {
    const result = await callJob(module, name, args);
    parentPort!.postMessage({ result }, collectTransfers(result));
  } catch (error) {
    const { message, exitCode } = error as { message?: string; exitCode?: unknown };
    parentPort!.postMessage({ error: { message: String(message ?? error), exitCode: typeof exitCode === "number" ? exitCode : undefined } });
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

export interface JobOptions {
  /** Buffers of the arguments to move to the worker (they are empty here afterwards). */
  transfer?: ArrayBuffer[];
  /** Aborting terminates the worker: the job rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Run the job on this thread instead (workers switched off, or too little work to pay for a worker's start). */
  here?: boolean;
}

/**
 * Calls `module`'s export `name` with `args` in a new worker thread and returns its result. An error thrown by the
 * job rejects with its message (a UvqaError keeps its exit code). The worker is always terminated. With `here`,
 * the same function runs on this thread (its arguments not copied).
 */
export async function runJob<R>(module: URL, name: string, args: unknown[], options: JobOptions = {}): Promise<R> {
  if (options.here) return (await callJob(module.href, name, args)) as R;
  const worker = new Worker(workerSource(import.meta.resolve("tsx/esm/api")), {
    eval: true, workerData: { module: module.href, name, args }, transferList: options.transfer ?? [],
  });
  const { signal } = options;
  let onAbort: (() => void) | undefined;
  try {
    return await new Promise<R>((resolve, reject) => {
      if (signal) {
        onAbort = () => reject(signal.reason);
        if (signal.aborted) onAbort();
        signal.addEventListener("abort", onAbort, { once: true });
      }
      worker.once("message", (message: { result: R } | { error: { message: string; exitCode?: number } }) => {
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
