// The explorer's text search over the search texts the build wrote (search-texts.ts), as the search worker runs
// it (workers/search.worker.ts): each text read once and kept, lower-cased already, so a second search in the
// same runs costs an indexOf walk. Rows match exactly as `String(text ?? "").toLowerCase().includes(needle)`.
import { matchRows } from "./lowered-text.js";
import type { LoweredRows, SearchTexts } from "./search-texts.js";

/** Where a search looks: the question, the response, the reference, or any of the three. */
export type SearchField = "any" | "question" | "response" | "reference";

/**
 * The (run, item) pairs a search found: `runs[k]` an index into the runs searched, or -1 for an item whose own
 * question or reference matched (it holds for every run); `items[k]` the item index. The items' matches first
 * (in item order), then each run's (in texts.parquet's order).
 */
export interface SearchHits { runs: Int32Array; items: Int32Array }

export interface SearchState {
  /** Starts reading what a search of `field` in `runs` needs (and keeps it); resolves once it is read. */
  prefetch(field: SearchField, runs: readonly string[]): Promise<void>;
  search(text: string, field: SearchField, runs: readonly string[]): Promise<SearchHits>;
}

export function searchState(files: SearchTexts): SearchState {
  const kept = new Map<string, Promise<LoweredRows[]>>();
  const read = (key: string, make: () => Promise<LoweredRows[] | null>) => {
    let promise = kept.get(key);
    if (!promise) {
      promise = make().then((parts) => parts ?? []);
      kept.set(key, promise);
      promise.catch(() => kept.delete(key)); // a failed read is tried again by the next search
    }
    return promise;
  };
  const reads = (field: SearchField, runs: readonly string[]) => ({
    question: field === "any" || field === "question" ? read("question:", () => files.items("question")) : null,
    reference: field === "any" || field === "reference" ? read("reference:", () => files.items("reference")) : null,
    runs: field === "any" || field === "response" ? runs.map((run) => read(`run:${run}`, () => files.run(run))) : [],
  });
  return {
    async prefetch(field, runs) {
      const r = reads(field, runs);
      await Promise.all([r.question, r.reference, ...r.runs]);
    },
    async search(text, field, runs) {
      const needle = text.toLowerCase();
      const r = reads(field, runs);
      for (const p of [r.question, r.reference, ...r.runs]) p?.catch(() => {}); // awaited in turn below
      const hitRuns: number[] = [], hitItems: number[] = [];
      if (r.question || r.reference) {
        const parts = [...(await r.question) ?? [], ...(await r.reference) ?? []];
        let count = 0;
        for (const { items } of parts) for (let k = 0; k < items.length; k++) if (items[k]! >= count) count = items[k]! + 1;
        const matched = new Uint8Array(count);
        for (const { items, block } of parts) matchRows(block, needle, (k) => { matched[items[k]!] = 1; });
        for (let i = 0; i < matched.length; i++) if (matched[i]) { hitRuns.push(-1); hitItems.push(i); }
      }
      for (const [i, p] of r.runs.entries()) {
        for (const { items, block } of await p) matchRows(block, needle, (k) => { hitRuns.push(i); hitItems.push(items[k]!); });
      }
      return { runs: Int32Array.from(hitRuns), items: Int32Array.from(hitItems) };
    },
  };
}
