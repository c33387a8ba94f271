// The report folder's slim and text tables (docs/report-data.md): rows keyed by the integer item index,
// sorted, ready for storage/tables.ts (Arrow) and storage/parquet-zstd.ts. Pure.
import type { PromptConfig } from "../config/schema.ts";
import type { ResponseRow } from "../inference/row.ts";
import { outcomeOf, type Outcome } from "../items/outcome.ts";
import type { Judgment, Run } from "../items/records.ts";
import type { Item } from "../items/schema.ts";
import { sha256 } from "../prompts/index.ts";

/** Item id -> index: the item's position in items.jsonl (0-based). */
export function itemIndex(items: readonly Item[]): Map<string, number> {
  return new Map(items.map((item, i) => [item.id, i]));
}

/**
 * The hash of a prompt's definition (system message and template), the key of prompts.json and the
 * `prompt_hash` of runs.* and texts.parquet. (responses.parquet keeps each response row's own
 * `prompt_hash`: the hash of the messages rendered for that item.)
 */
export function promptDefinitionHash(prompt: Pick<PromptConfig, "template" | "system">): string {
  return sha256(JSON.stringify({ system: prompt.system ?? null, template: prompt.template }));
}

export interface PromptText {
  id: string;
  /** The template: `{question}` (and `{context}`, the scene facts) are filled in per item. */
  text: string;
  system?: string;
}

/** prompts.json: every prompt a run uses, by definition hash (the first id in run order when two share a text). */
export function promptTexts(prompts: readonly PromptConfig[]): Record<string, PromptText> {
  const out: Record<string, PromptText> = {};
  for (const prompt of prompts) {
    const hash = promptDefinitionHash(prompt);
    out[hash] ??= { id: prompt.id, text: prompt.template, ...(prompt.system ? { system: prompt.system } : {}) };
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const pairKey = (run: string, item: string) => `${run}\u0000${item}`;

/**
 * outcomes.arrow rows: one per (run, item) the run has a judged row for, sorted by run (the order of `runs`),
 * then item index. `base` is the baseline run's outcome on the item (null without a baseline or where the
 * baseline lacks the item); `outcome_2` the second judge's outcome (null with one judge).
 */
export function outcomeRows(
  items: readonly Item[], runs: readonly Run[], judgments: readonly Judgment[], second: readonly Judgment[] | null,
  textRow: (run: string, item: number) => number | null = () => null,
): Record<string, unknown>[] {
  const index = itemIndex(items);
  const outcome = (j: Judgment): Outcome => outcomeOf(items[index.get(j.item)!]!.category, j.refused, j.correct);
  const byRun = new Map<string, Judgment[]>();
  const outcomes = new Map<string, Outcome>();
  for (const j of judgments) {
    let list = byRun.get(j.run);
    if (!list) byRun.set(j.run, (list = []));
    list.push(j);
    outcomes.set(pairKey(j.run, j.item), outcome(j));
  }
  const secondOutcomes = new Map((second ?? []).map((j) => [pairKey(j.run, j.item), outcome(j)]));
  const rows: Record<string, unknown>[] = [];
  for (const run of runs) {
    const list = [...(byRun.get(run.id) ?? [])].sort((a, b) => index.get(a.item)! - index.get(b.item)!);
    for (const j of list) {
      rows.push({
        run: run.id, item: index.get(j.item)!, outcome: outcomes.get(pairKey(run.id, j.item))!,
        base: run.baseline ? outcomes.get(pairKey(run.baseline, j.item)) ?? null : null,
        refused: j.refused, correct: j.correct, reason_ok: j.reason_ok, score: j.score, score_kind: j.score_kind,
        outcome_2: secondOutcomes.get(pairKey(run.id, j.item)) ?? null,
        text_row: textRow(run.id, index.get(j.item)!),
      });
    }
  }
  return rows;
}

/** items.arrow rows: no text; flags comma-joined ("" for none), pair as the twin's item index. */
export function slimItemRows(items: readonly Item[]): Record<string, unknown>[] {
  const index = itemIndex(items);
  return items.map((item, i) => ({
    item: i, id: item.id, dataset: item.dataset, category: item.category, video: item.video,
    question_type: item.question_type ?? null, source: item.source ?? null, flags: (item.flags ?? []).join(","),
    pair: item.pair !== undefined ? index.get(item.pair) ?? null : null, perturbation_kind: item.perturbation?.kind ?? null,
  }));
}

/**
 * texts.parquet rows: every response row (a failed request too, with its error class, and its generation and
 * frame settings), sorted as the file is (run's position in `runs` as `run_order`, then category, then item), so
 * a row's position here is its row in the file: outcomes.arrow's `text_row`.
 */
export function textRows(
  items: readonly Item[], runs: readonly Run[], responses: readonly ResponseRow[], promptHashOf: (run: string) => string | null,
): Record<string, unknown>[] {
  const index = itemIndex(items);
  const order = new Map(runs.map((run, i) => [run.id, i]));
  const rows = responses.map((row) => {
    const i = index.get(row.item)!;
    return {
      run: row.run, item: i, category: items[i]!.category, response: row.response, prompt_hash: promptHashOf(row.run),
      error: row.error?.class ?? null, settings: row.settings ?? null, frames: row.frames ?? null,
      run_order: order.get(row.run) ?? runs.length,
    };
  });
  // Byte order of the category, as DuckDB sorts VARCHAR (the file is written with the same ORDER BY).
  const byte = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort((a, b) => a.run_order - b.run_order || byte(a.category, b.category) || a.item - b.item);
}

/** (run, item index) -> row of texts.parquet, from rows in file order (textRows). */
export function textRowIndex(rows: readonly Record<string, unknown>[]): (run: string, item: number) => number | null {
  const position = new Map(rows.map((row, r) => [pairKey(String(row.run), String(row.item)), r]));
  return (run, item) => position.get(pairKey(run, String(item))) ?? null;
}
