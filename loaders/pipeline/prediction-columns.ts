// `uvqa score --predictions <file.jsonl>` read as columns: the file is parsed line by line, each prediction checked
// (the Prediction schema, a known item, one row per run and item) and judged (its own judgment, or the built-in
// judge's) as it comes, and only columns are kept: item indexes, judgment codes, and the few provenance values a
// row carries. A million predictions never become a million objects held at once.
import { invalid, parseAt, type Location } from "../errors.ts";
import { judgePredictions } from "../judges/builtin.ts";
import { outcomeOf } from "../items/outcome.ts";
import { Prediction, PREDICTION_KEYS, type Run } from "../items/records.ts";
import type { Item } from "../items/schema.ts";
import { scanLines } from "../storage/jsonl.ts";
import * as S from "../storage/schemas.ts";
import { UvqaError } from "../errors.ts";
import { runColumns, type ItemIndex, type RunColumns } from "../metrics/index.ts";
import type { JudgmentColumns } from "./run-judgments.ts";

const KNOWN = new Set<string>(PREDICTION_KEYS);

/** responses.parquet's columns beyond run and item, as a prediction row gives them. */
const PROVENANCE = Object.keys(S.RESPONSES).filter((name) => name !== "run" && name !== "item");

/**
 * True when `value` certainly passes the Prediction schema unchanged: only known keys, each typed field of the
 * right type. Anything else is left to the schema, which accepts it or names what is wrong.
 */
function isPlainPrediction(value: unknown): value is Prediction {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const row = value as Record<string, unknown>;
  for (const key in row) if (!KNOWN.has(key)) return false;
  const { run, item, response, refused, correct, score } = row;
  return typeof run === "string" && run.length > 0 && typeof item === "string" && item.length > 0 &&
    (response === undefined || response === null || typeof response === "string") &&
    (refused === undefined || refused === null || typeof refused === "boolean") &&
    (correct === undefined || correct === null || typeof correct === "boolean") &&
    (score === undefined || score === null || (typeof score === "number" && score >= 0 && score <= 5));
}

const code = (value: boolean | null) => (value === true ? 1 : value === false ? 0 : -1);
const fromCode = (value: number): boolean | null => (value === 1 ? true : value === 0 ? false : null);
const KINDS = [null, "llm", "match"] as const;

/** A column filled only from the first row that has a value (most provenance columns stay empty). */
class Sparse {
  values: unknown[] | null = null;
  set(row: number, value: unknown): void {
    if (value === undefined || value === null) return;
    (this.values ??= [])[row] = value;
  }
  get(row: number): unknown {
    return this.values?.[row] ?? null;
  }
}

/** Per row (failure rows: unused) the judgment, as `judgePredictions` gives it, in the JudgmentColumns. */
export interface PredictionColumns extends JudgmentColumns {
  file: string;
  rows: number;
  /** Run ids in the order the file first names them. */
  runs: string[];
  /** Per row: its run (index into `runs`), its item (index into the items). */
  run: Int32Array;
  item: Int32Array;
  /** Per row: 1 for a failure row (response null and no judgment: left out of the scores). */
  failure: Uint8Array;
  error: Sparse;
  /** responses.parquet's other columns, as the rows give them. */
  provenance: Map<string, Sparse>;
}

