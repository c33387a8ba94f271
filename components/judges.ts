// /judges: can the judge be trusted? The built-in judge's validation (judge-eval.json, `uvqa judge-eval`) and, with
// two or more configured judges, their agreement (agreement.json and disagreements.arrow, `uvqa judge-agreement`):
// confusion matrices with Cohen's kappa, every metric under each judge with the flag, the disagreements. Pure shaping.
import { CATEGORIES, isMetric, num, type Metric } from "./scores.js";
import type { MatrixInput } from "./matrix.js";
import { formatCount } from "./format.js";

// ---- validation ---------------------------------------------------------------------------------------------------

export interface JudgeEvalRow {
  judge: string;
  set: string;
  n: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  accuracy: number;
  precision: number | null;
  recall: number | null;
  reason_ok: { n: number; accuracy: number | null };
  by_kind: Record<string, { n: number; accuracy: number }>;
  by_group: Record<string, { n: number; accuracy: number }>;
  errors: number;
}

/** What each validation set is, in a reader's words. */
export const SET_LABELS: Record<string, string> = {
  "uvqa-reference-refusals": "UVQA reference refusals (should be refusals)",
  "vcgbench-reference-answers": "Video-ChatGPT reference answers (should be answers)",
  hardset: "hard set written by the project",
};

export const setLabel = (set: string) => SET_LABELS[set] ?? set;

/** The hard set's batch written after the last tuning of the rules: the honest figure for unseen phrasings. */
export const HELD_OUT_GROUP = "batch 3";

export interface AccuracyRow {
  judge: string;
  set: string;
  /** "set" (the whole set), "group" (a writing batch) or "kind" (a kind of case). */
  level: "set" | "group" | "kind";
  /** The group or kind ("" for the whole set). */
  part: string;
  label: string;
  n: number;
  /** Cases whose `refused` the judge got right. */
  right: number;
  accuracy: number;
  /** Wilson 95% interval of the accuracy. */
  low: number;
  high: number;
}

/** Wilson score interval (95%) of k successes in n: the interval a small set's accuracy deserves. */
export function wilson(k: number, n: number, z = 1.959963984540054): [number, number] {
  if (n === 0) return [0, 0];
  const p = k / n, z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Exactly 0 and 1 at the ends (the formula gives 0.9999999999999999 for k = n).
  return [k === 0 ? 0 : Math.max(0, centre - half), k === n ? 1 : Math.min(1, centre + half)];
}

function accuracyRow(row: JudgeEvalRow, level: AccuracyRow["level"], part: string, n: number, accuracy: number): AccuracyRow {
  const right = Math.round(accuracy * n);
  const [low, high] = wilson(right, n);
  const what = level === "set" ? setLabel(row.set) : `${level === "group" ? "" : "· "}${part}${part === HELD_OUT_GROUP ? " (never tuned on)" : ""}`;
  return { judge: row.judge, set: row.set, level, part, label: level === "set" ? what : `  ${what}`, n, right, accuracy, low, high };
}

/** Each set's accuracy, then its groups (writing batches), then its kinds of case, each with its n and interval. */
export function accuracyRows(rows: readonly JudgeEvalRow[]): AccuracyRow[] {
  return rows.flatMap((row) => [
    accuracyRow(row, "set", "", row.n, row.accuracy),
    ...Object.entries(row.by_group).map(([g, v]) => accuracyRow(row, "group", g, v.n, v.accuracy)),
    ...Object.entries(row.by_kind).map(([k, v]) => accuracyRow(row, "kind", k, v.n, v.accuracy)),
  ]);
}

/** A symmetric-enough x domain for accuracies: from a round value under the lowest interval to 1. */
export function accuracyDomain(rows: readonly AccuracyRow[]): [number, number] {
  const lowest = Math.min(1, ...rows.map((r) => r.low));
  return [Math.max(0, Math.min(0.9, Math.floor((lowest - 0.02) * 20) / 20)), 1];
}

export function accuracyTip(r: AccuracyRow): string {
  const where = r.level === "set" ? setLabel(r.set) : `${setLabel(r.set)} · ${r.part}${r.part === HELD_OUT_GROUP ? " (written after the last tuning, never tuned on)" : ""}`;
  return `${where}\n${r.right} of ${r.n} right: ${r.accuracy.toFixed(3)} [${r.low.toFixed(3)}, ${r.high.toFixed(3)}] (Wilson 95%)`;
}

