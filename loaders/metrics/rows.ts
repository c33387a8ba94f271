// Judged rows -> one column set per run, aligned on the item index: outcome codes and score ids.
import { UvqaError } from "../errors.ts";
import { LLM, MATCH, NONE, NO_SCORE, outcomeCode } from "./accumulators.ts";
import type { SliceIndex } from "./slices.ts";
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

/** Groups rows by run (in first-seen order); an unknown item or a second row for the same item throws. */
export function columnsByRun(index: SliceIndex, rows: readonly JudgedRow[]): Map<string, RunColumns> {
  const n = index.unanswerable.length;
  const runs = new Map<string, RunColumns & { ids: [Map<number, number>, Map<number, number>] }>();
  for (const row of rows) {
    let run = runs.get(row.run);
    if (!run) {
      run = {
        id: row.run, outcome: new Uint8Array(n).fill(NONE), scoreId: new Int32Array(n),
        scoreKind: [NO_SCORE], scoreValue: [0], rows: 0, hasLlm: false, hasMatch: false, ids: [new Map(), new Map()],
      };
      runs.set(row.run, run);
    }
    const i = index.position.get(row.item);
    if (i === undefined) throw new UvqaError(`unknown item: ${JSON.stringify(row.item)} (run ${row.run})`, 2);
    if (run.outcome[i] !== NONE) throw new UvqaError(`duplicate judgment: item ${JSON.stringify(row.item)} (run ${row.run})`, 2);
    run.outcome[i] = outcomeCode(index.unanswerable[i] === 1, row.refused, row.correct);
    run.rows++;
    if (row.score === null || row.score === undefined) continue;
    if (!Number.isFinite(row.score)) throw new UvqaError(`invalid score: ${row.score} (run ${row.run}, item ${row.item})`, 2);
    const kind = row.score_kind === "llm" ? LLM : row.score_kind === "match" ? MATCH : NO_SCORE;
    if (kind === NO_SCORE) {
      throw new UvqaError(`invalid score_kind: ${JSON.stringify(row.score_kind ?? null)} (run ${row.run}, item ${row.item})`, 2);
    }
    // Distinct score values become ids (then cells): integer LLM scores give at most six.
    const ids = run.ids[kind - 1]!;
    let id = ids.get(row.score);
    if (id === undefined) {
      id = run.scoreKind.push(kind) - 1;
      run.scoreValue.push(row.score);
      ids.set(row.score, id);
    }
    run.scoreId[i] = id;
    if (kind === LLM) run.hasLlm = true;
    else run.hasMatch = true;
  }
  for (const run of runs.values()) delete (run as Partial<typeof run>).ids;
  return runs;
}

/** An empty column set, for a run that is declared but has no rows. */
export function emptyColumns(id: string, items: number): RunColumns {
  return {
    id, outcome: new Uint8Array(items).fill(NONE), scoreId: new Int32Array(items),
    scoreKind: [NO_SCORE], scoreValue: [0], rows: 0, hasLlm: false, hasMatch: false,
  };
}
