// One judge's judgments of one run's responses, as columns (one entry per response with text, in the run's row
// order): what `judgeResponses` and then `judgePredictions` give, without a row object per judgment. The built-in
// judge is applied once per response straight into the columns; any other judge goes through judgeResponses.
import { BUILTIN_JUDGE_ID, judgePredictions } from "../judges/builtin.ts";
import { outcomeOf, type Outcome } from "../items/outcome.ts";
import type { Judgment, Prediction } from "../items/records.ts";
import type { Item } from "../items/schema.ts";
import { code, judgeBuiltinBatch, type BuiltinBatch, type BuiltinVerdicts } from "./builtin-batch.ts";
import type { RunResponses } from "./run-responses.ts";
import { startJob, type Job } from "./worker.ts";

/** score_kind codes. */
export const NO_KIND = 0, LLM_KIND = 1, MATCH_KIND = 2;
const KINDS = [null, "llm", "match"] as const;

/** A judgment per row, as columns: what run-judgments.ts and prediction-columns.ts both hold. */
export interface JudgmentColumns {
  /** 1 true, 0 false, -1 null. */
  refused: Int8Array;
  correct: Int8Array;
  reasonOk: Int8Array;
  /** NaN: none. */
  score: Float64Array;
  /** NO_KIND (0), LLM_KIND (1) or MATCH_KIND (2). */
  scoreKind: Uint8Array;
  judge: string[];
}

export interface RunJudgments extends JudgmentColumns {
  run: string;
  /** Judged rows: the run's rows with a response, in order. */
  rows: number;
  /** Per judged row, its row in RunResponses. */
  row: Int32Array;
  /** The judge's error per row (null: none), or null when no row has one. */
  error: Array<string | null> | null;
  /**
   * The judged rows as `judgeResponses` returns them (what `predictions.jsonl` holds), for judges other than the
   * built-in one; null for the built-in judge (its rows are written from the columns: `judgedLine`).
   */
  records: Record<string, unknown>[] | null;
}

export const fromCode = (value: number): boolean | null => (value === 1 ? true : value === 0 ? false : null);

function allocate(run: string, rows: number): RunJudgments {
  return {
    run, rows, row: new Int32Array(rows), refused: new Int8Array(rows), correct: new Int8Array(rows), reasonOk: new Int8Array(rows),
    score: new Float64Array(rows), scoreKind: new Uint8Array(rows), judge: new Array(rows), error: null, records: null,
  };
}

/** The rows of a run that are judged: those with a response (a failure row is left out of every score). */
export function answeredRows(responses: RunResponses): Int32Array {
  const rows = new Int32Array(responses.rows - responses.failed);
  let j = 0;
  for (let r = 0; r < responses.rows; r++) if (responses.response[r] != null) rows[j++] = r;
  return rows;
}

/**
 * The share of the items' responses left when the worker's batch is cut that stays here: a little over half,
 * since the worker's batch is copied to it and its verdicts back.
 */
const HERE_SHARE = 0.53;

/** A worker for `judgeRunsBuiltin`, started ahead of its batch (it loads the judge meanwhile); `end()` it if unused. */
export function builtinJudgeWorker(): Job<BuiltinVerdicts[]> {
  return startJob(new URL("./builtin-batch.ts", import.meta.url), "judgePostedBatch", []);
}

/** Slices of the items this thread judges one after another (see judgeRunsBuiltin). */
const SLICES = 32;

/**
 * The built-in judge on every response of every run, straight into each run's columns. Each batch of items goes
 * item by item (builtin-batch.ts). With a `worker` (builtinJudgeWorker) the judging is shared: this thread judges
 * the items from the first on, slice by slice; once `postAfter` has settled (a job still running on the second
 * core would share it with the judge while both hold their data: peak memory, no time gained), the items not yet
 * judged are cut in two, HERE_SHARE of their responses staying here and the last items going to the worker, so
 * both end about together however long the wait was. The same judgments whichever way they are shared.
 */
