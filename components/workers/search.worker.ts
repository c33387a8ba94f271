// The explorer's search worker: reads the search texts (search-texts.bin; gunzip and UTF-8 decoding, ~0.1 s of a
// thread per run at 1M responses) and runs searches over them, off the page's main thread (search-core.ts).
// Messages: {type: "init", bin, index}, then {type: "prefetch", id, field, runs} and {type: "search", id, text, field,
// runs}; replies {type: "read", id, ms}, {type: "hits", id, runs, items, ms} (typed arrays, transferred) or
// {type: "error", id, message}.
import { searchState, type SearchField, type SearchState } from "../search-core.ts";
import { searchTexts } from "../search-texts.ts";

type Message =
  | { type: "init"; bin: string; index: string }
  | { type: "prefetch"; id: number; field: SearchField; runs: string[] }
  | { type: "search"; id: number; text: string; field: SearchField; runs: string[] };

let state: SearchState | null = null;
const scope = self as unknown as { postMessage(message: unknown, transfer?: Transferable[]): void; onmessage: ((event: MessageEvent<Message>) => void) | null };

scope.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "init") {
    // Absolute URLs: the client resolved them against the page (this worker's own URL is another base).
    state = searchState(searchTexts(message.bin, message.index));
    return;
  }
  if (!state) return scope.postMessage({ type: "error", id: "id" in message ? message.id : null, message: "search worker: not initialised" });
  const started = performance.now();
  try {
    if (message.type === "prefetch") {
      await state.prefetch(message.field, message.runs);
      return scope.postMessage({ type: "read", id: message.id, ms: performance.now() - started });
    }
    const hits = await state.search(message.text, message.field, message.runs);
    scope.postMessage({ type: "hits", id: message.id, runs: hits.runs, items: hits.items, ms: performance.now() - started }, [hits.runs.buffer, hits.items.buffer]);
  } catch (error) {
    scope.postMessage({ type: "error", id: message.id, message: (error as Error).message });
  }
};
