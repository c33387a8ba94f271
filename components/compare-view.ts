// /compare's tables (DOM, every string a text node): every metric of A and B per slice with the paired
// difference, the exact McNemar test per slice, and one item's outcomes under A and B. Each score cell carries the
// test hooks (data-run, data-slice, data-metric, data-value; a difference data-a, data-b, data-metric, data-diff).
import { metricLabel } from "./categories.js";
import type { ItemOutcome, McNemarRow, PairRow } from "./compare.js";
import { formatSigned } from "./forest.js";
import { formatNumber, formatCount } from "./format.js";
import { OUTCOME_LABELS } from "./palette.js";
import { element } from "./render.js";

const th = (doc: Document, text: string, title?: string) => element(doc, "th", title ? { title, scope: "col" } : { scope: "col" }, [text]);

/** A score of one run on the paired items: value and denominator. */
function sideCell(doc: Document, run: string, r: PairRow, value: number, n: number): HTMLElement {
  return element(doc, "td", {
    class: n === 0 ? "score empty" : "score", "data-run": run, "data-slice": r.slice, "data-metric": r.metric, "data-value": String(value),
    "data-n": String(n), "data-scope": "paired", title: n === 0 ? "denominator is 0: the value is 0 by convention, not a measurement" : "value on the items both runs have, its denominator",
  }, [element(doc, "span", { class: "value" }, [formatNumber(value, 3)]), " ", element(doc, "span", { class: "n" }, [`n = ${formatCount(n)}`])]);
}

/** Every metric of A and B per slice: A, B, B − A with its paired interval, items in both runs. */
export function comparisonTable(doc: Document, rows: readonly PairRow[], runs: { a: string; b: string }): HTMLElement {
  const body = element(doc, "tbody");
  let last = "";
  for (const r of rows) {
    const first = r.slice !== last;
    last = r.slice;
    const diff = element(doc, "td", {
      class: r.measured ? "score diff" : "score diff empty", "data-a": r.a, "data-b": r.b, "data-metric": r.metric, "data-diff": String(r.diff),
      "data-slice": r.slice, "data-ci-low": String(r.ci_low), "data-ci-high": String(r.ci_high),
      title: r.measured ? "B − A [paired 95% bootstrap interval]" : "not a measurement: a denominator is 0 (or F1 without unanswerable items)",
    }, [
      element(doc, "span", { class: "value" }, [formatSigned(r.diff)]), " ",
      element(doc, "span", { class: "ci" }, [`[${formatSigned(r.ci_low)}, ${formatSigned(r.ci_high)}]`]),
    ]);
    const failures = r.judge_failures_a || r.judge_failures_b ? `A ${r.judge_failures_a}, B ${r.judge_failures_b}` : "";
    body.append(element(doc, "tr", { class: first ? "slice-start" : "" }, [
      element(doc, "th", { scope: "row", class: "slice" }, [first ? r.label : ""]),
      element(doc, "td", { class: "metric" }, [metricLabel(r.metric)]),
      sideCell(doc, runs.a, r, r.value_a, r.n_a),
      sideCell(doc, runs.b, r, r.value_b, r.n_b),
      diff,
      element(doc, "td", { class: "n" }, [formatCount(r.n)]),
      element(doc, "td", { class: failures ? "failures warn" : "failures" }, [failures || "–"]),
    ]));
  }
  return element(doc, "table", { class: "scores compare-table" }, [
    element(doc, "thead", {}, [element(doc, "tr", {}, [
      th(doc, "slice"), th(doc, "metric"), th(doc, "A", runs.a), th(doc, "B", runs.b), th(doc, "B − A [95% CI]", "paired bootstrap interval"),
      th(doc, "items in both", "the paired population"), th(doc, "judge failures"),
    ])]),
    body,
  ]);
}

/** "p = 0.0123", "p < 0.0001", "p = 1". */
export function formatP(p: number): string {
  if (p < 0.0001) return "p < 0.0001";
  if (p >= 0.9999) return "p = 1";
  return `p = ${p < 0.01 ? p.toPrecision(2) : p.toFixed(3)}`;
}

/** The exact McNemar test on `correct` per slice. */
export function mcnemarTable(doc: Document, rows: readonly McNemarRow[]): HTMLElement {
  return element(doc, "table", { class: "scores mcnemar-table" }, [
    element(doc, "thead", {}, [element(doc, "tr", {}, [
      th(doc, "slice"), th(doc, "items in both"), th(doc, "A correct, B not", "discordant pairs b"), th(doc, "B correct, A not", "discordant pairs c"),
      th(doc, "exact McNemar", "two-sided exact binomial test of b against b + c at 1/2"), th(doc, "S_acc A → B"),
    ])]),
    element(doc, "tbody", {}, rows.map((r) => element(doc, "tr", { "data-slice": r.slice }, [
      element(doc, "th", { scope: "row" }, [r.label]),
      element(doc, "td", {}, [formatCount(r.n)]),
      element(doc, "td", { "data-mcnemar": "b" }, [String(r.b_count)]),
      element(doc, "td", { "data-mcnemar": "c" }, [String(r.c_count)]),
      element(doc, "td", { class: "score", "data-a": r.a, "data-b": r.b, "data-slice": r.slice, "data-metric": "mcnemar_p", "data-p": String(r.p) }, [formatP(r.p)]),
      element(doc, "td", {}, [r.s_acc_a === null ? "–" : `${formatNumber(r.s_acc_a, 3)} → ${formatNumber(r.s_acc_b!, 3)}`]),
    ]))),
  ]);
}

const yesNo = (v: boolean | null) => (v === null ? "–" : v ? "yes" : "no");

export function outcomeText(outcome: string | null): string {
  if (outcome === null) return "–";
  const label = (OUTCOME_LABELS as Record<string, string>)[outcome];
  return label ? `${outcome} (${label})` : outcome;
}

/** One item's outcomes under A and B (and each run's baseline outcome on it). */
export function itemTable(doc: Document, rows: ReadonlyArray<{ role: string; run: string; outcome: ItemOutcome | null }>): HTMLElement {
  return element(doc, "table", { class: "scores item-table" }, [
    element(doc, "thead", {}, [element(doc, "tr", {}, [
      th(doc, "run"), th(doc, "id"), th(doc, "outcome"), th(doc, "refused"), th(doc, "correct"), th(doc, "score"),
      th(doc, "names the perturbed element", "the judge's reason_ok: the refusal names what the question got wrong"), th(doc, "its baseline's outcome"),
    ])]),
    element(doc, "tbody", {}, rows.map(({ role, run, outcome }) => element(doc, "tr", { "data-role": role, "data-run": run, "data-outcome": outcome?.outcome ?? "" }, [
      element(doc, "th", { scope: "row" }, [role]),
      element(doc, "td", {}, [element(doc, "code", {}, [run])]),
      element(doc, "td", { class: "outcome" }, [outcome ? outcomeText(outcome.outcome) : "no response to this item"]),
      element(doc, "td", {}, [outcome ? yesNo(outcome.refused) : "–"]),
      element(doc, "td", {}, [outcome ? yesNo(outcome.correct) : "–"]),
      element(doc, "td", {}, [outcome?.score !== null && outcome?.score !== undefined ? `${formatNumber(outcome.score, 2)} (${outcome.score_kind === "llm" ? "LLM" : "match"})` : "–"]),
      element(doc, "td", {}, [outcome ? yesNo(outcome.reason_ok) : "–"]),
      element(doc, "td", {}, [outcome ? outcomeText(outcome.base) : "–"]),
    ]))),
  ]);
}
