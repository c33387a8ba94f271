// The report's rows as the page reads them (the contract of docs/report-data.md, the report folder), normalised from Arrow rows.

export const METRICS = [
  "f1", "s_acc", "llm_score", "match_score", "s_ex_ref", "s_permis", "s_disc", "s_align",
  "pair_acc", "pair_refuse_both", "pair_answer_both", "pair_other",
] as const;
export type Metric = (typeof METRICS)[number];

export const CATEGORIES = ["answerable", "object", "relation", "attribute"] as const;
export type Category = (typeof CATEGORIES)[number];

export interface ScoreRow {
  run: string;
  /** "all" | "category:<category>" | "<field>:<value>" */
  slice: string;
  metric: Metric;
  value: number;
  /** The metric's denominator: shown beside every value, so 0 of 0 never reads as a measured 0. */
  n: number;
  ci_low: number;
  ci_high: number;
  judge_failures: number;
}

export interface RunRow {
  id: string;
  model: string;
  prompt: string;
  /** The hash of the prompt text the run's responses were made with (null in reports before it was recorded). */
  prompt_hash: string | null;
  variant: string;
  baseline: string | null;
  judge: string | null;
  items: number | null;
  missing: number | null;
  dataset: string | null;
}

export interface ReferenceRow {
  base_model: string;
  variant: string;
  metric: Metric;
  value: number;
}

type Record_ = Record<string, unknown>;

// Arrow rows are proxies whose integers may be BigInt (Int64) and strings dictionary-decoded; plain values here.
const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
/** The one number reader of the page's components: `Number` also turns a BigInt into a number. */
export const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));

export function isMetric(value: string): value is Metric {
  return (METRICS as readonly string[]).includes(value);
}

export function toScoreRows(records: Iterable<Record_>): ScoreRow[] {
  const rows: ScoreRow[] = [];
  for (const r of records) {
    const metric = str(r.metric);
    if (!isMetric(metric)) continue; // a metric this page does not know is not drawn under a wrong label
    rows.push({
      run: str(r.run), slice: str(r.slice), metric, value: num(r.value), n: num(r.n),
      ci_low: num(r.ci_low), ci_high: num(r.ci_high), judge_failures: num(r.judge_failures ?? 0),
    });
  }
  return rows;
}

export function toRunRows(records: Iterable<Record_>): RunRow[] {
  return Array.from(records, (r) => ({
    id: str(r.id), model: str(r.model), prompt: str(r.prompt), prompt_hash: strOrNull(r.prompt_hash), variant: str(r.variant),
    baseline: strOrNull(r.baseline), judge: strOrNull(r.judge), items: numOrNull(r.items),
    missing: numOrNull(r.missing), dataset: strOrNull(r.dataset),
  }));
}

export function toReferenceRows(records: Iterable<Record_>): ReferenceRow[] {
  const rows: ReferenceRow[] = [];
  for (const r of records) {
    const metric = str(r.metric);
    if (isMetric(metric)) rows.push({ base_model: str(r.base_model), variant: str(r.variant), metric, value: num(r.value) });
  }
  return rows;
}

/** Arrow table (or any iterable of rows) -> plain objects; `toJSON` turns a StructRow proxy into an object. */
export function plainRecords(rows: Iterable<unknown>): Record_[] {
  return Array.from(rows, (row) => {
    const r = row as { toJSON?: () => Record_ };
    return typeof r.toJSON === "function" ? r.toJSON() : (row as Record_);
  });
}
