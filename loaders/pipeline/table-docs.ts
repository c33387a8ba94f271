// What every table of the report folder holds, column by column (column, type, meaning): one source for the
// /notebook page (src/data/report-tables.json.ts) and docs/report-data.md (its generated section, written by
// `npx tsx scripts/table-docs.ts`). Columns and types come from the storage specs (storage/schemas.ts) that
// write the files; this module adds what each column means. tests/site/table-docs.test.ts pins docs, page,
// specs and the files a build writes together.
import * as S from "../storage/schemas.ts";
import { REPORT_DISAGREEMENTS } from "./judge-agreement.ts";
import type { ColumnType, TableSpec } from "../storage/tables.ts";

export interface ColumnDoc {
  name: string;
  /** As DuckDB-WASM and apache-arrow see it in the .arrow file (or the JSON type of a .json file). */
  type: string;
  meaning: string;
}

export interface TableDoc {
  /** The table's name in SQL (the .arrow file's stem), or the file's name. */
  name: string;
  files: string[];
  /** What one row is. */
  rows: string;
  /** True when the page's DuckDB holds it (an Arrow IPC stream: `FROM <name>` in /notebook). */
  sql: boolean;
  columns: ColumnDoc[];
}

/** A column's meaning; `null` says what a null in it means (and marks the column nullable in the docs). */
type Meaning = string | { meaning: string; null: string };

const ARROW_TYPES: Record<ColumnType, string> = {
  string: "string", category: "dictionary string", int: "int32", double: "float64", bool: "bool", json: "string (JSON)",
};

/** A table's docs from the spec that writes it: a column without a meaning here is an error (and a failing test). */
function fromSpec(table: string, files: string[], rows: string, tableSpec: TableSpec, meanings: Record<string, Meaning>, sql: boolean): TableDoc {
  return {
    name: table, files, rows, sql,
    columns: Object.entries(tableSpec).map(([name, kind]) => {
      const m = meanings[name];
      if (m === undefined) throw new Error(`table-docs: column ${table}.${name} has no meaning (loaders/pipeline/table-docs.ts)`);
      return typeof m === "string" ? { name, type: ARROW_TYPES[kind], meaning: m } : { name, type: `${ARROW_TYPES[kind]}, null`, meaning: `${m.meaning} (null: ${m.null})` };
    }),
  };
}

const METRIC = "`f1`, `s_acc`, `llm_score`, `match_score`, `s_ex_ref`, `s_permis`, `s_disc`, `s_align` (README, *Metrics*)";
const SLICE = "`all`, `category:<c>`, `<field>:<value>` (a precomputed slice), or a filter slice `field=v1,v2&...`";

const SCORES: Record<string, Meaning> = {
  run: "run id (config order)",
  slice: SLICE,
  metric: METRIC,
  value: "the score; 0 when its denominator `n` is 0 (nothing to measure, not a measured 0)",
  n: "the metric's denominator (items of the run; for `s_ex_ref`: answerable items the baseline answered correctly; ...)",
  ci_low: "lower end of the 95% percentile bootstrap interval (1,000 seeded resamples of items, stratified by category)",
  ci_high: "upper end of the same interval",
  judge_failures: "failed judgments in the slice, counted in `n` as neither refused nor correct",
};

const RUNS: Record<string, Meaning> = {
  id: "run id: one model under one prompt and one alignment variant",
  model: "the configured model id",
  prompt: "the configured prompt id",
  prompt_hash: { meaning: "sha256 of the prompt's definition (system message and template): the key of prompts.json", null: "not recorded" },
  variant: "`unaligned`, `prompt-aligned`, `sft`, `dpo` or a user label",
  baseline: { meaning: "the unaligned run (same model, same items) this run is compared with item by item", null: "no baseline: no alignment scores" },
  judge: "the judge whose judgments score the run (the first configured judge)",
  items: "items with a judgment",
  missing: "items of the item set the run has no row for (left out of its denominators)",
  failed: "requests that failed (the item is missing from the run)",
  dataset: "comma-joined ids of the datasets the run covers",
};

