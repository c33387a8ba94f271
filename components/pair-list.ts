// /pairs, "a click lists the pairs": the twin pairs of one run in one slice (as the worker gives them, in item
// order), each with both questions (read on demand from items.parquet), both outcomes and the pair's class, every
// item linking to the error explorer's item view. Shaping is pure; `pairListView` builds the section.
import { tableCsvButton } from "./figure.js";
import type { PairClassName, PairListRow } from "./finder-types.js";
import { OUTCOME_COLORS, OUTCOME_LABELS, PAIR_CLASS_COLORS } from "./palette.js";
import { classInfo, PAIR_CLASSES } from "./pairs.js";
import type { Provenance } from "./provenance.js";
import { link } from "./url-state.js";
import { formatCount } from "./format.js";

/** Pairs per class, in PAIR_CLASSES order. */
export function pairCounts(rows: readonly PairListRow[]): Record<PairClassName, number> {
  const counts = { apart: 0, refuse_both: 0, answer_both: 0, other: 0 } as Record<PairClassName, number>;
  for (const r of rows) counts[r.class]++;
  return counts;
}

/** "82 pairs: 80 tell them apart, 0 refuse both, 2 answer both, 0 other (1 with a failed judgment)". */
export function pairSummary(rows: readonly PairListRow[]): string {
  const counts = pairCounts(rows);
  const verbs: Record<PairClassName, string> = { apart: "tell them apart", refuse_both: "refuse both", answer_both: "answer both", other: "other" };
  const failed = rows.filter((r) => r.failed).length;
  const parts = PAIR_CLASSES.map((c) => `${formatCount(counts[c.class])} ${c.class === "other" ? "other" : verbs[c.class]}`);
  return `${formatCount(rows.length)} pair${rows.length === 1 ? "" : "s"}: ${parts.join(", ")}${failed ? ` (${failed} with a failed judgment)` : ""}`;
}

/** The explorer's item view for one item of a run: `./explorer?run=<run>&item=<id>`. */
export function explorerItemHref(run: string, item: string): string {
  return link("./explorer", { run: [run], item: [item] }, ["run", "item"]);
}

export const PAIR_LIST_COLUMNS = ["run", "slice", "unanswerable", "category", "unanswerable_outcome", "twin", "twin_outcome", "class", "failed"] as const;

/** The rows of the list's CSV. */
export function pairCsvRows(rows: readonly PairListRow[], run: string, slice: string): Record<string, unknown>[] {
  return rows.map((r) => ({
    run, slice, unanswerable: r.u_id, category: r.category, unanswerable_outcome: r.u_outcome, twin: r.t_id, twin_outcome: r.t_outcome,
    class: r.class, failed: r.failed,
  }));
}

export interface PairListOptions {
  /** Every pair of the run in the slice (the class filter is applied here, so the summary counts them all). */
  rows: readonly PairListRow[];
  run: string;
  /** What the slice is ("object", "all pairs", ...) and its name in the report or its filter expression. */
  series: string;
  slice: string;
  cls: PairClassName | null;
  /** Questions of these items (item indices), read on demand. */
  questions: (items: readonly number[]) => Promise<Map<number, string>>;
  onClass: (cls: PairClassName | null) => void;
  onClose: () => void;
  provenance: Provenance;
  pageSize?: number;
}

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function outcomeBadge(doc: Document, code: string): HTMLElement {
  const badge = el(doc, "span", "outcome-badge");
  badge.dataset.outcome = code;
  const swatch = el(doc, "span", "swatch");
  swatch.style.background = (OUTCOME_COLORS as Record<string, string>)[code] ?? "#999999";
  badge.append(swatch, `${code} ${(OUTCOME_LABELS as Record<string, string>)[code] ?? ""}`.trim());
  return badge;
}

