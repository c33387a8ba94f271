// The ad-hoc slice worker: holds the report's judged outcomes (outcomes.arrow) and items (items.arrow) and
// scores filter slices with the very code `uvqa score --slice` runs (loaders/metrics, bundled for the browser by
// scripts/bundles.js), so the page's figures for a filter slice are that command's figures, interval for interval.
// Messages: {type: "init", outcomes, items, runs, seed, resamples} then {type: "score", id, slices, runs} and
// {type: "transitions", id, slices, runs} (the transition matrices of the aligned runs among `runs`);
// /compare: {type: "compare", id, a, b, sliceFields, slices} and {type: "item-outcomes", id, item, runs}; /judges:
// {type: "outcome-pairs", id, runs} (compare.ts); /slices: {type: "find", id, request} (the slice finder,
// worker-finder.ts#findSlices); /pairs: {type: "pairs", id, run, slice} (the twin pairs a run's pair shares count in
// a filter slice, worker-finder.ts#listPairs).
import { tableFromIPC, type Table } from "apache-arrow";
import type { Run, ScoreRow } from "../../loaders/items/records.ts";
import type { TransitionRow } from "../../loaders/metrics/index.ts";
import { loadState, scoreSlices, transitionSlices, type State } from "../worker-scoring.ts";
import { comparePair, itemOutcomes, outcomePairs, type ItemOutcomes, type OutcomePair, type PairComparison } from "./compare.ts";
import { findSlices, listPairs, type FindRequest, type PairListRow } from "../worker-finder.ts";
import type { FoundRow } from "../finder-types.ts";

export interface InitMessage {
  type: "init";
  outcomes: string;
  items: string;
  runs: Run[];
  seed?: number;
  resamples?: number;
}
export interface ScoreMessage {
  type: "score";
  id: number;
  slices: string[];
  runs: string[];
}
export interface TransitionsMessage {
  type: "transitions";
  id: number;
  slices: string[];
  runs: string[];
}
export interface CompareMessage {
  type: "compare";
  id: number;
  a: string;
  b: string;
  sliceFields: string[];
  slices: string[];
}
export interface ItemOutcomesMessage {
  type: "item-outcomes";
  id: number;
  item: string;
  runs: string[];
}
export interface OutcomePairsMessage {
  type: "outcome-pairs";
  id: number;
  runs: string[];
}
export interface FindMessage {
  type: "find";
  id: number;
  request: FindRequest;
}
export interface PairsMessage {
  type: "pairs";
  id: number;
  run: string;
  /** A filter expression; "" for every item. */
  slice: string;
}
export type Reply =
  | { type: "ready"; items: number; rows: number; ms: number }
  | { type: "scores"; id: number; rows: ScoreRow[]; ms: number }
  | { type: "transitions"; id: number; rows: TransitionRow[]; ms: number }
  | ({ type: "comparison"; id: number; ms: number } & PairComparison)
  | { type: "item-outcomes"; id: number; item: ItemOutcomes | null; ms: number }
  | { type: "outcome-pairs"; id: number; rows: OutcomePair[]; ms: number }
  | { type: "found"; id: number; rows: FoundRow[]; ms: number }
  | { type: "pairs"; id: number; rows: PairListRow[]; ms: number }
  | { type: "error"; id: number | null; message: string };

const scope = self as unknown as { postMessage(message: Reply): void; onmessage: ((event: MessageEvent) => void) | null };

async function table(url: string): Promise<Table> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return tableFromIPC(new Uint8Array(await response.arrayBuffer()));
}

let state: Promise<State> | null = null;
/** outcomes.arrow as loaded: one item's rows are read off it (item-outcomes). */
let outcomesTable: Table | null = null;

scope.onmessage = async (
  event: MessageEvent<InitMessage | ScoreMessage | TransitionsMessage | CompareMessage | ItemOutcomesMessage | OutcomePairsMessage | FindMessage | PairsMessage>,
) => {
  const message = event.data;
  const started = performance.now();
  try {
    if (message.type === "init") {
      state = (async () => {
        const [outcomes, itemsTable] = await Promise.all([table(message.outcomes), table(message.items)]);
        outcomesTable = outcomes;
        return loadState(outcomes, itemsTable, message.runs, { seed: message.seed, resamples: message.resamples });
      })();
      const s = await state;
      scope.postMessage({ type: "ready", items: s.items.length, rows: s.rows, ms: performance.now() - started });
      return;
    }
    if (!state) throw new Error("the slice worker was asked to score before it was given the report");
    if (message.type === "transitions") {
      const rows = transitionSlices(await state, message.slices, message.runs);
      scope.postMessage({ type: "transitions", id: message.id, rows, ms: performance.now() - started });
      return;
    }
    if (message.type === "compare") {
      const result = comparePair(await state, message);
      scope.postMessage({ type: "comparison", id: message.id, ...result, ms: performance.now() - started });
      return;
    }
    if (message.type === "item-outcomes") {
      const s = await state;
      scope.postMessage({ type: "item-outcomes", id: message.id, item: itemOutcomes(outcomesTable!, s.items, message.item, message.runs), ms: performance.now() - started });
      return;
    }
    if (message.type === "outcome-pairs") {
      const s = await state;
      scope.postMessage({ type: "outcome-pairs", id: message.id, rows: outcomePairs(outcomesTable!, s.items, message.runs), ms: performance.now() - started });
      return;
    }
    if (message.type === "find") {
      const rows = findSlices(await state, message.request);
      scope.postMessage({ type: "found", id: message.id, rows, ms: performance.now() - started });
      return;
    }
    if (message.type === "pairs") {
      const rows = listPairs(await state, message.run, message.slice);
      scope.postMessage({ type: "pairs", id: message.id, rows, ms: performance.now() - started });
      return;
    }
    const rows = scoreSlices(await state, message.slices, message.runs);
    scope.postMessage({ type: "scores", id: message.id, rows, ms: performance.now() - started });
  } catch (error) {
    scope.postMessage({ type: "error", id: message.type === "init" ? null : message.id, message: (error as Error).message });
  }
};
