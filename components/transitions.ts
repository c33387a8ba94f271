// The transition matrices of an aligned run against its baseline (docs/report-data.md, `transitions.arrow`), as
// the /alignment page reads them: one matrix per (run, slice, table), every cell with its count and its share of
// the row (the baseline outcome), and the three alignment scores read off them (metrics.md):
//   S_ex-ref = (C -> R) / row C and S_permis = (R -> C) / row R of the answerable matrix,
//   S_disc = (A -> R) / row A of the unanswerable matrix.
// Pure; the drawings are in heatmap.ts and flow.ts.
import { num, type ScoreRow } from "./scores.js";
import { link } from "./url-state.js";

export type Outcome = "C" | "W" | "R" | "A" | "F";
export type TransitionTable = "answerable" | "unanswerable";

export const TABLES: readonly TransitionTable[] = ["answerable", "unanswerable"];

/** Each table's outcomes; F (a failed judgment) joins an axis only where the report has failures. */
export const TABLE_AXES: Readonly<Record<TransitionTable, readonly Outcome[]>> = {
  answerable: ["C", "W", "R"],
  unanswerable: ["R", "A"],
};

/** What each table holds, for titles. */
export const TABLE_TITLES: Readonly<Record<TransitionTable, string>> = { answerable: "answerable items", unanswerable: "unanswerable items" };

/** One word per outcome, for axis labels (palette.ts#OUTCOME_LABELS has the long form). */
export const SHORT_LABELS: Readonly<Record<Outcome, string>> = {
  C: "correct", W: "wrong", R: "refusal", A: "answered", F: "failed",
};

const OUTCOME_SET = new Set<string>(["C", "W", "R", "A", "F"]);

export interface TransitionRow {
  run: string;
  baseline: string;
  slice: string;
  table: TransitionTable;
  /** Outcome under the baseline run f. */
  from: Outcome;
  /** Outcome under the aligned run f'. */
  to: Outcome;
  count: number;
}

/** Arrow rows (or worker replies) -> plain rows; a row with an unknown table or outcome is left out, not mislabelled. */
export function toTransitionRows(records: Iterable<Record<string, unknown>>): TransitionRow[] {
  const rows: TransitionRow[] = [];
  for (const r of records) {
    const table = String(r.table), from = String(r.from), to = String(r.to);
    if ((table !== "answerable" && table !== "unanswerable") || !OUTCOME_SET.has(from) || !OUTCOME_SET.has(to)) continue;
    rows.push({ run: String(r.run), baseline: String(r.baseline), slice: String(r.slice), table, from: from as Outcome, to: to as Outcome, count: num(r.count) });
  }
  return rows;
}

/** A transition row with its share of the row (the baseline outcome). */
export interface MatrixCell extends TransitionRow {
  /** Items whose baseline outcome is `from` (the row). */
  row_total: number;
  /** count / row_total; null when the row is empty (nothing to share). */
  share: number | null;
}

export interface Matrix {
  run: string;
  baseline: string;
  slice: string;
  table: TransitionTable;
  axis: Outcome[];
  /** Row-major: for each `from` in axis, each `to` in axis. */
  cells: MatrixCell[];
  rowTotals: Map<Outcome, number>;
  /** Items of this table in the slice that both runs have. */
  total: number;
}

/** The matrix of one run, slice and table; null when the rows hold none of it. */
export function matrixOf(rows: readonly TransitionRow[], run: string, slice: string, table: TransitionTable): Matrix | null {
  const mine = rows.filter((r) => r.run === run && r.slice === slice && r.table === table);
  if (!mine.length) return null;
  const failures = mine.some((r) => r.from === "F" || r.to === "F");
  const axis: Outcome[] = [...TABLE_AXES[table], ...(failures ? (["F"] as const) : [])];
  const count = new Map(mine.map((r) => [`${r.from}>${r.to}`, r.count]));
  const rowTotals = new Map<Outcome, number>(axis.map((from) => [from, axis.reduce((sum, to) => sum + (count.get(`${from}>${to}`) ?? 0), 0)]));
  const cells = axis.flatMap((from) => axis.map((to) => {
    const c = count.get(`${from}>${to}`) ?? 0;
    const total = rowTotals.get(from)!;
    return { run, baseline: mine[0]!.baseline, slice, table, from, to, count: c, row_total: total, share: total ? c / total : null };
  }));
  return { run, baseline: mine[0]!.baseline, slice, table, axis, cells, rowTotals, total: [...rowTotals.values()].reduce((a, b) => a + b, 0) };
}

