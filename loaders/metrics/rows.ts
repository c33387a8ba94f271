// Judged rows -> one column set per run, aligned on the item index: outcome codes and score ids. Two ways
// in, one rule: row objects (`uvqa score`) or per-run columns (the page's worker fills them straight from
// the Arrow vectors of outcomes.arrow, without building a row object per judgment).
import { UvqaError } from "../errors.ts";
import { LLM, MATCH, NONE, NO_SCORE, outcomeCode } from "./accumulators.ts";
import type { ItemIndex } from "./items.ts";
import type { JudgedRow } from "./types.ts";

export interface RunColumns {
  id: string;
  /** Per item: outcome code, NONE when the run has no row for it. */
  outcome: Uint8Array;
  /** Per item: 0 for no score, else an index into scoreKind / scoreValue. */
  scoreId: Int32Array;
  /** Per score id: LLM or MATCH (entry 0 unused). */
  scoreKind: number[];
  scoreValue: number[];
  /** Rows of this run. */
  rows: number;
  hasLlm: boolean;
  hasMatch: boolean;
}

/**
 * One run's judged rows as columns (row r of every column is one judgment): what the page's worker holds.
 * `item` is the item's position in the item set (the report's `item` column); `refused === null` (or
 * undefined) is a failed judgment; a null, undefined or NaN score means none (`scoreKind` is then ignored), so
 * a Float64Array with NaN where the Arrow vector has nulls will do.
 */
export interface JudgedColumns {
  item: ArrayLike<number>;
  refused: ArrayLike<boolean | null | undefined>;
  correct: ArrayLike<boolean | null | undefined>;
  score?: ArrayLike<number | null | undefined>;
  scoreKind?: ArrayLike<string | null | undefined>;
}

interface Building extends RunColumns {
  /** Score value -> score id, per kind (LLM, MATCH). */
  ids: [Map<number, number>, Map<number, number>];
}

function start(id: string, items: number): Building {
  return {
    id, outcome: new Uint8Array(items).fill(NONE), scoreId: new Int32Array(items),
    scoreKind: [NO_SCORE], scoreValue: [0], rows: 0, hasLlm: false, hasMatch: false, ids: [new Map(), new Map()],
  };
}

function finish(run: Building): RunColumns {
  const { ids: _, ...columns } = run;
  return columns;
}

/** The item's id for error messages: as the row gave it, else the id at position i. */
function name(index: ItemIndex, i: number, rowItem: string | null): string {
  return rowItem ?? index.items[i]!.id;
}

/** Adds one judgment of item i (`rowItem`: the id as the row gave it, for error messages). */
function add(
  run: Building, index: ItemIndex, i: number, rowItem: string | null,
  refused: boolean | null | undefined, correct: boolean | null | undefined,
  score: number | null | undefined, scoreKind: string | null | undefined,
): void {
  if (run.outcome[i] !== NONE) throw new UvqaError(`duplicate judgment: item ${JSON.stringify(name(index, i, rowItem))} (run ${run.id})`, 2);
  run.outcome[i] = outcomeCode(index.unanswerable[i] === 1, refused, correct);
  run.rows++;
  if (score === null || score === undefined) return;
  if (!Number.isFinite(score)) throw new UvqaError(`invalid score: ${score} (run ${run.id}, item ${name(index, i, rowItem)})`, 2);
  const kind = scoreKind === "llm" ? LLM : scoreKind === "match" ? MATCH : NO_SCORE;
  if (kind === NO_SCORE) {
    throw new UvqaError(`invalid score_kind: ${JSON.stringify(scoreKind ?? null)} (run ${run.id}, item ${name(index, i, rowItem)})`, 2);
  }
  // Distinct score values become ids (then cells): integer LLM scores give at most six.
  const ids = run.ids[kind - 1]!;
  let id = ids.get(score);
  if (id === undefined) {
    id = run.scoreKind.push(kind) - 1;
    run.scoreValue.push(score);
    ids.set(score, id);
  }
  run.scoreId[i] = id;
  if (kind === LLM) run.hasLlm = true;
  else run.hasMatch = true;
}

/** Groups rows by run (in first-seen order); an unknown item or a second row for the same item throws. */
export function columnsByRun(index: ItemIndex, rows: readonly JudgedRow[]): Map<string, RunColumns> {
  const n = index.unanswerable.length;
  const runs = new Map<string, Building>();
  for (const row of rows) {
    let run = runs.get(row.run);
    if (!run) runs.set(row.run, (run = start(row.run, n)));
    const i = index.position.get(row.item);
    if (i === undefined) throw new UvqaError(`unknown item: ${JSON.stringify(row.item)} (run ${row.run})`, 2);
    add(run, index, i, row.item, row.refused, row.correct, row.score, row.score_kind);
  }
  return new Map([...runs].map(([id, run]) => [id, finish(run)]));
}

/** One run's columns from judged columns; an item index out of range or a second row for an item throws. */
export function runColumns(index: ItemIndex, id: string, judged: JudgedColumns): RunColumns {
  const n = index.unanswerable.length;
  const run = start(id, n);
  const rows = judged.item.length;
  for (const [column, values] of Object.entries(judged)) {
    if (values.length !== rows) throw new UvqaError(`invalid ${column}: ${values.length} values for ${rows} rows (run ${id})`, 2);
  }
  const { item, refused, correct, score, scoreKind } = judged;
  for (let r = 0; r < rows; r++) {
    const i = item[r]!;
    if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new UvqaError(`invalid item index: ${i} (run ${id}, row ${r})`, 2);
    const value = score?.[r];
    add(run, index, i, null, refused[r], correct[r], Number.isNaN(value) ? null : value, scoreKind?.[r]);
  }
  return finish(run);
}

/** An empty column set, for a run that is declared but has no rows. */
export function emptyColumns(id: string, items: number): RunColumns {
  return finish(start(id, items));
}
