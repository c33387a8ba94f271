// /compare's glue between its rows and its figures: the transition cells as matrix input (panels, hooks,
// tooltips, legend), the item the view is about, and the notice above the figures (a link naming an unknown run,
// no aligned run yet, a swap link). Pure apart from the DOM it is given.
import { TABLE_OUTCOMES, type ItemOutcomes, type MatrixRow, type Pair } from "./compare.js";
import type { SliceSpec } from "./filters.js";
import type { Swatch } from "./legend.js";
import { percent, type MatrixCell, type MatrixInput } from "./matrix.js";
import { OUTCOME_COLORS, OUTCOME_LABELS } from "./palette.js";
import { parseQuery } from "./url-state.js";
import { formatCount } from "./format.js";

/** The CSV columns of the paired-difference figure and table. */
export const PAIR_COLUMNS = [
  "a", "b", "slice", "label", "metric", "value_a", "n_a", "value_b", "n_b", "diff", "ci_low", "ci_high", "n",
  "judge_failures_a", "judge_failures_b", "measured",
] as const;

const label = (outcome: string) => (OUTCOME_LABELS as Record<string, string>)[outcome] ?? outcome;

/** A matrix panel's title: the slice, and which table unless the slice is one category (its table is implied). */
export const panelName = (r: { label: string; table: string; slice: string }) => (/^category:[^,]+$/.test(r.slice) ? r.label : `${r.label} · ${r.table}`);

/** Matrix rows -> the matrix component's input: one panel per (slice, table), hooks on every cell. */
export function matrixInput(rows: readonly MatrixRow[]): MatrixInput[] {
  return rows.map((r) => ({
    panel: panelName(r), row: r.from, col: r.to, count: r.count,
    hooks: { a: r.a, b: r.b, slice: r.slice, table: r.table, from: r.from, to: r.to, count: String(r.count) },
  }));
}

/** Each panel's rows and columns: the table's outcomes that occur in it (F only where a judgment failed). */
export function matrixOrderOf(input: readonly MatrixInput[]): (panel: string) => { rows: string[]; cols: string[] } {
  return (panel) => {
    const mine = input.filter((c) => c.panel === panel);
    const table = mine[0]?.hooks?.table === "unanswerable" ? "unanswerable" : "answerable";
    const order = TABLE_OUTCOMES[table] as readonly string[];
    const rows = order.filter((o) => mine.some((c) => c.row === o));
    const cols = order.filter((o) => mine.some((c) => c.col === o));
    return { rows, cols };
  };
}

export function transitionTip(c: MatrixCell): string {
  return `A ${c.row} (${label(c.row)}) → B ${c.col} (${label(c.col)}): ${formatCount(c.count)} item${c.count === 1 ? "" : "s"}\n`
    + `${percent(c.share)} of the ${formatCount(c.rowTotal)} A put in ${c.row} · ${percent(c.total ? c.count / c.total : 0)} of ${formatCount(c.total)} in both runs`;
}

/** What the outcome codes mean, for the outcomes that occur. */
export function outcomeLegend(input: readonly MatrixInput[]): Swatch[] {
  const present = new Set(input.flatMap((c) => [c.row, c.col]));
  return (["C", "W", "R", "A", "F"] as const).filter((o) => present.has(o)).map((o) => ({ label: `${o} ${OUTCOME_LABELS[o]}`, color: OUTCOME_COLORS[o] }));
}

export type ItemState =
  | { state: "none" }
  | { state: "error"; message: string }
  | { state: "missing"; id: string }
  | { state: "found"; item: ItemOutcomes };

export function itemState(id: string, result: ItemOutcomes | null | { error: string } | undefined): ItemState {
  if (!id) return { state: "none" };
  if (result && "error" in result) return { state: "error", message: result.error };
  if (!result) return { state: "missing", id };
  return { state: "found", item: result };
}

/** The item's cell in the first slice's matrix (its A and B outcomes), when it has both. */
export function itemHighlight(item: ItemState, specs: readonly SliceSpec[]): { panel: string; row: string; col: string } | null {
  if (item.state !== "found" || !specs.length) return null;
  const [a, b] = item.item.outcomes;
  if (!a || !b) return null;
  const table = item.item.category === "answerable" ? "answerable" : "unanswerable";
  return { panel: panelName({ label: specs[0]!.label, table, slice: specs[0]!.slice }), row: a.outcome, col: b.outcome };
}

export interface NoticeInput {
  search: string;
  runIds: readonly string[];
  /** The default pair (what an unknown or absent a / b falls back to). */
  pair: Pair;
  a: string;
  b: string;
  /** The address of the same view with A and B swapped. */
  swap: string;
}

/** The lines above the figures: unknown runs in the link, no aligned run yet. */
export function noticeLines(input: NoticeInput): { problems: string[]; notes: string[] } {
  const state = parseQuery(input.search);
  const problems: string[] = [];
  for (const key of ["a", "b"] as const) {
    const named = state[key]?.[0];
    if (named !== undefined && !input.runIds.includes(named)) {
      problems.push(`unknown run ${key.toUpperCase()} in the link: ${JSON.stringify(named)} (this report has ${input.runIds.map((r) => JSON.stringify(r)).join(", ") || "none"}); showing ${JSON.stringify(input.pair[key])}`);
    }
  }
  const notes: string[] = [];
  if (input.runIds.length >= 2 && !input.pair.aligned) notes.push("no aligned runs yet: add a run with a baseline (A and B default to the first two runs)");
  return { problems, notes };
}

export function pairNotice(doc: Document, input: NoticeInput): HTMLElement {
  const { problems, notes } = noticeLines(input);
  const box = doc.createElement("div");
  box.className = "pair-notice";
  for (const line of problems) {
    const p = doc.createElement("p");
    p.className = "problem";
    p.setAttribute("role", "status");
    p.textContent = line;
    box.append(p);
  }
  for (const line of notes) {
    const p = doc.createElement("p");
    p.className = "empty-state";
    p.textContent = line;
    box.append(p);
  }
  if (input.a && input.b && input.a !== input.b) {
    const p = doc.createElement("p");
    p.className = "swap";
    const a = doc.createElement("a");
    a.href = input.swap;
    a.textContent = "swap A and B";
    p.append(a);
    box.append(p);
  }
  return box;
}