export type AlignmentMetric = "s_ex_ref" | "s_permis" | "s_disc";

export interface ScoreSource {
  metric: AlignmentMetric;
  label: string;
  name: string;
  better: "lower" | "higher";
  table: TransitionTable;
  /** The numerator cell is (from -> to); the denominator is the row `from`. */
  from: Outcome;
  to: Outcome;
}

/** Where each alignment score is read from (metrics.md). */
export const SCORE_SOURCES: readonly ScoreSource[] = [
  { metric: "s_ex_ref", label: "S_ex-ref", name: "excessive refusal", better: "lower", table: "answerable", from: "C", to: "R" },
  { metric: "s_permis", label: "S_permis", name: "permissiveness", better: "higher", table: "answerable", from: "R", to: "C" },
  { metric: "s_disc", label: "S_disc", name: "discretion", better: "higher", table: "unanswerable", from: "A", to: "R" },
];

export interface ScoreRead extends ScoreSource {
  run: string;
  slice: string;
  /** The count in the numerator cell. */
  numerator: number;
  /** The row total (the score's denominator n). */
  denominator: number;
  /** The score as the report (or the worker) computed it, with its interval; null when it has none. */
  score: ScoreRow | null;
}

/** The alignment scores of a matrix, each with the cell and the row it is read from. */
export function scoreReads(matrix: Matrix, scores: readonly ScoreRow[]): ScoreRead[] {
  return SCORE_SOURCES.filter((s) => s.table === matrix.table).map((source) => ({
    ...source,
    run: matrix.run,
    slice: matrix.slice,
    numerator: matrix.cells.find((c) => c.from === source.from && c.to === source.to)?.count ?? 0,
    denominator: matrix.rowTotals.get(source.from) ?? 0,
    score: scores.find((s) => s.run === matrix.run && s.slice === matrix.slice && s.metric === source.metric) ?? null,
  }));
}

/**
 * Item conditions of a view's slice: the filter's dataset and category selections, and the split value when the
 * view is split by a field (the same conditions components/filters.ts#sliceSpecs turns into a slice).
 */
export function sliceConditions(filters: { dataset: string[] | null; category: string[] | null; by: string | null }, split: string | null): Record<string, string[]> {
  const conditions: Record<string, string[]> = {};
  if (filters.dataset !== null) conditions.dataset = [...filters.dataset];
  if (filters.category !== null) conditions.category = [...filters.category];
  if (filters.by && split !== null) conditions[filters.by] = [split];
  return conditions;
}

const UNANSWERABLE = ["object", "relation", "attribute"];

/**
 * The items one table covers under these conditions: its categories (answerable, or the unanswerable ones the
 * conditions allow). This disambiguates R (a refusal on either table) in a link to the error explorer.
 */
export function tableConditions(conditions: Readonly<Record<string, readonly string[]>>, table: TransitionTable): Record<string, string[]> {
  const allowed = table === "answerable" ? ["answerable"] : UNANSWERABLE;
  const category = conditions.category ? conditions.category.filter((c) => allowed.includes(c)) : allowed;
  return { ...Object.fromEntries(Object.entries(conditions).map(([k, v]) => [k, [...v]])), category };
}

/** The order of the keys in a link to the error explorer: its own first, then the filter bar's. */
export const EXPLORER_LINK_ORDER = ["run", "from", "to", "dataset", "model", "prompt", "variant", "category", "flag"];

/**
 * `./explorer?run=<aligned>&from=<outcome>&to=<outcome>&...`: the cell's items, with the view's item filter
 * (a split by flags is the explorer's `flag` key; another split field goes by its own name).
 */
export function explorerHref(cell: Pick<MatrixCell, "run" | "table" | "from" | "to">, conditions: Readonly<Record<string, readonly string[]>>): string {
  const { flags, ...rest } = tableConditions(conditions, cell.table);
  return link("./explorer", { run: [cell.run], from: [cell.from], to: [cell.to], ...rest, ...(flags ? { flag: flags } : {}) }, EXPLORER_LINK_ORDER);
}

/** A figure id from a run id: lowercase letters, digits and dashes, unique among `taken`. */
export function figureSlug(run: string, taken: Set<string>): string {
  const base = run.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "run";
  let slug = base;
  for (let i = 2; taken.has(slug); i++) slug = `${base}-${i}`;
  taken.add(slug);
  return slug;
}