function grow<T extends Int32Array | Int8Array | Uint8Array | Float64Array>(array: T, size: number): T {
  if (size <= array.length) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

/**
 * Reads a predictions file into columns. Errors as `uvqa score` gives them, in the same order: the file's own
 * (not UTF-8, not JSON, a field of the wrong type, a misspelt key: the first in the file), "the file is empty";
 * then, after `before` (the runs file, the slice fields), the first row naming an unknown item, a second row for
 * a run and item, or a row with nothing to judge.
 */
export async function readPredictionColumns(file: string, items: readonly Item[], position: ReadonlyMap<string, number>): Promise<{ columns: PredictionColumns; check: () => void }> {
  let capacity = 1 << 16;
  let run = new Int32Array(capacity), item = new Int32Array(capacity), failure = new Uint8Array(capacity);
  let refused = new Int8Array(capacity), correct = new Int8Array(capacity), reasonOk = new Int8Array(capacity);
  let score = new Float64Array(capacity), scoreKind = new Uint8Array(capacity);
  const judge: string[] = [];
  const error = new Sparse();
  const provenance = new Map(PROVENANCE.map((name) => [name, new Sparse()]));
  const runs: string[] = [];
  const runIndex = new Map<string, number>();
  const seen: Array<Uint8Array> = [];
  let rows = 0;
  let problem: UvqaError | null = null;
  const byId = new Map(items.map((it) => [it.id, it]));
  // Rows waiting to be judged, a few thousand at a time (objects that die young).
  let pending: Prediction[] = [];
  let pendingRows: number[] = [];
  const judgeNames = new Map<string, string>();
  const flush = () => {
    if (!pending.length) return;
    const judged = judgePredictions(byId, pending);
    judged.forEach((j, k) => {
      const r = pendingRows[k]!;
      refused[r] = code(j.refused);
      correct[r] = code(j.correct);
      reasonOk[r] = code(j.reason_ok);
      score[r] = j.score ?? NaN;
      scoreKind[r] = j.score_kind === "llm" ? 1 : j.score_kind === "match" ? 2 : 0;
      let name = judgeNames.get(j.judge);
      if (name === undefined) judgeNames.set(j.judge, (name = j.judge));
      judge[r] = name;
      error.set(r, j.error);
    });
    pending = [];
    pendingRows = [];
  };

  await scanLines(file, (text, line) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new UvqaError(`invalid JSON: ${text.length > 60 ? text.slice(0, 57) + "..." : text} (${file}:${line})`, 2);
    }
    const loc: Location = { file, line };
    const p = isPlainPrediction(value) ? value : parseAt(Prediction, value, loc);
    if (rows === capacity) {
      capacity *= 2;
      [run, item, failure, refused, correct, reasonOk, score, scoreKind] = [
        grow(run, capacity), grow(item, capacity), grow(failure, capacity), grow(refused, capacity), grow(correct, capacity),
        grow(reasonOk, capacity), grow(score, capacity), grow(scoreKind, capacity)];
    }
    const r = rows++;
    let k = runIndex.get(p.run);
    if (k === undefined) {
      runIndex.set(p.run, (k = runs.length));
      runs.push(p.run);
      seen.push(new Uint8Array(items.length));
    }
    run[r] = k;
    const extra = p as Record<string, unknown>;
    provenance.get("response")!.set(r, p.response);
    for (const name of PROVENANCE) if (name !== "response" && extra[name] !== undefined) provenance.get(name)!.set(r, extra[name]);
    // checkPredictions, row by row: the first problem is kept and reported after the file's own errors.
    if (problem !== null) return;
    const i = position.get(p.item);
    if (i === undefined) return void (problem = invalid("item", p.item, loc));
    item[r] = i;
    if (seen[k]![i]) return void (problem = invalid("item", `${p.item} (a second prediction for run ${p.run})`, loc));
    seen[k]![i] = 1;
    const judged = typeof p.refused === "boolean" && typeof p.correct === "boolean";
    if (!judged && typeof p.response !== "string" && p.response !== null) return void (problem = invalid("response", p.response ?? null, loc));
    if (p.response === null && !judged) {
      failure[r] = 1;
      return;
    }
    pending.push(p);
    pendingRows.push(r);
    if (pending.length === 4096) flush();
  });
  flush();
  if (rows === 0) throw new UvqaError(`no predictions in ${file}: the file is empty`, 2);
  const columns: PredictionColumns = {
    file, rows, runs, run: run.subarray(0, rows), item: item.subarray(0, rows), failure: failure.subarray(0, rows),
    refused: refused.subarray(0, rows), correct: correct.subarray(0, rows), reasonOk: reasonOk.subarray(0, rows),
    score: score.subarray(0, rows), scoreKind: scoreKind.subarray(0, rows), judge, error, provenance,
  };
  return { columns, check: () => { if (problem) throw problem; } };
}

/** Runs named by the predictions but absent from the runs file, as `completeRuns` adds them. */
export function predictionRuns(columns: PredictionColumns): Array<{ run: string }> {
  return columns.runs.map((run) => ({ run }));
}

/** Per run, its judged rows (failure rows left out) as the metrics' columns. */
export function scoreColumnsOf(columns: PredictionColumns, index: ItemIndex): Map<string, RunColumns> {
  const out = new Map<string, RunColumns>();
  columns.runs.forEach((id, k) => {
    const rows: number[] = [];
    for (let r = 0; r < columns.rows; r++) if (columns.run[r] === k && !columns.failure[r]) rows.push(r);
    out.set(id, runColumns(index, id, {
      item: rows.map((r) => columns.item[r]!),
      refused: rows.map((r) => fromCode(columns.refused[r]!)),
      correct: rows.map((r) => fromCode(columns.correct[r]!)),
      score: rows.map((r) => columns.score[r]!),
      scoreKind: rows.map((r) => KINDS[columns.scoreKind[r]!]!),
    }));
  });
  return out;
}

/** Failure rows per run. */
export function failedByRun(columns: PredictionColumns): Map<string, number> {
  const failed = new Map<string, number>();
  for (let r = 0; r < columns.rows; r++) if (columns.failure[r]) failed.set(columns.runs[columns.run[r]!]!, (failed.get(columns.runs[columns.run[r]!]!) ?? 0) + 1);
  return failed;
}

/** judgments.parquet's columns for rows [from, to) of the judged rows (failure rows left out), in file order. */
export function judgmentColumns(columns: PredictionColumns, items: readonly Item[], rows: Int32Array): (name: string) => unknown[] {
  return (name) => {
    const out = new Array<unknown>(rows.length);
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k]!;
      const item = items[columns.item[r]!]!;
      switch (name) {
        case "run": out[k] = columns.runs[columns.run[r]!]; break;
        case "item": out[k] = item.id; break;
        case "category": out[k] = item.category; break;
        case "judge": out[k] = columns.judge[r]; break;
        case "refused": out[k] = fromCode(columns.refused[r]!); break;
        case "correct": out[k] = fromCode(columns.correct[r]!); break;
        case "score": out[k] = Number.isNaN(columns.score[r]!) ? null : columns.score[r]; break;
        case "score_kind": out[k] = KINDS[columns.scoreKind[r]!]; break;
        case "reason_ok": out[k] = fromCode(columns.reasonOk[r]!); break;
        case "outcome": out[k] = outcomeOf(item.category, fromCode(columns.refused[r]!), fromCode(columns.correct[r]!)); break;
        default: out[k] = columns.error.get(r);
      }
    }
    return out;
  };
}

/** responses.parquet's columns for rows [from, to) (every prediction row, as given). */
export function responseColumns(columns: PredictionColumns, items: readonly Item[], from: number, to: number): (name: string) => unknown[] {
  return (name) => {
    const out = new Array<unknown>(to - from);
    for (let r = from; r < to; r++) {
      out[r - from] = name === "run" ? columns.runs[columns.run[r]!] : name === "item" ? items[columns.item[r]!]!.id : columns.provenance.get(name)!.get(r);
    }
    return out;
  };
}

export type { Run };
