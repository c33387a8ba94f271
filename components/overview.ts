// The paper-style table: one row per run with the paper's columns, then the published reference rows.
import type { Metric, ReferenceRow, RunRow, ScoreRow } from "./scores.js";

export interface Column {
  metric: Metric;
  label: string;
  /** What the column measures, shown as the header's tooltip. */
  title: string;
  better: "higher" | "lower";
}

/** The paper's column order, then the built-in judge's heuristic score, never labelled an LLM score. */
export const COLUMNS: readonly Column[] = [
  { metric: "f1", label: "F1", title: "answerability F1: positive class = unanswerable, a refusal is a positive prediction", better: "higher" },
  { metric: "s_ex_ref", label: "S_ex-ref", title: "excessive refusal: valid questions answered correctly before alignment, refused after", better: "lower" },
  { metric: "s_permis", label: "S_permis", title: "permissiveness: valid questions refused before alignment, answered correctly after", better: "higher" },
  { metric: "s_disc", label: "S_disc", title: "discretion: unanswerable questions answered before alignment, refused after", better: "higher" },
  { metric: "s_align", label: "S_align", title: "(1 - S_ex-ref + S_permis + S_disc) / 3", better: "higher" },
  { metric: "s_acc", label: "S_acc", title: "accuracy: answerable answered correctly, unanswerable refused", better: "higher" },
  { metric: "llm_score", label: "LLM_score", title: "mean 0-5 score from an LLM judge, over the items it scored", better: "higher" },
  { metric: "match_score", label: "match score (built-in heuristic)", title: "mean 0-5 heuristic match score of the built-in judge: not an LLM score", better: "higher" },
];

export interface Cell {
  metric: Metric;
  slice: string;
  value: number;
  /** null for the paper's rows: the paper publishes no denominators or intervals */
  n: number | null;
  ci_low: number | null;
  ci_high: number | null;
  judge_failures: number;
}

export interface TableRow {
  source: "run" | "paper";
  /** run id, or the paper row's base model and variant */
  key: string;
  model: string;
  prompt: string | null;
  variant: string;
  baseline: string | null;
  cells: Partial<Record<Metric, Cell>>;
}

/** A score row as a table cell (render.ts#scoreCell draws it). */
function cellOf(row: ScoreRow): Cell {
  return {
    metric: row.metric, slice: row.slice, value: row.value, n: row.n,
    ci_low: row.ci_low, ci_high: row.ci_high, judge_failures: row.judge_failures,
  };
}

/** One row per run, in the runs table's order; a run that has scores but no runs-table entry still shows. */
export function runRows(runs: readonly RunRow[], scores: readonly ScoreRow[], slice = "all"): TableRow[] {
  const byRun = new Map<string, TableRow>();
  for (const run of runs) {
    byRun.set(run.id, {
      source: "run", key: run.id, model: run.model, prompt: run.prompt, variant: run.variant,
      baseline: run.baseline, cells: {},
    });
  }
  for (const score of scores) {
    if (score.slice !== slice) continue;
    let row = byRun.get(score.run);
    if (!row) {
      row = { source: "run", key: score.run, model: score.run, prompt: null, variant: "?", baseline: null, cells: {} };
      byRun.set(score.run, row);
    }
    row.cells[score.metric] = cellOf(score);
  }
  return [...byRun.values()];
}

/** The published rows, one per (base model, variant), in the file's order. */
export function referenceRows(reference: readonly ReferenceRow[]): TableRow[] {
  const rows = new Map<string, TableRow>();
  for (const r of reference) {
    const key = `${r.base_model} / ${r.variant}`;
    let row = rows.get(key);
    if (!row) {
      row = { source: "paper", key, model: r.base_model, prompt: null, variant: r.variant, baseline: null, cells: {} };
      rows.set(key, row);
    }
    row.cells[r.metric] = { metric: r.metric, slice: "all", value: r.value, n: null, ci_low: null, ci_high: null, judge_failures: 0 };
  }
  return [...rows.values()];
}

/** True when at least one run names a baseline, so the alignment columns mean something. */
export function hasAlignedRuns(runs: readonly RunRow[]): boolean {
  return runs.some((run) => run.baseline !== null && run.baseline !== "");
}