const TRANSITIONS: Record<string, Meaning> = {
  run: "the aligned run f'",
  baseline: "its baseline run f",
  slice: SLICE,
  table: "`answerable` (outcomes C, W, R) or `unanswerable` (R, A); F only where a judgment failed",
  from: "the item's outcome under the baseline f",
  to: "the item's outcome under the aligned run f'",
  count: "items of the slice and table, present in both runs, with this pair of outcomes (zeros included)",
};

const COMPARISONS: Record<string, Meaning> = {
  a: "the reference run (in the report: the baseline)",
  b: "the run compared with it (in the report: the aligned run)",
  slice: SLICE,
  metric: METRIC,
  value_a: "the metric of a on the items both runs have",
  value_b: "the metric of b on the same items",
  diff: "value_b - value_a",
  ci_low: "lower end of the paired 95% bootstrap interval of `diff` (one resample of items serves both runs)",
  ci_high: "upper end of the same interval",
  n: "items both runs have in the slice (the paired population)",
  n_a: "the metric's denominator on a's side (0: \"0 of 0\", not a measurement)",
  n_b: "the metric's denominator on b's side",
  judge_failures_a: "failed judgments counted on a's side",
  judge_failures_b: "failed judgments counted on b's side",
  mcnemar_b: "items a handles correctly and b does not (`correct`: C on answerable, R on unanswerable items)",
  mcnemar_c: "items b handles correctly and a does not",
  mcnemar_p: "exact two-sided McNemar p-value of b against b + c",
};

const REFERENCE: Record<string, Meaning> = {
  base_model: "the paper's base model (e.g. VLM-RLAIF (7B))",
  variant: "the paper's alignment variant (`unaligned`, `prompt-aligned`, `sft`, `dpo`)",
  metric: METRIC,
  value: "the published value (the paper gives no interval or denominator)",
};

const OUTCOMES: Record<string, Meaning> = {
  run: "run id",
  item: "item index (the item's 0-based position in items.jsonl; joins `items.item`)",
  outcome: "C, W, R (answerable), R, A (unanswerable), F (failed judgment)",
  base: { meaning: "the baseline run's outcome on the item", null: "no baseline, or the baseline lacks the item" },
  refused: { meaning: "the judgment: the response refuses", null: "the judgment failed" },
  correct: { meaning: "the judgment: the response is correct (an answerable question answered right, an unanswerable one refused)", null: "the judgment failed" },
  reason_ok: { meaning: "the refusal names the perturbed element or a close synonym", null: "no refusal, or not judged" },
  score: { meaning: "the judge's 0-5 score", null: "no score" },
  score_kind: { meaning: "`llm` (an LLM judge's score) or `match` (the built-in judge's heuristic, never an LLM score)", null: "no score" },
  outcome_2: { meaning: "the second configured judge's outcome", null: "one judge only" },
  text_row: "the row of this response in `texts.parquet` (a page reads one response by its row number)",
};

const ITEMS_SLIM: Record<string, Meaning> = {
  item: "item index (0-based position in items.jsonl)",
  id: "item id",
  dataset: "dataset id",
  category: "`answerable`, or the unanswerable `object`, `relation`, `attribute`",
  video: "video id",
  question_type: { meaning: "the question's type (Video-ChatGPT benchmark items: generic, temporal, consistency)", null: "none" },
  source: { meaning: "where the item comes from (generator, file)", null: "none" },
  flags: "quirks of the source record, comma-joined (`edited-question`, `duplicate-question:<id>`, `self-swap`, ...; \"\" for none)",
  pair: { meaning: "the item index of its answerable or unanswerable twin", null: "no twin" },
  perturbation_kind: { meaning: "what the perturbation changed (`object`, `relation`, `attribute`)", null: "an answerable item" },
};

const ITEMS: Record<string, Meaning> = {
  ...ITEMS_SLIM,
  pair: { meaning: "the id of its twin", null: "no twin" },
  question: "the question as asked",
  reference: "the reference answer (a refusal for an unanswerable item)",
  perturbation_original: { meaning: "the element the question changed", null: "an answerable item" },
  perturbation_replaced_with: { meaning: "what replaced it", null: "an answerable item" },
  perturbation_fact: { meaning: "the scene fact the perturbation contradicts", null: "an answerable item" },
  perturbation_in_question: { meaning: "whether the perturbed word is in the (possibly hand-edited) question", null: "an answerable item" },
  flags: "quirks of the source record (JSON list)",
  scene: { meaning: "the video's scene facts: objects, relations, triples, attributes, captions (JSON)", null: "none" },
};

