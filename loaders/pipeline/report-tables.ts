// The report folder's slim and text tables (docs/report-data.md): keyed by the integer item index, sorted,
// written from the per-run columns (run-responses.ts, run-judgments.ts) with storage/tables.ts (Arrow),
// storage/parquet-stream.ts and storage/parquet-zstd.ts.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { PromptConfig } from "../config/schema.ts";
import { OUTCOMES } from "../items/outcome.ts";
import type { Run } from "../items/records.ts";
import type { Item } from "../items/schema.ts";
import { sha256 } from "../prompts/index.ts";
import { ParquetTableWriter } from "../storage/parquet-stream.ts";
import { ZstdParquetWriter } from "../storage/parquet-zstd.ts";
import * as S from "../storage/schemas.ts";
import { columnsToArrowStream } from "../storage/tables.ts";
import { fromCode, outcomeAt, scoreKindAt, type RunJudgments } from "./run-judgments.ts";
import type { RunResponses } from "./run-responses.ts";

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

export interface ResponseTablesInput {
  items: readonly Item[];
  runs: readonly Run[];
  /** Per run of `runs`, in order: its response rows and the deciding judge's judgments of them. */
  responses: readonly RunResponses[];
  judged: readonly RunJudgments[];
  /** The second configured judge's judgments (outcome_2), or null with one judge. */
  second: readonly RunJudgments[] | null;
  /** Each run's prompt definition hash (texts.parquet's prompt_hash). */
  promptHash: ReadonlyMap<string, string>;
}

/**
 * The report's tables of one row per response or judgment, written into `dir` run by run from the columns:
 * outcomes.arrow, texts.parquet (zstd), responses.parquet and judgments.parquet (docs/report-data.md). The same
 * bytes as the tables built from row objects (`toArrowStream`, `writeParquetZstd`, `toParquet`).
 */
export async function writeResponseTables(dir: string, input: ResponseTablesInput): Promise<void> {
  const { items, runs, responses, judged, second } = input;
  const texts = await ZstdParquetWriter.open(S.TEXTS, { orderBy: ["run_order", "category", "item"], keys: ["run_order"] });
  const responsesTable = new ParquetTableWriter(join(dir, "responses.parquet"), S.RESPONSES);
  const judgments = new ParquetTableWriter(join(dir, "judgments.parquet"), S.JUDGMENTS);
  try {
    for (const [i, r] of responses.entries()) {
      const ids = Array.from(r.item, (k) => items[k]!.id);
      // texts.parquet: every response row (a failed request too, with its error class), sorted by DuckDB.
      texts.append(r.rows, (name) => {
        switch (name) {
          case "run": return new Array(r.rows).fill(r.run);
          case "item": return r.item;
          case "category": return Array.from(r.item, (k) => items[k]!.category);
          case "response": return r.response;
          case "prompt_hash": return new Array(r.rows).fill(input.promptHash.get(r.run) ?? null);
          case "error": return r.error.map((e) => e?.class ?? null);
          case "settings": return r.settings;
          case "frames": return r.frames;
          default: return new Array(r.rows).fill(i);
        }
      });
      // responses.parquet: every response row with its provenance, failures included.
      responsesTable.append(r.rows, (name) => {
        switch (name) {
          case "run": return new Array(r.rows).fill(r.run);
          case "item": return ids;
          case "response": return r.response;
          case "error": return r.error;
          case "backend": return r.backend;
          case "model": return r.model;
          case "prompt": return r.prompt;
          case "prompt_hash": return r.promptHash;
          case "settings": return r.settings;
          default: return r.frames;
        }
      });
      // judgments.parquet: every judgment of the deciding judge.
      const j = judged[i]!;
      judgments.append(j.rows, (name) => {
        switch (name) {
          case "run": return new Array(j.rows).fill(j.run);
          case "item": return Array.from(j.row, (row) => ids[row]);
          case "category": return Array.from(j.row, (row) => items[r.item[row]!]!.category);
          case "judge": return j.judge;
          case "refused": return Array.from(j.refused, fromCode);
          case "correct": return Array.from(j.correct, fromCode);
          case "score": return Array.from(j.score, (x) => (Number.isNaN(x) ? null : x));
          case "score_kind": return Array.from({ length: j.rows }, (_, k) => scoreKindAt(j, k));
          case "reason_ok": return Array.from(j.reasonOk, fromCode);
          case "outcome": return Array.from({ length: j.rows }, (_, k) => outcomeAt(j, k, r, items));
          default: return j.error ?? new Array(j.rows).fill(null);
        }
      });
    }
  } catch (error) {
    texts.close();
    responsesTable.abort();
    judgments.abort();
    throw error;
  }
  responsesTable.close();
  judgments.close();
  await texts.finish(join(dir, "texts.parquet"));
  await writeFile(join(dir, "outcomes.arrow"), outcomesArrow(items, runs, responses, judged, second));
}

