// The "reproduce" block under a figure: the CLI command and the SQL behind exactly what is drawn. Pure.
import type { SliceSpec } from "./filters.js";

/** Single-quoted for a POSIX shell. */
export function shellQuote(text: string): string {
  return /^[\w./:=,@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;

export interface ReproduceInput {
  /** meta.reproduce: the `uvqa score` command that recomputes the report's scores (precomputed slices). */
  command: string;
  specs: readonly SliceSpec[];
  runs: readonly string[];
  metrics?: readonly string[];
  /** The report's bootstrap settings, repeated on an ad-hoc command when they are not the defaults. */
  resamples?: number | null;
  seed?: number | null;
}

/** The CLI command (with one --slice per filter slice) and the SQL over the `scores` table. */
export function reproduce(input: ReproduceInput): { cli: string; sql: string; note: string } {
  const adhoc = [...new Set(input.specs.filter((s) => s.adhoc).map((s) => s.slice))];
  const precomputed = [...new Set(input.specs.filter((s) => !s.adhoc).map((s) => s.slice))];
  const lines: string[] = [];
  if (precomputed.length) lines.push(input.command);
  if (adhoc.length) {
    const base = "uvqa score --items items.jsonl --predictions predictions.jsonl --runs runs-input.json";
    const settings = [
      ...(input.resamples !== null && input.resamples !== undefined && input.resamples !== 1000 ? [`--resamples ${input.resamples}`] : []),
      ...(input.seed !== null && input.seed !== undefined ? [`--seed ${input.seed}`] : []),
    ];
    // One command per filter slice: a slice's interval is reproduced by a command that asks for it alone.
    for (const slice of adhoc) lines.push([base, `--slice ${shellQuote(slice)}`, ...settings, "--out scores-adhoc/"].join(" "));
  }
  const where = [
    `run IN (${input.runs.map(sqlString).join(", ")})`,
    `slice IN (${input.specs.map((s) => sqlString(s.slice)).join(", ")})`,
    ...(input.metrics ? [`metric IN (${input.metrics.map(sqlString).join(", ")})`] : []),
  ];
  const sql = `SELECT run, slice, metric, value, n, ci_low, ci_high, judge_failures\nFROM scores\nWHERE ${where.join("\n  AND ")}\nORDER BY run, slice, metric`;
  const note = adhoc.length
    ? `Filter slices (${adhoc.length}) were computed in your browser with the same code and seed as the command${adhoc.length > 1 ? "s" : ""} below; the SQL reads the report's scores table, which holds the precomputed slices${precomputed.length ? "" : " (none of these)"}.`
    : "Every value comes from the report's scores table (scores.json, scores.parquet), which the command below recomputes from the report's own inputs.";
  return { cli: lines.join("\n"), sql, note };
}

/**
 * The command and SQL behind transition matrices and the alignment scores read off them: `uvqa score` writes both
 * (transitions.parquet and scores), so the commands are `reproduce`'s; the SQL reads the `transitions` table, then
 * the scores. `runs` are the aligned runs.
 */
export function reproduceTransitions(input: ReproduceInput): { cli: string; sql: string; note: string } {
  const scores = reproduce(input);
  const slices = [...new Set(input.specs.map((s) => s.slice))];
  const transitions = `SELECT run, baseline, slice, "table", "from", "to", count\nFROM transitions\nWHERE run IN (${input.runs.map(sqlString).join(", ")})\n  AND slice IN (${slices.map(sqlString).join(", ")})\nORDER BY run, slice, "table", "from", "to"`;
  return { cli: scores.cli, sql: `${transitions};\n\n${scores.sql};`, note: `${scores.note} The matrices are the transitions table of the same output (transitions.parquet).` };
}