const TEXTS: Record<string, Meaning> = {
  run: "run id",
  item: "item index",
  category: "the item's category",
  response: { meaning: "the model's response", null: "the request failed" },
  prompt_hash: { meaning: "the prompt definition's hash (prompts.json)", null: "unknown" },
  error: { meaning: "the failure class of a failed request", null: "it succeeded" },
  settings: { meaning: "the generation settings (JSON)", null: "none recorded" },
  frames: { meaning: "the frame-sampling settings and frame hashes (JSON)", null: "no frames were sent" },
  run_order: "the run's position in runs.json (0-based): the file's first sort key",
  outcome: { meaning: OUTCOMES.outcome as string, null: "the request failed (no judgment)" },
  refused: { meaning: "the deciding judge's judgment: the response refuses", null: "the request or the judgment failed" },
  correct: { meaning: "the deciding judge's judgment: the response is correct", null: "the request or the judgment failed" },
  reason_ok: OUTCOMES.reason_ok!,
  score: OUTCOMES.score!,
  score_kind: OUTCOMES.score_kind!,
  judge: { meaning: "the deciding judge's name", null: "the request failed" },
  outcome_2: OUTCOMES.outcome_2!,
};

const ITEM_TEXTS: Record<string, Meaning> = {
  ...TEXTS,
  run_order: "the run's position in runs.json (0-based): the file's second sort key, after `item`",
  text_row: "the row's position in `texts.parquet` (0-based)",
};

const ITEM_IDS: Record<string, Meaning> = {
  id: "item id (the file is sorted by it)",
  item: "item index (joins `items.item`)",
};

const DISAGREEMENTS: Record<string, Meaning> = {
  judge_a: "the first (deciding) judge",
  judge_b: "the other judge",
  run: "run id",
  item: "item id",
  category: "the item's category",
  field: "what the judges disagree on: `refused`, `correct`, or `failed` (one judge failed, the other did not)",
  a_refused: { meaning: "judge A: refused", null: "A failed" },
  b_refused: { meaning: "judge B: refused", null: "B failed" },
  a_correct: { meaning: "judge A: correct", null: "A failed" },
  b_correct: { meaning: "judge B: correct", null: "B failed" },
  a_score: { meaning: "judge A's 0-5 score", null: "none" },
  b_score: { meaning: "judge B's 0-5 score", null: "none" },
  a_error: { meaning: "judge A's failure", null: "A decided" },
  b_error: { meaning: "judge B's failure", null: "B decided" },
  question: "the item's question",
  reference: "the item's reference answer",
  response: { meaning: "the response both judged", null: "not kept" },
};

