// /compare: run B against run A on the items both have. Pure data shaping: the pair and the slices a view shows,
// where its rows come from (the report's comparisons for an aligned run against its baseline, the worker for any
// other pair or slice), the rows each figure draws, and the command and SQL that reproduce them.
import { sliceSpecs, type Filters, type SliceSpec } from "./filters.js";
import { shellQuote } from "./reproduce.js";
import { isMetric, METRICS, num, type Metric, type RunRow } from "./scores.js";

/** One row of comparisons.json / comparisons.arrow / `uvqa compare` (README, *Comparisons*). */
export interface ComparisonRow {
  a: string;
  b: string;
  slice: string;
  metric: Metric;
  value_a: number;
  value_b: number;
  /** value_b - value_a, with its paired 95% bootstrap interval. */
  diff: number;
  ci_low: number;
  ci_high: number;
  /** Items both runs have in the slice. */
  n: number;
  n_a: number;
  n_b: number;
  judge_failures_a: number;
  judge_failures_b: number;
  mcnemar_b: number;
  mcnemar_c: number;
  mcnemar_p: number;
}

/** One cell of the transition matrix between A and B: items whose outcome is `from` under A and `to` under B. */
export interface PairTransition {
  a: string;
  b: string;
  slice: string;
  table: "answerable" | "unanswerable";
  from: string;
  to: string;
  count: number;
}

/** One item's row in outcomes.arrow under a run (the worker's `item-outcomes` reply). */
export interface ItemOutcome {
  run: string;
  outcome: string;
  /** The run's baseline's outcome on the item (outcomes.arrow `base`). */
  base: string | null;
  refused: boolean | null;
  correct: boolean | null;
  reason_ok: boolean | null;
  score: number | null;
  score_kind: string | null;
}

export interface ItemOutcomes {
  id: string;
  /** The item's index (its row in items.arrow). */
  index: number;
  category: string;
  /** One entry per requested run, in the order asked; null where the run has no row for the item. */
  outcomes: Array<ItemOutcome | null>;
}

type Record_ = Record<string, unknown>;

/** Arrow or worker rows -> comparison rows; a metric this page does not know is left out (never mislabelled). */
export function toComparisonRows(records: Iterable<Record_>): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (const r of records) {
    const metric = String(r.metric);
    if (!isMetric(metric)) continue;
    rows.push({
      a: String(r.a), b: String(r.b), slice: String(r.slice), metric,
      value_a: num(r.value_a), value_b: num(r.value_b), diff: num(r.diff), ci_low: num(r.ci_low), ci_high: num(r.ci_high),
      n: num(r.n), n_a: num(r.n_a), n_b: num(r.n_b),
      judge_failures_a: num(r.judge_failures_a ?? 0), judge_failures_b: num(r.judge_failures_b ?? 0),
      mcnemar_b: num(r.mcnemar_b), mcnemar_c: num(r.mcnemar_c), mcnemar_p: num(r.mcnemar_p),
    });
  }
  return rows;
}

/** transitions.arrow / worker rows (`run` against its `baseline`) -> cells from A (the baseline) to B (the run). */
export function toPairTransitions(records: Iterable<Record_>): PairTransition[] {
  return Array.from(records, (r) => ({
    a: String(r.baseline), b: String(r.run), slice: String(r.slice), table: String(r.table) as PairTransition["table"],
    from: String(r.from), to: String(r.to), count: num(r.count),
  }));
}

// ---- the pair and the slices ------------------------------------------------------------------------------------

export interface Pair {
  a: string;
  b: string;
  /** True when B is an aligned run and A its baseline (the report holds this pair's comparison). */
  aligned: boolean;
}

