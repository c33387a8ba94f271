// The ad-hoc slice worker: holds the report's judged outcomes (outcomes.arrow) and items (items.arrow) and
// scores filter slices with the very code `uvqa score --slice` runs (loaders/metrics, bundled for the browser by
// scripts/bundles.js), so the page's figures for a filter slice are that command's figures, interval for interval.
// Messages: {type: "init", outcomes, items, runs, seed, resamples} then {type: "score", id, slices, runs}.
import { tableFromIPC, type Table } from "apache-arrow";
import { scoreRuns, type JudgedRow, type MetricItem, type ScoreOptions } from "../../loaders/metrics/index.ts";
import type { Run, ScoreRow } from "../../loaders/items/records.ts";

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
export type Reply =
  | { type: "ready"; items: number; rows: number; ms: number }
  | { type: "scores"; id: number; rows: ScoreRow[]; ms: number }
  | { type: "error"; id: number | null; message: string };

interface State {
  items: MetricItem[];
  rowsByRun: Map<string, JudgedRow[]>;
  runs: Run[];
  options: { seed?: number; resamples?: number };
}

const scope = self as unknown as { postMessage(message: Reply): void; onmessage: ((event: MessageEvent) => void) | null };

async function table(url: string): Promise<Table> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return tableFromIPC(new Uint8Array(await response.arrayBuffer()));
}

const str = (v: unknown) => (v === null || v === undefined ? undefined : String(v));

/** items.arrow -> the items `uvqa score` reads from items.jsonl (the slice fields only: no text needed). */
export function itemsFromArrow(t: Table): MetricItem[] {
  const col = (name: string) => t.getChild(name);
  const id = col("id")!, category = col("category")!;
  const fields = ["dataset", "question_type", "source", "video"].filter((f) => col(f));
  const flags = col("flags");
  const items: MetricItem[] = new Array(t.numRows);
  for (let i = 0; i < t.numRows; i++) {
    const item: MetricItem = { id: String(id.get(i)), category: String(category.get(i)) as MetricItem["category"] };
    for (const f of fields) {
      const v = str(col(f)!.get(i));
      if (v !== undefined) item[f] = v;
    }
    const f = str(flags?.get(i));
    if (f) item.flags = f.split(",");
    items[i] = item;
  }
  return items;
}

/** outcomes.arrow -> judged rows per run. */
export function rowsFromArrow(t: Table, items: readonly MetricItem[]): Map<string, JudgedRow[]> {
  const run = t.getChild("run")!, item = t.getChild("item")!, refused = t.getChild("refused")!, correct = t.getChild("correct")!;
  const score = t.getChild("score"), kind = t.getChild("score_kind");
  const byRun = new Map<string, JudgedRow[]>();
  for (let i = 0; i < t.numRows; i++) {
    const r = String(run.get(i));
    let list = byRun.get(r);
    if (!list) byRun.set(r, (list = []));
    const s = score?.get(i);
    list.push({
      run: r, item: items[Number(item.get(i))]!.id,
      refused: refused.get(i) ?? null, correct: correct.get(i) ?? null,
      score: s === null || s === undefined ? null : Number(s),
      score_kind: (str(kind?.get(i)) ?? null) as JudgedRow["score_kind"],
    });
  }
  return byRun;
}

/** Scores the requested runs on the given filter slices, with their baselines' rows for the alignment scores. */
export function scoreSlices(state: State, slices: readonly string[], runIds: readonly string[]): ScoreRow[] {
  const byId = new Map(state.runs.map((r) => [r.id, r]));
  const needed = new Set<string>();
  for (const id of runIds) {
    needed.add(id);
    const baseline = byId.get(id)?.baseline;
    if (baseline) needed.add(baseline);
  }
  const runs = state.runs.filter((r) => needed.has(r.id));
  const rows = runs.flatMap((r) => state.rowsByRun.get(r.id) ?? []);
  const options = { ...state.options, slices: [...slices] } as ScoreOptions;
  const wanted = new Set(runIds);
  const sliceSet = new Set(slices);
  return scoreRuns(state.items, rows, runs, options).scores.filter((s) => wanted.has(s.run) && sliceSet.has(s.slice));
}

let state: Promise<State> | null = null;

scope.onmessage = async (event: MessageEvent<InitMessage | ScoreMessage>) => {
  const message = event.data;
  const started = performance.now();
  try {
    if (message.type === "init") {
      state = (async () => {
        const [outcomes, itemsTable] = await Promise.all([table(message.outcomes), table(message.items)]);
        const items = itemsFromArrow(itemsTable);
        return {
          items, rowsByRun: rowsFromArrow(outcomes, items), runs: message.runs,
          options: { seed: message.seed, resamples: message.resamples },
        };
      })();
      const s = await state;
      scope.postMessage({ type: "ready", items: s.items.length, rows: [...s.rowsByRun.values()].reduce((n, l) => n + l.length, 0), ms: performance.now() - started });
      return;
    }
    if (!state) throw new Error("the slice worker was asked to score before it was given the report");
    const rows = scoreSlices(await state, message.slices, message.runs);
    scope.postMessage({ type: "scores", id: message.id, rows, ms: performance.now() - started });
  } catch (error) {
    scope.postMessage({ type: "error", id: message.type === "score" ? message.id : null, message: (error as Error).message });
  }
};