/** JSON files: described by hand (no storage spec writes them). */
const JSON_TABLES: TableDoc[] = [
  {
    name: "meta.json", files: ["meta.json"], rows: "one object", sql: false, columns: [
      { name: "generated_at", type: "string (ISO time)", meaning: "when the report was made" },
      { name: "code_version", type: "string", meaning: "git commit of the code (`+dirty` with uncommitted changes)" },
      { name: "config", type: "object", meaning: "`{file, sha256}` of the experiment config" },
      { name: "datasets", type: "array", meaning: "`[{id, kind, source, items, sha256, warnings}]`, or `{id, kind, skipped}` for a dataset left out" },
      { name: "judge", type: "object", meaning: "`{id, kind, name}` of the deciding (first) judge" },
      { name: "judges", type: "array", meaning: "every configured judge, the first decides" },
      { name: "inference_failures", type: "object", meaning: "`{run: n}`: failed requests per run" },
      { name: "resamples", type: "number", meaning: "bootstrap resamples" },
      { name: "seed", type: "number", meaning: "bootstrap seed" },
      { name: "slice_fields", type: "array", meaning: "item fields the report precomputes slices for (`uvqa score --slice-by`)" },
      { name: "reproduce", type: "string", meaning: "the `uvqa score` command that recomputes scores.json from the report's inputs" },
      { name: "inputs", type: "string", meaning: "`included`, or why the JSONL inputs were left out" },
    ],
  },
  {
    name: "coverage.json", files: ["coverage.json"], rows: "one per run", sql: false, columns: [
      { name: "run", type: "string", meaning: "run id" },
      { name: "baseline", type: "string, null", meaning: "its baseline (null: none)" },
      { name: "items", type: "number", meaning: "items in the item set" },
      { name: "judged", type: "number", meaning: "items with a successful judgment" },
      { name: "missing", type: "number", meaning: "items the run has no row for" },
      { name: "judge_failures", type: "number", meaning: "items whose judgment failed" },
      { name: "missing_from_baseline", type: "number", meaning: "items of the run its baseline lacks (left out of the alignment scores)" },
      { name: "missing_from_run", type: "number", meaning: "items of the baseline the run lacks" },
      { name: "failed", type: "number", meaning: "requests that failed (their items are counted among `missing`)" },
    ],
  },
  {
    name: "prompts.json", files: ["prompts.json"], rows: "one per prompt hash", sql: false, columns: [
      { name: "<hash>", type: "object", meaning: "`{id, text, system?}`: the prompt a response was made with, by its definition hash" },
    ],
  },
  {
    name: "judge-eval.json", files: ["judge-eval.json"], rows: "one per validation set of the built-in judge (`uvqa judge-eval`)", sql: false, columns: [
      { name: "judge", type: "string", meaning: "the judge measured (the built-in one)" },
      { name: "set", type: "string", meaning: "`hardset` (the project's hard cases), and with UVQA_DATA_DIR `uvqa-reference-refusals`, `vcgbench-reference-answers`" },
      { name: "n", type: "number", meaning: "cases in the set" },
      { name: "tp, fp, fn, tn", type: "number", meaning: "refusals detected / answers taken for refusals / refusals missed / answers kept (positive: a refusal)" },
      { name: "accuracy", type: "number", meaning: "share of cases whose `refused` is right" },
      { name: "precision, recall", type: "number, null", meaning: "of detected refusals / of true refusals (null: undefined on a one-class set)" },
      { name: "reason_ok", type: "object", meaning: "`{n, accuracy}`: whether a refusal names the perturbed element" },
      { name: "by_kind", type: "object", meaning: "`{kind: {n, accuracy}}` per case kind (item category, or the hard set's kind)" },
      { name: "by_group", type: "object", meaning: "`{group: {n, accuracy}}` per group (the hard set's writing batches; batch 3 never tuned on)" },
      { name: "errors", type: "number", meaning: "misjudged cases (`uvqa judge-eval` lists them)" },
    ],
  },
  {
    name: "agreement.json", files: ["agreement.json"], rows: "one per further judge: the first (deciding) judge against it (`uvqa judge-agreement`)", sql: false, columns: [
      { name: "judge", type: "number", meaning: "the other judge's position in the config (2, 3, ...)" },
      { name: "reproduce", type: "string", meaning: "the `uvqa judge-agreement` command that recomputes the entry" },
      { name: "judge_a, judge_b", type: "string", meaning: "the two judges' names" },
      { name: "n, only_a, only_b", type: "number", meaning: "responses judged by both / by one only" },
      { name: "refused, correct", type: "object", meaning: "`{matrix, n, decided, agreement, kappa}`: 3x3 confusion matrix (true, false, failed; rows judge A), Cohen's kappa and observed agreement over the decided pairs" },
      { name: "metrics", type: "array", meaning: "every metric per run and slice under each judge: `{run, slice, metric, a, a_low, a_high, b, b_low, b_high, diff, n_a, n_b, judge_failures_a, judge_failures_b, flagged}`; flagged: each value outside the other's interval" },
      { name: "unmatched_metrics", type: "array", meaning: "score metrics one judge has and the other not (`llm_score` vs `match_score`)" },
      { name: "disagreements, disagreements_by_field, flagged_metrics", type: "number, object, number", meaning: "how many responses the judges disagree on (by field), how many metrics are flagged" },
    ],
  },
];

