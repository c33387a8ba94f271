// The error explorer's state (from the URL) and the SQL it runs over the slim tables in DuckDB-WASM
// (`outcomes` joined to `items`, docs/report-data.md). Pure: the page runs the SQL; tests run the same state
// against an independent query over the Parquet tables in Node.
import type { Filters } from "./filters.js";

export const OUTCOME_CODES = ["C", "W", "R", "A", "F"] as const;
export const SEARCH_FIELDS = ["any", "question", "response", "reference"] as const;
export const SORTS = ["item", "category", "outcome", "score", "-score"] as const;
/** Query keys the explorer reads beside the filter bar's. */
export const EXPLORER_KEYS = ["run", "outcome", "from", "to", "flag", "disagree", "q", "in", "sort", "item", "slice"] as const;
/** Item fields a filter slice (`slice=`) may name here: the columns of items.arrow. */
export const SLICE_COLUMNS = ["dataset", "category", "question_type", "source", "video", "flags"] as const;

export interface ExplorerState {
  /** Runs to list (empty: every run the filters keep). */
  runs: string[];
  outcome: string[] | null;
  /** Outcome under the run's baseline, and under the run (a transition). */
  from: string[] | null;
  to: string[] | null;
  flags: string[] | null;
  /** Only items where the second judge's outcome differs from the first's. */
  disagree: boolean;
  q: string;
  /** Where `q` is looked for; responses of the runs in view (one run when `run` names one). */
  in: (typeof SEARCH_FIELDS)[number];
  sort: (typeof SORTS)[number];
  item: string | null;
  /** A filter slice (docs/report-data.md), e.g. from the slice finder: `question_type=how&flags=edited-question`. */
  slice: string | null;
}

const one = <T extends string>(values: string[] | undefined, allowed: readonly T[], fallback: T): T =>
  (values?.[0] !== undefined && (allowed as readonly string[]).includes(values[0]) ? values[0] : fallback) as T;
const codes = (values: string[] | undefined) => (values === undefined ? null : values.filter((v) => (OUTCOME_CODES as readonly string[]).includes(v)));

/** The explorer's state from the URL's query state (the filter bar's keys are read by the filter bar). */
export function explorerState(query: Readonly<Record<string, string[]>>): ExplorerState {
  return {
    runs: query.run ?? [],
    outcome: codes(query.outcome),
    from: codes(query.from),
    to: codes(query.to),
    flags: query.flag ?? null,
    disagree: query.disagree?.[0] === "1",
    q: (query.q ?? []).join(",").trim(),
    in: one(query.in, SEARCH_FIELDS, "any"),
    sort: one(query.sort, SORTS, "item"),
    item: query.item?.[0] ?? null,
    slice: query.slice?.length ? query.slice.join(",") : null,
  };
}

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;
const list = (values: readonly string[]) => values.map(quote).join(", ");

export interface ExplorerQuery {
  /** The WHERE clause over `o` (outcomes) and `i` (items), "true" when nothing filters. */
  where: string;
  /** A page of rows. */
  rows: (offset: number, limit: number) => string;
  count: string;
}

/**
 * SQL for the rows the explorer lists. `runs`: the runs in view (the filter bar's and the explorer's run choice
 * combined by the caller); `hits`: when a text search is active, the name of a table `(run, item)` of matches.
 */
export function explorerQuery(
  state: ExplorerState, filters: Pick<Filters, "dataset" | "category">, runs: readonly string[], hits: string | null = null,
  clauses: readonly { field: string; values: readonly string[] }[] = [],
): ExplorerQuery {
  const where: string[] = [runs.length ? `o.run IN (${list(runs)})` : "false"];
  for (const { field, values } of clauses) {
    if (!(SLICE_COLUMNS as readonly string[]).includes(field)) throw new Error(`the explorer cannot filter by ${JSON.stringify(field)} (it can by ${SLICE_COLUMNS.join(", ")})`);
    where.push(field === "flags" ? `list_has_any(string_split(i.flags, ','), [${list(values)}])` : `i.${field} IN (${list(values)})`);
  }
  if (filters.dataset) where.push(filters.dataset.length ? `i.dataset IN (${list(filters.dataset)})` : "false");
  if (filters.category) where.push(filters.category.length ? `i.category IN (${list(filters.category)})` : "false");
  if (state.outcome) where.push(state.outcome.length ? `o.outcome IN (${list(state.outcome)})` : "false");
  if (state.from) where.push(state.from.length ? `o.base IN (${list(state.from)})` : "false");
  if (state.to) where.push(state.to.length ? `o.outcome IN (${list(state.to)})` : "false");
  if (state.flags) where.push(state.flags.length ? `list_has_any(string_split(i.flags, ','), [${list(state.flags)}])` : "false");
  if (state.disagree) where.push("o.outcome_2 IS NOT NULL AND o.outcome_2 <> o.outcome");
  // A hit with run NULL matched the item's own text (question, reference): it holds for every run.
  if (hits) where.push(`EXISTS (SELECT 1 FROM ${hits} h WHERE h.item = o.item AND (h.run IS NULL OR h.run = o.run))`);
  const clause = where.join("\n  AND ");
  const order = {
    item: "o.item, o.run",
    category: "i.category, o.item, o.run",
    outcome: "o.outcome, o.item, o.run",
    score: "o.score NULLS LAST, o.item, o.run",
    "-score": "o.score DESC NULLS LAST, o.item, o.run",
  }[state.sort];
  const from = "FROM outcomes o JOIN items i ON i.item = o.item";
  return {
    where: clause,
    count: `SELECT count(*)::INTEGER AS n ${from}\nWHERE ${clause}`,
    rows: (offset, limit) => `SELECT o.run, o.item, i.id, i.category, i.dataset, i.flags, i.pair, o.outcome, o.base, o.refused, o.correct, o.score, o.score_kind, o.reason_ok, o.outcome_2, o.text_row
${from}
WHERE ${clause}
ORDER BY ${order}
LIMIT ${Math.max(0, Math.floor(limit))} OFFSET ${Math.max(0, Math.floor(offset))}`,
  };
}