/** The section listing the pairs: title, class filter, summary, the pairs a page at a time, CSV. */
export function pairListView(doc: Document, options: PairListOptions): HTMLElement {
  const section = el(doc, "section", "pair-list");
  section.setAttribute("aria-labelledby", "pair-list-title");
  const shown = options.cls ? options.rows.filter((r) => r.class === options.cls) : [...options.rows];
  const title = el(doc, "h3", "pair-list-title");
  title.id = "pair-list-title";
  title.tabIndex = -1;
  const code = el(doc, "code", undefined, options.run);
  title.append("Pairs of ", code, ` · ${options.series}${options.cls ? ` · ${classInfo(options.cls).label}` : ""}`);
  section.append(title);

  const controls = el(doc, "div", "pair-list-controls");
  const label = el(doc, "label", undefined, "show ");
  const select = el(doc, "select");
  select.setAttribute("aria-label", "which pairs to show");
  const counts = pairCounts(options.rows);
  for (const [value, text] of [["", `every class (${options.rows.length})`], ...PAIR_CLASSES.map((c) => [c.class, `${c.label} (${counts[c.class]})`])] as [string, string][]) {
    const option = el(doc, "option", undefined, text);
    option.value = value;
    option.selected = value === (options.cls ?? "");
    select.append(option);
  }
  select.addEventListener("change", () => options.onClass(select.value ? (select.value as PairClassName) : null));
  label.append(select);
  const close = el(doc, "button", "pair-list-close", "close the list");
  close.type = "button";
  close.addEventListener("click", () => options.onClose());
  controls.append(label, tableCsvButton(doc, {
    id: "pairs-list", label: "CSV", data: pairCsvRows(shown, options.run, options.slice), columns: PAIR_LIST_COLUMNS, provenance: options.provenance,
  }), close);
  section.append(controls);
  const which: Record<PairClassName, string> = { apart: "it tells apart", refuse_both: "where it refuses both", answer_both: "where it answers both", other: "of no other class" };
  const summary = el(doc, "p", "pair-list-summary", `${pairSummary(options.rows)}.${options.cls ? ` Showing the ${formatCount(shown.length)} ${which[options.cls]}.` : ""}`);
  section.append(summary);
  if (!shown.length) {
    section.append(el(doc, "p", "empty-state", options.rows.length ? "no pair of this class: choose another above" : "no twin pair of this run in this slice"));
    return section;
  }

  const list = el(doc, "ol", "pairs");
  list.setAttribute("aria-label", "twin pairs");
  section.append(list);
  const pageSize = options.pageSize ?? 50;
  let drawn = 0;
  const more = el(doc, "button", "pair-list-more");
  more.type = "button";
  const item = (row: PairListRow, side: "u" | "t"): HTMLElement => {
    const box = el(doc, "div", `pair-item ${side === "u" ? "unanswerable" : "twin"}`);
    const head = el(doc, "div", "pair-item-head");
    head.append(el(doc, "span", "pair-kind", side === "u" ? `${row.category} (unanswerable)` : "answerable twin"));
    const id = side === "u" ? row.u_id : row.t_id;
    const a = el(doc, "a", "item-link", id);
    a.href = explorerItemHref(options.run, id);
    a.title = `open ${id} in the error explorer`;
    head.append(" ", a, " ", outcomeBadge(doc, side === "u" ? row.u_outcome : row.t_outcome));
    const question = el(doc, "p", "question", "…");
    question.dataset.item = String(side === "u" ? row.u : row.t);
    box.append(head, question);
    return box;
  };
  const page = () => {
    const rows = shown.slice(drawn, drawn + pageSize);
    const nodes = rows.map((row) => {
      const li = el(doc, "li", "pair");
      li.dataset.u = row.u_id;
      li.dataset.t = row.t_id;
      li.dataset.class = row.class;
      const badge = el(doc, "span", "pair-class", classInfo(row.class).label + (row.failed ? " (a judgment failed)" : ""));
      badge.style.borderColor = PAIR_CLASS_COLORS[row.class];
      li.append(item(row, "u"), item(row, "t"), badge);
      return li;
    });
    list.append(...nodes);
    drawn += rows.length;
    more.textContent = `show ${Math.min(pageSize, shown.length - drawn)} more (${formatCount(drawn)} of ${formatCount(shown.length)} shown)`;
    more.hidden = drawn >= shown.length;
    const wanted = rows.flatMap((r) => [r.u, r.t]);
    options.questions(wanted).then((texts) => {
      for (const node of nodes) {
        for (const q of node.querySelectorAll<HTMLElement>("p.question")) q.textContent = texts.get(Number(q.dataset.item)) ?? "(no question text)";
      }
    }).catch((error: Error) => {
      for (const node of nodes) for (const q of node.querySelectorAll<HTMLElement>("p.question")) q.textContent = `(the question could not be read: ${error.message})`;
    });
  };
  more.addEventListener("click", () => page());
  page();
  section.append(more);
  return section;
}