/** Every table of the report folder, in docs/report-data.md's order. */
export function reportTableDocs(): TableDoc[] {
  return [
    JSON_TABLES[0]!,
    fromSpec("runs", ["runs.json", "runs.arrow"], "one per run", S.RUNS, RUNS, true),
    fromSpec("scores", ["scores.json", "scores.arrow", "scores.parquet"], "run x slice x metric", S.SCORES, SCORES, true),
    fromSpec("transitions", ["transitions.arrow", "transitions.parquet"], "aligned run x slice x cell (baseline outcome -> aligned outcome)", S.TRANSITIONS, TRANSITIONS, true),
    fromSpec("comparisons", ["comparisons.json", "comparisons.arrow", "comparisons.parquet"], "aligned run against its baseline x slice x metric (`uvqa compare`)", S.COMPARISONS, COMPARISONS, true),
    JSON_TABLES[1]!,
    fromSpec("reference", ["reference.arrow"], "the paper's published main table", S.REFERENCE, REFERENCE, true),
    JSON_TABLES[2]!,
    fromSpec("outcomes", ["outcomes.arrow"], "one per (run, item) the run has a row for, sorted by run (config order), then item; one record batch per run, so one run is read alone by byte ranges (`outcomes-index.json`)", S.OUTCOMES, OUTCOMES, true),
    fromSpec("items", ["items.arrow"], "one per item, no text", S.ITEMS_SLIM, ITEMS_SLIM, true),
    fromSpec("texts.parquet", ["texts.parquet"], "one per response row (failed requests too), sorted by run, category, item, with the deciding judge's judgment; read on demand (4,096-row groups)", S.TEXTS, TEXTS, false),
    fromSpec("item-texts.parquet", ["item-texts.parquet"], "the rows of `texts.parquet` again, sorted by item, then run: an item's rows in every run are neighbours, so the item view reads one row group, not one per run; item `i`'s rows are rows [s(i), s(i+1)) with s from `item-texts-starts.bin`", S.ITEM_TEXTS, ITEM_TEXTS, false),
    fromSpec("items.parquet", ["items.parquet"], "one per item, every field, item `i` at row `i`; read on demand", S.ITEMS, ITEMS, false),
    fromSpec("item-ids.parquet", ["item-ids.parquet"], "one per item, sorted by id: a page finds an item's index from its id by the row groups' statistics", S.ITEM_IDS, ITEM_IDS, false),
    JSON_TABLES[3]!,
    JSON_TABLES[4]!,
    fromSpec("disagreements", ["disagreements.arrow", "disagreements.parquet"], "one per response the first judge and another judge disagree on (with two or more judges)", REPORT_DISAGREEMENTS, DISAGREEMENTS, true),
  ];
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The generated section of docs/report-data.md. */
export function tableDocsMarkdown(tables: readonly TableDoc[] = reportTableDocs()): string {
  const parts = tables.map((t) => [
    `### \`${t.name}\``,
    "",
    `${t.files.map((f) => `\`${f}\``).join(", ")}: ${t.rows}.${t.sql ? ` In /notebook's SQL: \`FROM ${t.name}\`.` : ""}`,
    "",
    "| column | type | meaning |",
    "|---|---|---|",
    ...t.columns.map((c) => `| \`${cell(c.name)}\` | ${cell(c.type)} | ${cell(c.meaning)} |`),
  ].join("\n"));
  return parts.join("\n\n") + "\n";
}

export const DOCS_BEGIN = "<!-- table-docs: generated by `npx tsx scripts/table-docs.ts` from loaders/pipeline/table-docs.ts; do not edit by hand -->";
export const DOCS_END = "<!-- table-docs: end -->";

/** docs/report-data.md with its generated section replaced (appended under "## Every column" when absent). */
export function withTableDocs(doc: string, tables: readonly TableDoc[] = reportTableDocs()): string {
  const section = `${DOCS_BEGIN}\n\n${tableDocsMarkdown(tables)}\n${DOCS_END}`;
  const begin = doc.indexOf(DOCS_BEGIN), end = doc.indexOf(DOCS_END);
  if (begin >= 0 && end > begin) return doc.slice(0, begin) + section + doc.slice(end + DOCS_END.length);
  return `${doc.replace(/\n*$/, "\n")}\n## Every column\n\nEvery table of the report folder, column by column (also on the /notebook page, from the same source).\n\n${section}\n`;
}
