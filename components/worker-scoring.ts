// The ad-hoc slice worker's scoring, apart from its messaging (workers/slices.worker.ts) so Node tests run it:
// the report's slim tables (Arrow) -> the item index and every run's judged columns, built once -> one filter slice
// at a time with the very code `uvqa score --slice` runs (loaders/metrics).
import type { Table } from "apache-arrow";
import {
  canonicalSlice, indexItems, indexSlices, runColumns, scoreColumns, type ItemIndex, type MetricItem, type RunColumns,
  type TransitionRow,
} from "../loaders/metrics/index.ts";
import type { Run, ScoreRow } from "../loaders/items/records.ts";

export interface State {
  items: MetricItem[];
  /** Built once: the item index and every run's judged columns. A filter change only rebuilds the slice index. */
  index: ItemIndex;
  columns: Map<string, RunColumns>;
  rows: number;
  runs: Run[];
  options: { seed?: number; resamples?: number };
}

const str = (v: unknown) => (v === null || v === undefined ? undefined : String(v));

/** items.arrow -> the items `uvqa score` reads from items.jsonl (the slice fields only: no text needed). */
export function itemsFromArrow(t: Table): MetricItem[] {
  const col = (name: string) => t.getChild(name);
  const id = col("id")!, category = col("category")!;
  const fields = ["dataset", "question_type", "source", "video"].filter((f) => col(f));
  const flags = col("flags");
  const pair = col("pair");
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
  // The twin is an item index in items.arrow and an item id in items.jsonl: ids here, as `uvqa score` reads them.
  if (pair) {
    for (let i = 0; i < t.numRows; i++) {
      const twin = pair.get(i);
      if (twin !== null && twin !== undefined) items[i]!.pair = items[Number(twin)]!.id;
    }
  }
  return items;
}

/** outcomes.arrow -> each run's judged columns (rows of one run are contiguous: the table is sorted by run). */
export function columnsFromArrow(t: Table, index: ItemIndex): Map<string, RunColumns> {
  const run = t.getChild("run")!, item = t.getChild("item")!, refused = t.getChild("refused")!, correct = t.getChild("correct")!;
  const score = t.getChild("score"), kind = t.getChild("score_kind");
  const spans = new Map<string, number[]>();
  for (let i = 0; i < t.numRows; i++) {
    const r = String(run.get(i));
    let rows = spans.get(r);
    if (!rows) spans.set(r, (rows = []));
    rows.push(i);
  }
  const columns = new Map<string, RunColumns>();
  for (const [id, rows] of spans) {
    const value = (column: NonNullable<ReturnType<Table["getChild"]>> | null) => rows.map((i) => column?.get(i) ?? null);
    columns.set(id, runColumns(index, id, {
      item: Int32Array.from(rows, (i) => Number(item.get(i))),
      refused: value(refused), correct: value(correct),
      score: rows.map((i) => { const v = score?.get(i); return v === null || v === undefined ? null : Number(v); }),
      scoreKind: value(kind).map((v) => (v === null ? null : String(v))),
    }));
  }
  return columns;
}

export function loadState(outcomes: Table, itemsTable: Table, runs: Run[], options: State["options"]): State {
  const items = itemsFromArrow(itemsTable);
  const index = indexItems(items);
  return { items, index, columns: columnsFromArrow(outcomes, index), rows: outcomes.numRows, runs, options };
}

/**
 * Scores the requested runs on the given filter slices exactly as `uvqa score --slice <expr>` does for each
 * expression alone (one call per slice: a slice's interval depends on the slices asked for with it).
 */
export function scoreSlices(state: State, slices: readonly string[], runIds: readonly string[]): ScoreRow[] {
  const out: ScoreRow[] = [];
  for (const expr of slices) {
    const name = canonicalSlice(expr);
    const result = scoreColumns(indexSlices(state.index, { slices: [expr] }), state.columns, state.runs, {
      ...state.options, only: runIds, onlySlices: [name],
    });
    for (const row of result.scores) if (row.slice === name) out.push({ ...row, slice: expr });
  }
  return out;
}


/**
 * The transition matrices of the requested aligned runs against their baselines on the given filter slices: the
 * `transitions` `uvqa score --slice <expr>` writes. They count items, so no bootstrap is drawn for them; runs
 * without a baseline have none.
 */
export function transitionSlices(state: State, slices: readonly string[], runIds: readonly string[]): TransitionRow[] {
  const aligned = runIds.filter((id) => state.runs.some((r) => r.id === id && r.baseline));
  if (!aligned.length || !slices.length) return [];
  const names = slices.map((expr) => canonicalSlice(expr));
  const asked = new Map(names.map((name, i) => [name, slices[i]!]));
  const result = scoreColumns(indexSlices(state.index, { slices: [...slices] }), state.columns, state.runs, {
    ...state.options, resamples: 0, only: aligned, onlySlices: [...asked.keys()],
  });
  return result.transitions.filter((t) => asked.has(t.slice)).map((t) => ({ ...t, slice: asked.get(t.slice)! }));
}
