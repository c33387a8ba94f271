// Turns scored results into the tables pages read: Parquet (all) and Arrow IPC streams (for DuckDB-WASM).
import type { Item } from "../items/schema.ts";
import type { Prediction, ScoreRow } from "../items/records.ts";
import { toArrowStream, toParquet } from "../storage/tables.ts";
import * as S from "../storage/schemas.ts";
import type { Scored } from "./score.ts";

/** Items as table rows: `item` is the index (position in items.jsonl), the perturbation spread into columns. */
export function itemRows(items: readonly Item[]): Record<string, unknown>[] {
  return items.map((item, index) => ({
    ...item,
    item: index,
    perturbation_kind: item.perturbation?.kind ?? null,
    perturbation_original: item.perturbation?.original ?? null,
    perturbation_replaced_with: item.perturbation?.replaced_with ?? null,
    perturbation_fact: item.perturbation?.fact ?? null,
    perturbation_in_question: item.perturbation?.in_question ?? null,
  }));
}

const PERTURBATION_COLUMNS: Record<string, string> = {
  perturbation_kind: "kind", perturbation_original: "original", perturbation_replaced_with: "replaced_with",
  perturbation_fact: "fact", perturbation_in_question: "in_question",
};

/** Column `name` of `itemRows(items)`, read straight from the items (no row object per item). */
export function itemColumn(items: readonly Item[], name: string): unknown[] {
  if (name === "item") return Array.from(items, (_, index) => index);
  const field = PERTURBATION_COLUMNS[name];
  if (field) return items.map((item) => (item.perturbation as Record<string, unknown> | undefined)?.[field] ?? null);
  return items.map((item) => (item as unknown as Record<string, unknown>)[name]);
}

/** Score rows in a stable order, so the same inputs give byte-identical outputs. */
export function sortScores(rows: readonly ScoreRow[]): ScoreRow[] {
  const key = (r: ScoreRow) => `${r.run}\u0000${r.slice}\u0000${r.metric}`;
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The scored tables but the judgments: scores.json, coverage.json and Parquet scores and transitions. */
export function summaryFiles(result: Pick<Scored["result"], "scores" | "coverage" | "transitions">): Record<string, string | Uint8Array> {
  const scores = sortScores(result.scores);
  return {
    "scores.json": JSON.stringify(scores, null, 1) + "\n",
    "coverage.json": JSON.stringify(result.coverage, null, 1) + "\n",
    "scores.parquet": toParquet(scores as never, S.SCORES),
    "transitions.parquet": toParquet(result.transitions as never, S.TRANSITIONS),
  };
}

/** The scored tables: scores.json, coverage.json and Parquet judgments, scores and transitions. */
export function resultFiles(scored: Scored): Record<string, string | Uint8Array> {
  return { ...summaryFiles(scored.result), "judgments.parquet": toParquet(scored.judgments as never, S.JUDGMENTS) };
}

/** `uvqa score --out` files: the scored tables plus the runs, items and responses they came from. */
export function scoreFiles(scored: Scored, items: readonly Item[], predictions: readonly Prediction[]): Record<string, string | Uint8Array> {
  return {
    ...resultFiles(scored),
    "runs.json": JSON.stringify(scored.runs, null, 1) + "\n",
    "items.parquet": toParquet(itemRows(items), S.ITEMS),
    "responses.parquet": toParquet(predictions as never, S.RESPONSES),
  };
}

export function arrowFiles(scored: Scored): Record<string, Uint8Array> {
  return {
    "scores.arrow": toArrowStream(sortScores(scored.result.scores) as never, S.SCORES),
    "transitions.arrow": toArrowStream(scored.result.transitions as never, S.TRANSITIONS),
  };
}