export async function judgeRunsBuiltin(
  runs: readonly RunResponses[], items: readonly Item[], worker: Job<BuiltinVerdicts[]> | null = null,
  options: { postAfter?: Promise<unknown> } = {},
): Promise<RunJudgments[]> {
  const outs = runs.map((responses) => {
    const rows = answeredRows(responses);
    const out = allocate(responses.run, rows.length);
    out.row.set(rows);
    out.scoreKind.fill(MATCH_KIND);
    out.judge.fill(BUILTIN_JUDGE_ID);
    return out;
  });
  if (!worker) {
    const all = builtinBatch(runs, outs, items, 0, items.length);
    fill(outs, all, judgeBuiltinBatch(all.batch));
    return outs;
  }
  // This thread judges [next, end); the worker, once posted, [end, items.length).
  let next = 0, end = items.length;
  let there: ReturnType<typeof builtinBatch> | null = null;
  void settled(options.postAfter).then(() => {
    if (next >= end) return;
    const split = splitItem(runs, outs, next, items.length);
    if (split >= items.length) return;
    there = builtinBatch(runs, outs, items, split, items.length);
    end = split;
    worker.post(there.batch);
  });
  const step = Math.max(1, Math.ceil(items.length / SLICES));
  while (next < end) {
    const here = builtinBatch(runs, outs, items, next, Math.min(end, next + step));
    fill(outs, here, judgeBuiltinBatch(here.batch));
    next = Math.min(end, next + step);
    // The worker's batch is cut between two slices.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const posted = there as ReturnType<typeof builtinBatch> | null;
  if (posted) fill(outs, posted, await worker.result);
  else worker.end();
  return outs;
}

const settled = (promise: Promise<unknown> | undefined) => (promise ?? Promise.resolve()).then(() => {}, () => {});

/** The item that cuts [from, to): HERE_SHARE of the responses to those items are to the items before it. */
function splitItem(runs: readonly RunResponses[], outs: readonly RunJudgments[], from: number, to: number): number {
  const perItem = new Int32Array(to - from);
  let total = 0;
  runs.forEach((responses, r) => {
    const { row } = outs[r]!;
    for (let k = 0; k < row.length; k++) {
      const item = responses.item[row[k]!]!;
      if (item >= from && item < to) {
        perItem[item - from]!++;
        total++;
      }
    }
  });
  let split = from;
  for (let sum = 0; split < to && sum < total * HERE_SHARE; split++) sum += perItem[split - from]!;
  return split;
}

/** Items [from, to) and every run's judged responses to them; `at`: each response's judged row in its run. */
function builtinBatch(runs: readonly RunResponses[], outs: readonly RunJudgments[], items: readonly Item[], from: number, to: number) {
  const batch: BuiltinBatch = { items: items.slice(from, to), runs: [] };
  const at: Int32Array[] = [];
  runs.forEach((responses, r) => {
    const { row } = outs[r]!;
    const ks: number[] = [];
    for (let k = 0; k < row.length; k++) {
      const item = responses.item[row[k]!]!;
      if (item >= from && item < to) ks.push(k);
    }
    const item = new Int32Array(ks.length);
    const response = new Array<string>(ks.length);
    ks.forEach((k, n) => {
      item[n] = responses.item[row[k]!]! - from;
      response[n] = responses.response[row[k]!]!;
    });
    batch.runs.push({ item, response });
    at.push(Int32Array.from(ks));
  });
  return { batch, at };
}

function fill(outs: RunJudgments[], side: { at: Int32Array[] }, verdicts: readonly BuiltinVerdicts[]): void {
  verdicts.forEach((v, r) => {
    const out = outs[r]!, at = side.at[r]!;
    for (let n = 0; n < at.length; n++) {
      const k = at[n]!;
      out.refused[k] = v.refused[n]!;
      out.correct[k] = v.correct[n]!;
      out.reasonOk[k] = v.reasonOk[n]!;
      out.score[k] = v.score[n]!;
    }
  });
}

/**
 * A run's judged rows as another judge returned them (`judgeResponses`, in the order of `answeredRows`), read
 * as `uvqa score` reads judged predictions (`judgePredictions`).
 */
export function fromJudgedRecords(responses: RunResponses, items: Map<string, Item>, records: Record<string, unknown>[]): RunJudgments {
  const rows = answeredRows(responses);
  const out = allocate(responses.run, rows.length);
  const judgments = judgePredictions(items, records as Prediction[]);
  let errors: Array<string | null> | null = null;
  judgments.forEach((j, k) => {
    out.row[k] = rows[k]!;
    out.refused[k] = code(j.refused);
    out.correct[k] = code(j.correct);
    out.reasonOk[k] = code(j.reason_ok);
    out.score[k] = j.score ?? NaN;
    out.scoreKind[k] = j.score_kind === "llm" ? LLM_KIND : j.score_kind === "match" ? MATCH_KIND : NO_KIND;
    out.judge[k] = j.judge;
    if (j.error !== null) (errors ??= new Array<string | null>(rows.length).fill(null))[k] = j.error;
  });
  out.error = errors;
  out.records = records;
  return out;
}

/** Judged row j as the Judgment `judgePredictions` gives. */
export function judgmentAt(j: RunJudgments, k: number, responses: RunResponses, items: readonly Item[]): Judgment {
  return {
    run: j.run, item: items[responses.item[j.row[k]!]!]!.id, judge: j.judge[k]!, refused: fromCode(j.refused[k]!), correct: fromCode(j.correct[k]!),
    score: Number.isNaN(j.score[k]!) ? null : j.score[k]!, score_kind: KINDS[j.scoreKind[k]!]!, reason_ok: fromCode(j.reasonOk[k]!),
    error: j.error?.[k] ?? null,
  };
}

/** Judged row k's outcome (metrics.md). */
export function outcomeAt(j: RunJudgments, k: number, responses: RunResponses, items: readonly Item[]): Outcome {
  return outcomeOf(items[responses.item[j.row[k]!]!]!.category, fromCode(j.refused[k]!), fromCode(j.correct[k]!));
}

/** The score_kind text of judged row k. */
export const scoreKindAt = (j: RunJudgments, k: number) => KINDS[j.scoreKind[k]!]!;

/**
 * Judged row k as a line of `predictions.jsonl` (what `judgeResponses` returns, as JSON): the built-in judge's
 * rows from the columns, `{run, item, response, refused, correct, match_score, reason_ok, judge, error}`.
 */
export function judgedLine(j: RunJudgments, k: number, responses: RunResponses, items: readonly Item[]): string {
  if (j.records) return JSON.stringify(j.records[k]);
  const r = j.row[k]!;
  return JSON.stringify({
    run: j.run, item: items[responses.item[r]!]!.id, response: responses.response[r], refused: fromCode(j.refused[k]!),
    correct: fromCode(j.correct[k]!), match_score: j.score[k], reason_ok: fromCode(j.reasonOk[k]!), judge: j.judge[k], error: null,
  });
}

/** Bytes of a JSON string literal of `text`: its length + 2 when nothing in it is escaped or multi-byte. */
const PLAIN = /[\u0000-\u001f"\\\u007f-\uffff]/;
function jsonStringBytes(text: string): number {
  return PLAIN.test(text) ? Buffer.byteLength(JSON.stringify(text)) : text.length + 2;
}
/** The bytes `judgedLine` writes besides its values (keys, braces, commas, error null): 3 booleans, 4 strings and a number left out. */
const LINE_FRAME = Buffer.byteLength(JSON.stringify({ run: "", item: "", response: "", refused: null, correct: null, match_score: 0, reason_ok: null, judge: "", error: null }))
  - 3 * 4 - 4 * 2 - 1;
const BOOL_BYTES = [4, 5, 4]; // by code + 1: null, false, true

/**
 * Buffer.byteLength(judgedLine(...)) without writing the line: what the report counts of the judged lines it
 * leaves out above UVQA_INPUTS_LIMIT (a million lines stringified for their size cost ~1 s of a 1M report).
 */
export function judgedLineBytes(j: RunJudgments, k: number, responses: RunResponses, items: readonly Item[]): number {
  if (j.records) return Buffer.byteLength(JSON.stringify(j.records[k]));
  const r = j.row[k]!;
  const score = j.score[k]!;
  return LINE_FRAME + jsonStringBytes(j.run) + jsonStringBytes(items[responses.item[r]!]!.id) + jsonStringBytes(responses.response[r]!)
    + BOOL_BYTES[j.refused[k]! + 1]! + BOOL_BYTES[j.correct[k]! + 1]! + BOOL_BYTES[j.reasonOk[k]! + 1]!
    + (Number.isFinite(score) ? String(score).length : 4) + jsonStringBytes(j.judge[k]!);
}
