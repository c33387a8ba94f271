// The tables every page and notebook reads, with the paper's names. One spec drives Parquet and Arrow.
import type { TableSpec } from "./tables.ts";

/** Every item field, plus `item`: its index (0-based position in items.jsonl). */
export const ITEMS: TableSpec = {
  item: "int", id: "string", dataset: "category", category: "category", video: "string", question: "string",
  reference: "string", pair: "string", question_type: "category", source: "category",
  perturbation_kind: "category", perturbation_original: "string", perturbation_replaced_with: "string",
  perturbation_fact: "string", perturbation_in_question: "bool", flags: "json", scene: "json",
};

export const RESPONSES: TableSpec = {
  run: "category", item: "string", response: "string", error: "json", backend: "category",
  model: "category", prompt: "category", prompt_hash: "category", settings: "json", frames: "json",
};

export const JUDGMENTS: TableSpec = {
  run: "category", item: "string", category: "category", judge: "category", refused: "bool",
  correct: "bool", score: "double", score_kind: "category", reason_ok: "bool", outcome: "category", error: "string",
};

export const SCORES: TableSpec = {
  run: "category", slice: "category", metric: "category", value: "double", n: "int",
  ci_low: "double", ci_high: "double", judge_failures: "int",
};

export const TRANSITIONS: TableSpec = {
  run: "category", baseline: "category", slice: "category", table: "category", from: "category", to: "category", count: "int",
};

export const RUNS: TableSpec = {
  id: "string", model: "category", prompt: "category", prompt_hash: "category", variant: "category", baseline: "string",
  judge: "category", items: "int", missing: "int", failed: "int", dataset: "category",
};

export const REFERENCE: TableSpec = { base_model: "category", variant: "category", metric: "category", value: "double" };

/** Run b against run a on the items both have (an aligned run against its baseline in the report). */
export const COMPARISONS: TableSpec = {
  a: "category", b: "category", slice: "category", metric: "category", value_a: "double", value_b: "double",
  diff: "double", ci_low: "double", ci_high: "double", n: "int", n_a: "int", n_b: "int",
  judge_failures_a: "int", judge_failures_b: "int", mcnemar_b: "int", mcnemar_c: "int", mcnemar_p: "double",
};

// The report folder's slim tables (docs/report-data.md): integer item index, dictionary-encoded strings, no text.

/** outcomes.arrow: one row per (run, item) the run has a judged row for. */
export const OUTCOMES: TableSpec = {
  run: "category", item: "int", outcome: "category", base: "category", refused: "bool", correct: "bool",
  reason_ok: "bool", score: "double", score_kind: "category", outcome_2: "category", text_row: "int",
};

/** items.arrow: one row per item, no text; `flags` comma-joined, `pair` the twin's item index. */
export const ITEMS_SLIM: TableSpec = {
  item: "int", id: "string", dataset: "category", category: "category", video: "string", question_type: "category",
  source: "category", flags: "string", pair: "int", perturbation_kind: "category",
};

/**
 * texts.parquet: every response row (failed requests too), for text on demand, with the deciding judge's judgment
 * (and the second judge's outcome) so that one item's rows in every run are read from this file alone.
 */
export const TEXTS: TableSpec = {
  run: "category", item: "int", category: "category", response: "string", prompt_hash: "category", error: "category",
  settings: "json", frames: "json", run_order: "int", outcome: "category", refused: "bool", correct: "bool",
  reason_ok: "bool", score: "double", score_kind: "category", judge: "category", outcome_2: "category",
};

/**
 * item-texts.parquet: texts.parquet's rows again, sorted by item, then run, each with its row in texts.parquet: one
 * item's rows in every run are neighbours (one row group to read for the item view instead of one per run).
 */
export const ITEM_TEXTS: TableSpec = { ...TEXTS, text_row: "int" };

/** item-ids.parquet: item id -> item index, sorted by id (a page finds an id by the row groups' statistics). */
export const ITEM_IDS: TableSpec = { id: "string", item: "int" };