/** The first aligned run (config order) against its baseline; else the first two runs; null with no run. */
export function defaultPair(runs: readonly Pick<RunRow, "id" | "baseline">[]): Pair | null {
  const ids = new Set(runs.map((r) => r.id));
  const aligned = runs.find((r) => r.baseline !== null && ids.has(r.baseline));
  if (aligned) return { a: aligned.baseline!, b: aligned.id, aligned: true };
  if (!runs.length) return null;
  return { a: runs[0]!.id, b: (runs[1] ?? runs[0]!).id, aligned: false };
}

/** The pairs the report holds comparisons for, as `a\0b` keys. */
export function reportPairs(rows: readonly Pick<ComparisonRow, "a" | "b">[]): Set<string> {
  return new Set(rows.map((r) => pairKey(r.a, r.b)));
}

export const pairKey = (a: string, b: string) => `${a}\u0000${b}`;

/**
 * The slices of a view: the filtered items as a whole first ("all" without a filter), then one per value of the
 * split field. Each is a precomputed slice name where the report has one, a filter slice otherwise.
 */
export function compareSpecs(filters: Filters, precomputed: ReadonlySet<string>, splitValues: readonly string[]): SliceSpec[] {
  const [base] = sliceSpecs({ ...filters, by: null }, precomputed);
  if (!filters.by) return [base!];
  const split = sliceSpecs(filters, precomputed, splitValues).filter((s) => s.slice !== base!.slice);
  return [base!, ...split];
}

export interface ComparePlan {
  /** "report": every row is in comparisons.arrow and transitions.arrow; "worker": computed in the page. */
  source: "report" | "worker";
  /** The filter slices the worker computes (the command's --slice flags), sorted. */
  slices: string[];
}

/**
 * Where a view's rows come from. The report's rows serve when it holds this pair (an aligned run against its
 * baseline) and every slice is precomputed; otherwise the worker computes them all in one call, the exact
 * equivalent of one `uvqa compare` command (an interval depends on the slices computed with it).
 */
export function comparePlan(pair: { a: string; b: string }, specs: readonly SliceSpec[], held: ReadonlySet<string>): ComparePlan {
  const slices = [...new Set(specs.filter((s) => s.adhoc).map((s) => s.slice))].sort();
  return { source: held.has(pairKey(pair.a, pair.b)) && !slices.length ? "report" : "worker", slices };
}

// ---- the rows each figure draws ---------------------------------------------------------------------------------

/** Rates first (the paper's order), then the twin-pair shares, then the 0-5 mean scores (another scale). */
export const RATE_METRICS: readonly Metric[] = ["f1", "s_acc", "s_ex_ref", "s_permis", "s_disc", "s_align"];
export const PAIR_SHARES: readonly Metric[] = ["pair_acc", "pair_refuse_both", "pair_answer_both", "pair_other"];
export const SCORE_METRICS: readonly Metric[] = ["llm_score", "match_score"];

/** The axes a figure of every metric draws: each group on its own scale. */
export const METRIC_GROUPS: ReadonlyArray<{ metrics: readonly Metric[]; limit: number; axis: string; scale: string }> = [
  { metrics: RATE_METRICS, limit: 1, axis: "rates (0–1)", scale: "rates" },
  { metrics: PAIR_SHARES, limit: 1, axis: "twin-pair shares (0–1)", scale: "pairs" },
  { metrics: SCORE_METRICS, limit: 5, axis: "mean 0–5 scores", scale: "scores" },
];

export interface PairRow extends ComparisonRow {
  /** The spec's series: "all" for the filtered items as a whole, else the split value. */
  series: string;
  label: string;
  /**
   * False when the difference is not a measurement: one side's denominator is 0 (0 of 0 is 0 by convention), or
   * F1 on answerable items alone (0 by construction). Listed in the table, not drawn.
   */
  measured: boolean;
}

