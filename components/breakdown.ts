// Every metric by category, pivoted by SQL in DuckDB-WASM from the `scores` table (scores.arrow).
import { CATEGORIES, isMetric, num, type Category, type Metric } from "./scores.js";
import type { Cell } from "./overview.js";

const FIELDS = ["value", "n", "ci_low", "ci_high", "judge_failures"] as const;

/** One row per (run, metric), five columns per category (`<category>_<field>`); NULL where the slice is absent. */
export function categoryBreakdownSql(table = "scores"): string {
  const columns = CATEGORIES.flatMap((category) =>
    FIELDS.map((field) => `max(${field}) FILTER (WHERE slice = 'category:${category}') AS "${category}_${field}"`));
  return `SELECT run, metric,\n  ${columns.join(",\n  ")}\nFROM ${table}\nWHERE slice LIKE 'category:%'\nGROUP BY run, metric`;
}

export interface BreakdownRow {
  run: string;
  metric: Metric;
  cells: Partial<Record<Category, Cell>>;
}

/** Query rows -> rows ordered by the runs' order, then the metrics' order. */
export function breakdownRows(
  records: Iterable<Record<string, unknown>>,
  runOrder: readonly string[],
  metricOrder: readonly Metric[],
): BreakdownRow[] {
  const rows: BreakdownRow[] = [];
  for (const r of records) {
    const metric = String(r.metric);
    if (!isMetric(metric)) continue;
    const cells: Partial<Record<Category, Cell>> = {};
    for (const category of CATEGORIES) {
      const value = r[`${category}_value`];
      if (value === null || value === undefined) continue;
      cells[category] = {
        metric, slice: `category:${category}`, value: num(value), n: num(r[`${category}_n`]),
        ci_low: num(r[`${category}_ci_low`]), ci_high: num(r[`${category}_ci_high`]),
        judge_failures: num(r[`${category}_judge_failures`] ?? 0),
      };
    }
    rows.push({ run: String(r.run), metric, cells });
  }
  const rank = (list: readonly string[], key: string) => {
    const i = list.indexOf(key);
    return i < 0 ? list.length : i;
  };
  return rows.sort((a, b) =>
    rank(runOrder, a.run) - rank(runOrder, b.run) || a.run.localeCompare(b.run)
    || rank(metricOrder, a.metric) - rank(metricOrder, b.metric));
}
