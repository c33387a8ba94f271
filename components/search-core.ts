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

const NO_ROWS: LoweredRows = { items: new Int32Array(0), block: { rows: 0, text: "", starts: new Int32Array(1) } };

export interface SearchState {
  /** Starts reading what a search of `field` in `runs` needs (and keeps it); resolves once it is read. */
  prefetch(field: SearchField, runs: readonly string[]): Promise<void>;
  search(text: string, field: SearchField, runs: readonly string[]): Promise<SearchHits>;
}

export function searchState(files: SearchTexts): SearchState {
  const kept = new Map<string, Promise<LoweredRows>>();
  const read = (key: string, make: () => Promise<LoweredRows | null>) => {
    let promise = kept.get(key);
    if (!promise) {
      promise = make().then((rows) => rows ?? NO_ROWS);
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
        const [question, reference] = [await r.question, await r.reference];
        const count = (question ?? reference)!.block.rows;
        const matched = new Uint8Array(count);
        if (question) matchRows(question.block, needle, (k) => { matched[k] = 1; });
        if (reference) matchRows(reference.block, needle, (k) => { matched[k] = 1; });
        for (let k = 0; k < count; k++) if (matched[k]) { hitRuns.push(-1); hitItems.push(k); }
      }
      for (const [i, p] of r.runs.entries()) {
        const { items, block } = await p;
        matchRows(block, needle, (k) => { hitRuns.push(i); hitItems.push(items[k]!); });
      }
      return { runs: Int32Array.from(hitRuns), items: Int32Array.from(hitItems) };
    },
  };
}