// ---- agreement ----------------------------------------------------------------------------------------------------

export interface Confusion {
  matrix: number[][];
  n: number;
  decided: number;
  agreement: number | null;
  kappa: number | null;
}

export interface MetricAgreement {
  run: string;
  slice: string;
  metric: string;
  a: number;
  a_low: number;
  a_high: number;
  b: number;
  b_low: number;
  b_high: number;
  diff: number;
  n_a: number;
  n_b: number;
  judge_failures_a: number;
  judge_failures_b: number;
  flagged: boolean;
}

export interface AgreementEntry {
  /** The other judge's position in the config (2, 3, ...). */
  judge: number;
  reproduce: string;
  judge_a: string;
  judge_b: string;
  n: number;
  only_a: number;
  only_b: number;
  refused: Confusion;
  correct: Confusion;
  metrics: MetricAgreement[];
  unmatched_metrics: string[];
  disagreements: number;
  disagreements_by_field: Record<string, number>;
  flagged_metrics: number;
}

/** Row and column order of every confusion matrix (loaders/judges/agreement.ts). */
export const CONFUSION_LABELS = ["true", "false", "failed"] as const;

export function kappaText(c: Confusion): string {
  const kappa = c.kappa === null ? "κ undefined" : `κ = ${c.kappa.toFixed(3)}`;
  const agreement = c.agreement === null ? "" : `, agreement ${(c.agreement * 100).toFixed(1)}% of ${formatCount(c.decided)} decided`;
  return `${kappa}${agreement}`;
}

/** The two confusion matrices (refused, correct) as matrix input: one panel each, hooks on every cell. */
export function confusionInput(entry: AgreementEntry): MatrixInput[] {
  return (["refused", "correct"] as const).flatMap((field) => {
    const c = entry[field];
    const panel = `${field} · ${kappaText(c)}`;
    return CONFUSION_LABELS.flatMap((row, i) => CONFUSION_LABELS.map((col, j) => ({
      panel, row, col, count: c.matrix[i]?.[j] ?? 0,
      hooks: { field, "judge-a": entry.judge_a, "judge-b": entry.judge_b, from: row, to: col, count: String(c.matrix[i]?.[j] ?? 0) },
    })));
  });
}

/** The slices the metric comparison shows: `all` without a category filter, else each category chosen. */
export function agreementSlices(categories: readonly string[] | null): string[] {
  if (categories === null) return ["all"];
  return CATEGORIES.filter((c) => categories.includes(c)).map((c) => `category:${c}`);
}

export interface JudgedMetric {
  run: string;
  slice: string;
  metric: Metric;
  /** "A" the first (deciding) judge, "B" the other. */
  side: "A" | "B";
  judge: string;
  value: number;
  ci_low: number;
  ci_high: number;
  n: number;
  judge_failures: number;
  flagged: boolean;
}

/** Every metric of the runs and slices shown, once under each judge, runs in their order, metrics in METRICS order. */
export function judgedMetrics(entry: AgreementEntry, runs: readonly string[], slices: readonly string[], metricOrder: readonly string[]): JudgedMetric[] {
  const rank = (m: MetricAgreement) => runs.indexOf(m.run) * 1e6 + slices.indexOf(m.slice) * 1e3 + metricOrder.indexOf(m.metric);
  return entry.metrics
    .filter((m) => runs.includes(m.run) && slices.includes(m.slice) && isMetric(m.metric))
    .sort((x, y) => rank(x) - rank(y))
    .flatMap((m) => [
      { run: m.run, slice: m.slice, metric: m.metric as Metric, side: "A" as const, judge: entry.judge_a, value: num(m.a), ci_low: num(m.a_low), ci_high: num(m.a_high), n: num(m.n_a), judge_failures: num(m.judge_failures_a), flagged: m.flagged },
      { run: m.run, slice: m.slice, metric: m.metric as Metric, side: "B" as const, judge: entry.judge_b, value: num(m.b), ci_low: num(m.b_low), ci_high: num(m.b_high), n: num(m.n_b), judge_failures: num(m.judge_failures_b), flagged: m.flagged },
    ]);
}