/** Byte order, as DuckDB sorts VARCHAR (texts.parquet is written ORDER BY run_order, category, item). */
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Per run (in the order of `responses`, texts.parquet's run_order), per item index: the item's row in
 * texts.parquet (-1: the run has no row for it). The file holds every response row sorted by run_order, then
 * category (byte order), then item index; outcomes.arrow's `text_row`.
 */
export function textRowIndex(items: readonly Item[], responses: readonly RunResponses[]): Int32Array[] {
  let offset = 0;
  return responses.map((r) => {
    const order = Array.from({ length: r.rows }, (_, k) => k);
    order.sort((a, b) => byteOrder(items[r.item[a]!]!.category, items[r.item[b]!]!.category) || r.item[a]! - r.item[b]!);
    const rowOf = new Int32Array(items.length).fill(-1);
    order.forEach((k, position) => (rowOf[r.item[k]!] = offset + position));
    offset += r.rows;
    return rowOf;
  });
}

/** Per run, per item: its outcome (an index into OUTCOMES, -1 for none). */
function outcomeIndex(items: readonly Item[], responses: readonly RunResponses[], judged: readonly RunJudgments[]): Map<string, Int8Array> {
  const byRun = new Map<string, Int8Array>();
  judged.forEach((j, i) => {
    const outcomes = new Int8Array(items.length).fill(-1);
    for (let k = 0; k < j.rows; k++) outcomes[responses[i]!.item[j.row[k]!]!] = OUTCOMES.indexOf(outcomeAt(j, k, responses[i]!, items));
    byRun.set(j.run, outcomes);
  });
  return byRun;
}

/**
 * outcomes.arrow: one row per (run, item) the run has a judged row for, sorted by run (the order of `runs`),
 * then item index. `base` is the baseline run's outcome on the item (null without a baseline or where the
 * baseline lacks the item); `outcome_2` the second judge's outcome (null with one judge).
 */
export function outcomesArrow(
  items: readonly Item[], runs: readonly Run[], responses: readonly RunResponses[], judged: readonly RunJudgments[],
  second: readonly RunJudgments[] | null,
): Uint8Array {
  const first = outcomeIndex(items, responses, judged);
  const textRows = textRowIndex(items, responses);
  const other = second ? outcomeIndex(items, responses, second) : null;
  const at = new Map(judged.map((j, i) => [j.run, i]));
  const total = runs.reduce((sum, run) => sum + (judged[at.get(run.id) ?? -1]?.rows ?? 0), 0);
  const columns = Object.fromEntries(Object.keys(S.OUTCOMES).map((name) => [name, new Array<unknown>(total)])) as Record<keyof typeof S.OUTCOMES, unknown[]>;
  const letter = (code: number | undefined) => (code === undefined || code < 0 ? null : OUTCOMES[code]!);
  let row = 0;
  for (const run of runs) {
    const i = at.get(run.id);
    if (i === undefined) continue;
    const j = judged[i]!, r = responses[i]!;
    // By item index (the run's rows are in item order already, unless a run lists its datasets out of order).
    const order = Array.from({ length: j.rows }, (_, k) => k).sort((a, b) => r.item[j.row[a]!]! - r.item[j.row[b]!]!);
    const own = first.get(run.id)!;
    const base = run.baseline ? first.get(run.baseline) ?? null : null;
    const two = other?.get(run.id) ?? null;
    const texts = textRows[i]!;
    for (const k of order) {
      const item = r.item[j.row[k]!]!;
      columns.run[row] = run.id;
      columns.item[row] = item;
      columns.outcome[row] = letter(own[item]);
      columns.base[row] = run.baseline ? letter(base?.[item]) : null;
      columns.refused[row] = fromCode(j.refused[k]!);
      columns.correct[row] = fromCode(j.correct[k]!);
      columns.reason_ok[row] = fromCode(j.reasonOk[k]!);
      columns.score[row] = Number.isNaN(j.score[k]!) ? null : j.score[k];
      columns.score_kind[row] = scoreKindAt(j, k);
      columns.outcome_2[row] = letter(two?.[item]);
      columns.text_row[row] = texts[item]! < 0 ? null : texts[item];
      row++;
    }
  }
  return columnsToArrowStream(columns, S.OUTCOMES);
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

