// The page's side of the explorer's search worker (workers/search.worker.ts, bundled to src/lib/search-worker.js):
// one worker per page, started at once (its texts are read as soon as a link asks for them).
import type { SearchField, SearchHits } from "./search-core.js";

export interface SearchClient {
  /** Reads what a search of `field` in `runs` needs, in the worker (and keeps it there); resolves once it is read. */
  prefetch(field: SearchField, runs: readonly string[]): Promise<void>;
  /** The (run index or -1, item) pairs whose texts hold `text` (search-core.ts). */
  search(text: string, field: SearchField, runs: readonly string[]): Promise<SearchHits>;
  /** Milliseconds the last search took in the worker. */
  readonly lastMs: number;
  terminate(): void;
}

type Reply =
  | { type: "read"; id: number; ms: number }
  | { type: "hits"; id: number; runs: Int32Array; items: Int32Array; ms: number }
  | { type: "error"; id: number | null; message: string };

/** `workerUrl`: the bundle; `bin`, `index`: search-texts.bin's and search-index.json's URLs. */
export function searchClient(workerUrl: string, files: { bin: string; index: string }): SearchClient {
  const worker = new Worker(workerUrl, { type: "module" });
  const waiting = new Map<number, { resolve: (hits: SearchHits | null) => void; reject: (error: Error) => void }>();
  let next = 1, lastMs = 0;
  // Why the worker cannot answer any more (it failed to start, or was stopped): later requests fail at once.
  let broken: string | null = null;
  const failAll = (message: string) => {
    for (const { reject } of waiting.values()) reject(new Error(message));
    waiting.clear();
  };
  worker.addEventListener("message", (event: MessageEvent<Reply>) => {
    const reply = event.data;
    if (reply.id === null) return failAll(reply.type === "error" ? reply.message : "search worker: a reply without its request");
    const request = waiting.get(reply.id);
    if (!request) return;
    waiting.delete(reply.id);
    if (reply.type === "error") request.reject(new Error(reply.message));
    else if (reply.type === "read") request.resolve(null);
    else {
      lastMs = reply.ms;
      request.resolve({ runs: reply.runs, items: reply.items });
    }
  });
  worker.addEventListener("error", (event) => failAll(broken = `search worker: ${event.message || "failed to start"}`));
  // Resolved here, against the page: in the worker a relative URL would resolve against the worker's script.
  const absolute = (url: string) => new URL(url, document.baseURI).href;
  worker.postMessage({ type: "init", bin: absolute(files.bin), index: absolute(files.index) });
  const ask = (message: Record<string, unknown>) => {
    const id = next++;
    return new Promise<SearchHits | null>((resolve, reject) => {
      if (broken) return reject(new Error(broken));
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  };
  return {
    async prefetch(field, runs) {
      await ask({ type: "prefetch", field, runs: [...runs] });
    },
    async search(text, field, runs) {
      return (await ask({ type: "search", text, field, runs: [...runs] }))!;
    },
    get lastMs() {
      return lastMs;
    },
    terminate() {
      failAll(broken = "search worker: stopped");
      worker.terminate();
    },
  };
}