export interface Disagreement {
  judge_a: string;
  judge_b: string;
  run: string;
  item: string;
  category: string;
  field: string;
  a_refused: boolean | null;
  b_refused: boolean | null;
  a_correct: boolean | null;
  b_correct: boolean | null;
  a_score: number | null;
  b_score: number | null;
  a_error: string | null;
  b_error: string | null;
  question: string | null;
  reference: string | null;
  response: string | null;
}

const strOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));
const boolOrNull = (v: unknown) => (v === null || v === undefined ? null : Boolean(v));
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : num(v));

/** disagreements.arrow rows (or plain objects) -> disagreements. */
export function toDisagreements(records: Iterable<Record<string, unknown>>): Disagreement[] {
  return Array.from(records, (r) => ({
    judge_a: String(r.judge_a), judge_b: String(r.judge_b), run: String(r.run), item: String(r.item), category: String(r.category), field: String(r.field),
    a_refused: boolOrNull(r.a_refused), b_refused: boolOrNull(r.b_refused), a_correct: boolOrNull(r.a_correct), b_correct: boolOrNull(r.b_correct),
    a_score: numOrNull(r.a_score), b_score: numOrNull(r.b_score), a_error: strOrNull(r.a_error), b_error: strOrNull(r.b_error),
    question: strOrNull(r.question), reference: strOrNull(r.reference), response: strOrNull(r.response),
  }));
}

/** The disagreements of this pair of judges on the runs and categories shown. */
export function shownDisagreements(rows: readonly Disagreement[], entry: AgreementEntry, runs: readonly string[], categories: readonly string[] | null): Disagreement[] {
  return rows.filter((d) => d.judge_a === entry.judge_a && d.judge_b === entry.judge_b && runs.includes(d.run) && (categories === null || categories.includes(d.category)));
}

/** Per run and category, items with this pair of outcomes under the first and the second judge (outcomes.arrow). */
export interface OutcomePair {
  run: string;
  category: string;
  /** The first (deciding) judge's outcome. */
  outcome: string;
  /** The second judge's outcome (outcomes.arrow `outcome_2`). */
  outcome_2: string;
  count: number;
}

const OUTCOME_ORDER = { answerable: ["C", "W", "R", "F"], unanswerable: ["R", "A", "F"] } as const;

/**
 * The outcome matrices of the runs shown: one panel per run and table (answerable, unanswerable), pooled over the
 * categories shown, every cell of the table's outcomes (F only where either judge failed), hooks on each.
 */
export function outcomePairInput(pairs: readonly OutcomePair[], runs: readonly string[], categories: readonly string[] | null): MatrixInput[] {
  const out: MatrixInput[] = [];
  for (const run of runs) {
    for (const table of ["answerable", "unanswerable"] as const) {
      const mine = pairs.filter((p) => p.run === run && (table === "answerable") === (p.category === "answerable") && (categories === null || categories.includes(p.category)));
      if (!mine.length) continue;
      const failed = mine.some((p) => p.outcome === "F" || p.outcome_2 === "F");
      const axis = OUTCOME_ORDER[table].filter((o) => o !== "F" || failed);
      for (const row of axis) {
        for (const col of axis) {
          const count = mine.filter((p) => p.outcome === row && p.outcome_2 === col).reduce((s, p) => s + p.count, 0);
          out.push({ panel: `${run} · ${table}`, row, col, count, hooks: { run, table, from: row, to: col, count: String(count) } });
        }
      }
    }
  }
  return out;
}

/** The same counts by SQL over outcomes.arrow and items.arrow (/notebook runs it). */
export function outcomeAgreementSql(runs: readonly string[], categories: readonly string[] | null): string {
  const list = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ");
  return [
    `SELECT o.run, CASE WHEN i.category = 'answerable' THEN 'answerable' ELSE 'unanswerable' END AS "table",`,
    `  o.outcome AS judge_1, o.outcome_2 AS judge_2, count(*) AS items`,
    `FROM outcomes o JOIN items i ON i.item = o.item`,
    `WHERE o.run IN (${list(runs)}) AND o.outcome_2 IS NOT NULL${categories === null ? "" : ` AND i.category IN (${list(categories)})`}`,
    `GROUP BY ALL`,
    `ORDER BY ALL`,
  ].join("\n");
}
