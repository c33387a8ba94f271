// The page's side of the ad-hoc slice worker (workers/slices.worker.ts, bundled to src/lib/slices-worker.js):
// one worker per page, results cached per (slices, runs), the time each computation took kept for the bench.
import type { ScoreRow } from "./scores.js";
import { toScoreRows } from "./scores.js";
import { toTransitionRows, type TransitionRow } from "./transitions.js";
import type { FindRequest, FoundRow, PairListRow } from "./finder-types.js";

export interface SliceClientInit {
  /** URLs (FileAttachment(...).href) of the report's outcomes.arrow and items.arrow. */
  outcomes: string;
  items: string;
  runs: { id: string; model: string; prompt: string; variant: string; baseline: string | null }[];
  seed?: number;
  resamples?: number;
}

export interface SliceClient {
  /** Scores of `runs` on the filter slices (their baselines are used, not returned). */
  score(slices: readonly string[], runs: readonly string[]): Promise<ScoreRow[]>;
  /** Transition matrices of the aligned runs among `runs` against their baselines, on the filter slices. */
  transitions(slices: readonly string[], runs: readonly string[]): Promise<TransitionRow[]>;
  /** The slice finder's ranked rows (loaders/metrics/slice-finder.ts run in the worker). */
  find(request: FindRequest): Promise<FoundRow[]>;
  /** The twin pairs `run`'s pair shares count in a filter slice ("" for every item), in item order. */
  pairs(run: string, slice: string): Promise<PairListRow[]>;
  /** Milliseconds the last computation took in the worker (0 when it came from the cache). */
  readonly lastMs: number;
  terminate(): void;
}

type Reply =
  | { type: "ready"; items: number; rows: number; ms: number }
  | { type: "scores"; id: number; rows: Record<string, unknown>[]; ms: number }
  | { type: "transitions"; id: number; rows: Record<string, unknown>[]; ms: number }
  | { type: "found"; id: number; rows: FoundRow[]; ms: number }
  | { type: "pairs"; id: number; rows: PairListRow[]; ms: number }
  | { type: "error"; id: number | null; message: string };

export function sliceClient(workerUrl: string, init: SliceClientInit): SliceClient {
  const worker = new Worker(workerUrl, { type: "module" });
  const pending = new Map<number, { resolve: (rows: ScoreRow[]) => void; reject: (error: Error) => void }>();
  const cache = new Map<string, Promise<ScoreRow[]>>();
  let next = 0;
  let lastMs = 0;
  let failure: Error | null = null;
  const pendingTransitions = new Map<number, { resolve: (rows: TransitionRow[]) => void; reject: (error: Error) => void }>();
  const transitionCache = new Map<string, Promise<TransitionRow[]>>();
  // Finder and pair-list requests: resolved with the reply's rows as they come.
  const pendingRows = new Map<number, { resolve: (rows: never[]) => void; reject: (error: Error) => void }>();
  const rowsCache = new Map<string, Promise<unknown[]>>();
  const ask = <T>(key: string, message: Record<string, unknown>): Promise<T[]> => {
    const hit = rowsCache.get(key);
    if (hit) return hit as Promise<T[]>;
    if (failure) return Promise.reject(failure);
    const id = next++;
    const promise = new Promise<T[]>((resolve, reject) => pendingRows.set(id, { resolve: resolve as (rows: never[]) => void, reject }));
    worker.postMessage({ ...message, id });
    rowsCache.set(key, promise);
    promise.catch(() => rowsCache.delete(key));
    return promise;
  };
  worker.onmessage = (event: MessageEvent<Reply>) => {
    const reply = event.data;
    if (reply.type === "ready") return;
    const r = reply.id === null ? undefined : pendingRows.get(reply.id);
    if (r) {
      pendingRows.delete(reply.id!);
      if (reply.type === "found" || reply.type === "pairs") {
        lastMs = reply.ms;
        r.resolve(reply.rows as never[]);
      } else if (reply.type === "error") r.reject(new Error(reply.message));
      return;
    }
    const t = reply.id === null ? undefined : pendingTransitions.get(reply.id);
    if (t) {
      pendingTransitions.delete(reply.id!);
      if (reply.type === "transitions") t.resolve(toTransitionRows(reply.rows));
      else if (reply.type === "error") t.reject(new Error(reply.message));
      return;
    }
    if (reply.type === "error" && reply.id === null) {
      failure = new Error(`the slice worker could not load the report: ${reply.message}`);
      for (const p of pending.values()) p.reject(failure);
      pending.clear();
      for (const p of pendingTransitions.values()) p.reject(failure);
      pendingTransitions.clear();
      for (const p of pendingRows.values()) p.reject(failure);
      pendingRows.clear();
      return;
    }
    const p = pending.get(reply.id!);
    if (!p) return;
    pending.delete(reply.id!);
    if (reply.type === "error") p.reject(new Error(reply.message));
    else if (reply.type === "scores") {
      lastMs = reply.ms;
      p.resolve(toScoreRows(reply.rows));
    }
  };
  worker.onerror = (event) => {
    failure = new Error(`the slice worker failed: ${event.message}`);
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
    for (const p of pendingTransitions.values()) p.reject(failure);
    pendingTransitions.clear();
    for (const p of pendingRows.values()) p.reject(failure!);
    pendingRows.clear();
  };
  worker.postMessage({ type: "init", ...init });
  return {
    score(slices, runs) {
      if (!slices.length || !runs.length) return Promise.resolve([]);
      const key = JSON.stringify([[...slices].sort(), [...runs].sort()]);
      const hit = cache.get(key);
      if (hit) {
        lastMs = 0;
        return hit;
      }
      if (failure) return Promise.reject(failure);
      const id = next++;
      const promise = new Promise<ScoreRow[]>((resolve, reject) => pending.set(id, { resolve, reject }));
      worker.postMessage({ type: "score", id, slices: [...slices], runs: [...runs] });
      cache.set(key, promise);
      promise.catch(() => cache.delete(key));
      return promise;
    },
    transitions(slices, runs) {
      if (!slices.length || !runs.length) return Promise.resolve([]);
      const key = JSON.stringify([[...slices].sort(), [...runs].sort()]);
      const hit = transitionCache.get(key);
      if (hit) return hit;
      if (failure) return Promise.reject(failure);
      const id = next++;
      const promise = new Promise<TransitionRow[]>((resolve, reject) => pendingTransitions.set(id, { resolve, reject }));
      worker.postMessage({ type: "transitions", id, slices: [...slices], runs: [...runs] });
      transitionCache.set(key, promise);
      promise.catch(() => transitionCache.delete(key));
      return promise;
    },
    find: (request) => ask<FoundRow>(`find ${JSON.stringify(request)}`, { type: "find", request }),
    pairs: (run, slice) => ask<PairListRow>(`pairs ${JSON.stringify([run, slice])}`, { type: "pairs", run, slice }),
    get lastMs() {
      return lastMs;
    },
    terminate: () => worker.terminate(),
  };
}
