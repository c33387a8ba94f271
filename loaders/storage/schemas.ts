// The tables every page and notebook reads, with the paper's names. One spec drives Parquet and Arrow.
import type { TableSpec } from "./tables.ts";

export const ITEMS: TableSpec = {
  id: "string", dataset: "category", category: "category", video: "string", question: "string",
  reference: "string", pair: "string", question_type: "category", source: "category",
  perturbation_kind: "category", perturbation_original: "string", perturbation_replaced_with: "string",
  flags: "json", scene: "json",
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
  id: "string", model: "category", prompt: "category", variant: "category", baseline: "string",
  judge: "category", items: "int", missing: "int", failed: "int", dataset: "category",
};

export const REFERENCE: TableSpec = { base_model: "category", variant: "category", metric: "category", value: "double" };

/** Run b against run a on the items both have (an aligned run against its baseline in the report). */
export const COMPARISONS: TableSpec = {
  a: "category", b: "category", slice: "category", metric: "category", value_a: "double", value_b: "double",
  diff: "double", ci_low: "double", ci_high: "double", n: "int", n_a: "int", n_b: "int",
  judge_failures_a: "int", judge_failures_b: "int", mcnemar_b: "int", mcnemar_c: "int", mcnemar_p: "double",
};