/** One row per (spec, metric) the rows hold, specs in order, metrics in METRICS order. */
export function pairRows(rows: readonly ComparisonRow[], specs: readonly SliceSpec[], pair: { a: string; b: string }): PairRow[] {
  const bySlice = new Map<string, ComparisonRow[]>();
  for (const r of rows) {
    if (r.a !== pair.a || r.b !== pair.b) continue;
    const list = bySlice.get(r.slice);
    if (list) list.push(r);
    else bySlice.set(r.slice, [r]);
  }
  const out: PairRow[] = [];
  for (const spec of specs) {
    const list = [...(bySlice.get(spec.slice) ?? [])].sort((x, y) => METRICS.indexOf(x.metric) - METRICS.indexOf(y.metric));
    for (const r of list) {
      const measured = r.n_a > 0 && r.n_b > 0 && !(r.metric === "f1" && r.slice === "category:answerable");
      out.push({ ...r, series: spec.split ?? "all", label: spec.label, measured });
    }
  }
  return out;
}

export interface McNemarRow {
  a: string;
  b: string;
  slice: string;
  series: string;
  label: string;
  /** Items both runs have. */
  n: number;
  /** A correct, B not. */
  b_count: number;
  /** A not correct, B correct. */
  c_count: number;
  /** Exact two-sided McNemar p on `correct`. */
  p: number;
  s_acc_a: number | null;
  s_acc_b: number | null;
}

/** The exact McNemar test on `correct` per slice (the same on every metric row of a slice). */
export function mcnemarRows(rows: readonly PairRow[]): McNemarRow[] {
  const seen = new Map<string, McNemarRow>();
  for (const r of rows) {
    let row = seen.get(r.slice);
    if (!row) {
      row = {
        a: r.a, b: r.b, slice: r.slice, series: r.series, label: r.label, n: r.n, b_count: r.mcnemar_b, c_count: r.mcnemar_c,
        p: r.mcnemar_p, s_acc_a: null, s_acc_b: null,
      };
      seen.set(r.slice, row);
    }
    if (r.metric === "s_acc") {
      row.s_acc_a = r.value_a;
      row.s_acc_b = r.value_b;
    }
  }
  return [...seen.values()];
}

/** The answerable table's outcomes, then the unanswerable one's; F only where a judgment failed. */
export const TABLE_OUTCOMES = { answerable: ["C", "W", "R", "F"], unanswerable: ["R", "A", "F"] } as const;

export interface MatrixRow {
  a: string;
  b: string;
  slice: string;
  series: string;
  label: string;
  table: "answerable" | "unanswerable";
  /** A's outcome (the row). */
  from: string;
  /** B's outcome (the column). */
  to: string;
  count: number;
  /** Items of the slice and table with this outcome under A (the row's total). */
  from_total: number;
  /** Items of the slice and table both runs have. */
  total: number;
}

/** The transition cells of the specs' slices, specs in order, then answerable before unanswerable, rows then columns. */
export function matrixRows(transitions: readonly PairTransition[], specs: readonly SliceSpec[], pair: { a: string; b: string }): MatrixRow[] {
  const out: MatrixRow[] = [];
  const rank = (table: PairTransition["table"], outcome: string) => (TABLE_OUTCOMES[table] as readonly string[]).indexOf(outcome);
  for (const spec of specs) {
    for (const table of ["answerable", "unanswerable"] as const) {
      const cells = transitions.filter((t) => t.a === pair.a && t.b === pair.b && t.slice === spec.slice && t.table === table)
        .sort((x, y) => rank(table, x.from) - rank(table, y.from) || rank(table, x.to) - rank(table, y.to));
      const total = cells.reduce((s, c) => s + c.count, 0);
      if (!total) continue; // no item of this kind in the slice: no matrix to draw
      const rowTotal = new Map<string, number>();
      for (const c of cells) rowTotal.set(c.from, (rowTotal.get(c.from) ?? 0) + c.count);
      for (const c of cells) {
        out.push({
          a: c.a, b: c.b, slice: c.slice, series: spec.split ?? "all", label: spec.label, table, from: c.from, to: c.to,
          count: c.count, from_total: rowTotal.get(c.from)!, total,
        });
      }
    }
  }
  return out;
}

