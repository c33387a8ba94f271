// The page's side of the ad-hoc slice worker (workers/slices.worker.ts, bundled to src/lib/slices-worker.js):
// one worker per page, results cached per (slices, runs), the time each computation took kept for the bench.
import type { ScoreRow } from "./scores.js";
import { toScoreRows } from "./scores.js";
import { toTransitionRows, type TransitionRow } from "./transitions.js";
import { toComparisonRows, toPairTransitions, type ComparisonRow, type ItemOutcomes, type PairTransition } from "./compare.js";
import type { OutcomePair } from "./judges.js";
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
  /**
   * Run b against run a (/compare), exactly as `uvqa compare --a a --b b --slice-by <sliceFields> --slice <expr>...`:
   * every slice's comparison rows, and the transition matrix between the two runs per slice.
   */
  compare(request: { a: string; b: string; sliceFields: readonly string[]; slices: readonly string[] }): Promise<{ rows: ComparisonRow[]; transitions: PairTransition[] }>;
  /** One item's outcomes under the given runs (null: the report has no item with this id). */
  itemOutcomes(item: string, runs: readonly string[]): Promise<ItemOutcomes | null>;
  /** Per run and category, the counts of (first judge's outcome, second judge's outcome) (/judges). */
  outcomePairs(runs: readonly string[]): Promise<OutcomePair[]>;
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
  | { type: "comparison"; id: number; rows: Record<string, unknown>[]; transitions: Record<string, unknown>[]; ms: number }
  | { type: "item-outcomes"; id: number; item: ItemOutcomes | null; ms: number }
  | { type: "outcome-pairs"; id: number; rows: OutcomePair[]; ms: number }
  | { type: "found"; id: number; rows: FoundRow[]; ms: number }
  | { type: "pairs"; id: number; rows: PairListRow[]; ms: number }
  | { type: "error"; id: number | null; message: string };
/** The replies of the requests made through `ask` (compare, item-outcomes, outcome-pairs, find, pairs). */
type Answer = Extract<Reply, { type: "comparison" | "item-outcomes" | "outcome-pairs" | "found" | "pairs" }>;

export interface SliceClientOptions {
  /**
   * Start the worker (load its script, fetch and read outcomes.arrow and items.arrow) when this settles, or at the
   * first request if that comes first; default: at once. A page whose first figures come from build-time scores
   * passes afterFirstFigure (after-figures.ts), so that reading tens or hundreds of MB does not compete with them.
   */
  startAfter?: Promise<unknown>;
}

export function sliceClient(workerUrl: string, init: SliceClientInit, options: SliceClientOptions = {}): SliceClient {
  let started: Worker | null = null;
  let terminated = false;
  const pending = new Map<number, { resolve: (rows: ScoreRow[]) => void; reject: (error: Error) => void }>();
  const cache = new Map<string, Promise<ScoreRow[]>>();
  let next = 0;
  let lastMs = 0;
  let failure: Error | null = null;
  const pendingTransitions = new Map<number, { resolve: (rows: TransitionRow[]) => void; reject: (error: Error) => void }>();
  const transitionCache = new Map<string, Promise<TransitionRow[]>>();
  const pendingOther = new Map<number, { resolve: (reply: Answer) => void; reject: (error: Error) => void }>();
  const otherCache = new Map<string, Promise<unknown>>();
  /** The worker cannot answer: every request waiting, and every later one, fails with `error`. */
  const failAll = (error: Error) => {
    failure = error;
    for (const waiting of [pending, pendingTransitions, pendingOther]) {
      for (const p of waiting.values()) p.reject(error);
      waiting.clear();
    }
  };
  /** The worker, created and given the report on first use. */
  const start = (): Worker => {
    if (started) return started;
    // Terminated before it ever started (the page's cell ran again): a request then goes nowhere, as it would to a
    // terminated worker, and starts nothing.
    if (terminated) return { postMessage() {} } as unknown as Worker;
    const worker = (started = new Worker(workerUrl, { type: "module" }));
    worker.onmessage = (event: MessageEvent<Reply>) => {
      const reply = event.data;
      if (reply.type === "ready") return;
      const o = reply.id === null ? undefined : pendingOther.get(reply.id);
      if (o) {
        pendingOther.delete(reply.id!);
        if (reply.type === "error") o.reject(new Error(reply.message));
        else {
          lastMs = reply.ms;
          o.resolve(reply as Answer);
        }
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
        failAll(new Error(`the slice worker could not load the report: ${reply.message}`));
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
      failAll(new Error(`the slice worker failed: ${event.message}`));
    };
    worker.postMessage({ type: "init", ...init });
    return worker;
  };
  if (options.startAfter) options.startAfter.then(() => { if (!terminated) start(); }, () => {});
  else start();
  /** One request, cached by `key`: the same question is computed once per page. */
  function ask<T>(key: string, message: Record<string, unknown>, read: (reply: Answer) => T): Promise<T> {
    const hit = otherCache.get(key) as Promise<T> | undefined;
    if (hit) {
      lastMs = 0;
      return hit;
    }
    if (failure) return Promise.reject(failure);
    const id = next++;
    const promise = new Promise<Answer>((resolve, reject) => pendingOther.set(id, { resolve, reject })).then(read);
    start().postMessage({ ...message, id });
    otherCache.set(key, promise);
    promise.catch(() => otherCache.delete(key));
    return promise;
  }
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
      start().postMessage({ type: "score", id, slices: [...slices], runs: [...runs] });
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
      start().postMessage({ type: "transitions", id, slices: [...slices], runs: [...runs] });
      transitionCache.set(key, promise);
      promise.catch(() => transitionCache.delete(key));
      return promise;
    },
    compare({ a, b, sliceFields, slices }) {
      // Filter slices in sorted order, as the page's reproduce command lists its --slice flags.
      const sorted = [...new Set(slices)].sort();
      const key = JSON.stringify(["compare", a, b, [...sliceFields], sorted]);
      return ask(key, { type: "compare", a, b, sliceFields: [...sliceFields], slices: sorted }, (reply) => {
        const r = reply as Extract<Answer, { type: "comparison" }>;
        return { rows: toComparisonRows(r.rows), transitions: toPairTransitions(r.transitions) };
      });
    },
    itemOutcomes(item, runs) {
      const key = JSON.stringify(["item-outcomes", item, [...runs]]);
      return ask(key, { type: "item-outcomes", item, runs: [...runs] }, (reply) => (reply as Extract<Answer, { type: "item-outcomes" }>).item);
    },
    outcomePairs(runs) {
      const key = JSON.stringify(["outcome-pairs", [...runs]]);
      return ask(key, { type: "outcome-pairs", runs: [...runs] }, (reply) => (reply as Extract<Answer, { type: "outcome-pairs" }>).rows);
    },
    find(request) {
      const key = JSON.stringify(["find", request]);
      return ask<FoundRow[]>(key, { type: "find", request }, (reply) => (reply as Extract<Answer, { type: "found" }>).rows);
    },
    pairs(run, slice) {
      const key = JSON.stringify(["pairs", run, slice]);
      return ask<PairListRow[]>(key, { type: "pairs", run, slice }, (reply) => (reply as Extract<Answer, { type: "pairs" }>).rows);
    },
    get lastMs() {
      return lastMs;
    },
    terminate() {
      terminated = true;
      started?.terminate();
    },
  };
}