// ---- reproduce --------------------------------------------------------------------------------------------------

export interface CompareCommandInput {
  a: string;
  b: string;
  sliceFields: readonly string[];
  slices: readonly string[];
  resamples?: number | null;
  seed?: number | null;
}

/** The `uvqa compare` command whose comparisons.json holds exactly the rows the page shows. */
export function compareCommand(input: CompareCommandInput): string {
  return [
    "uvqa compare --items items.jsonl --predictions predictions.jsonl --runs runs-input.json",
    `--a ${shellQuote(input.a)} --b ${shellQuote(input.b)}`,
    ...(input.sliceFields.length ? [`--slice-by ${shellQuote(input.sliceFields.join(","))}`] : []),
    ...[...input.slices].sort().map((s) => `--slice ${shellQuote(s)}`),
    ...(input.resamples !== null && input.resamples !== undefined && input.resamples !== 1000 ? [`--resamples ${input.resamples}`] : []),
    ...(input.seed !== null && input.seed !== undefined ? [`--seed ${input.seed}`] : []),
    "--out compare/",
  ].join(" ");
}

export const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** `field=v1,v2&field2=v3` -> {field: [v1, v2], field2: [v3]} (values percent-decoded). */
export function parseFilterSlice(expr: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of expr.split("&")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    out[decodeURIComponent(part.slice(0, eq))] = part.slice(eq + 1).split(",").map(decodeURIComponent);
  }
  return out;
}

/** The SQL condition on items.arrow (alias `i`) for a slice: `all`, `<field>:<value>`, or a filter slice. */
export function sliceCondition(slice: string, alias = "i"): string {
  const column = (field: string) => `${alias}.${ident(field)}`;
  // flags is comma-joined in items.arrow: an item is in a flag's slice when the flag is one of its flags.
  const one = (field: string, values: readonly string[]) => field === "flags"
    ? `list_has_any(string_split(${column(field)}, ','), [${values.map(sqlString).join(", ")}])`
    : values.length === 1 ? `${column(field)} = ${sqlString(values[0]!)}` : `${column(field)} IN (${values.map(sqlString).join(", ")})`;
  if (slice === "all") return "TRUE";
  if (slice.includes("=")) return Object.entries(parseFilterSlice(slice)).map(([f, v]) => one(f, v)).join(" AND ");
  const colon = slice.indexOf(":");
  return one(slice.slice(0, colon), [slice.slice(colon + 1)]);
}

/** The transition matrix between A and B per slice, by SQL over outcomes.arrow and items.arrow (/notebook runs it). */
export function transitionSql(pair: { a: string; b: string }, slices: readonly string[]): string {
  const one = (slice: string) => [
    `SELECT ${sqlString(slice)} AS slice, CASE WHEN i.category = 'answerable' THEN 'answerable' ELSE 'unanswerable' END AS "table",`,
    `  x.outcome AS "from", y.outcome AS "to", count(*) AS count`,
    `FROM outcomes x JOIN outcomes y ON y.item = x.item JOIN items i ON i.item = x.item`,
    `WHERE x.run = ${sqlString(pair.a)} AND y.run = ${sqlString(pair.b)} AND ${sliceCondition(slice)}`,
    `GROUP BY ALL`,
  ].join("\n");
  return `${slices.map(one).join("\nUNION ALL\n")}\nORDER BY slice, "table", "from", "to"`;
}

/** The report's rows for this pair and these slices, by SQL over comparisons.arrow. */
export function comparisonSql(pair: { a: string; b: string }, slices: readonly string[]): string {
  return `SELECT *\nFROM comparisons\nWHERE a = ${sqlString(pair.a)} AND b = ${sqlString(pair.b)}\n  AND slice IN (${slices.map(sqlString).join(", ")})\nORDER BY slice, metric`;
}
