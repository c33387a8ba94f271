// /judges' figures and tables: the validation accuracies (a dot per set, writing batch and kind of case with its
// Wilson interval), the validation table, every metric under each of two judges side by side (flagged where the
// judge, not the model, moved the score), and the disagreements. Every string goes in as text.
import * as Plot from "@observablehq/plot";
import { metricLabel, middleEllipsis } from "./categories.js";
import { METRIC_GROUPS } from "./compare.js";
import { formatNumber, formatCount } from "./format.js";
import { accuracyDomain, accuracyTip, setLabel, type AccuracyRow, type Disagreement, type JudgedMetric, type JudgeEvalRow } from "./judges.js";
import { swatches } from "./legend.js";
import { SERIES_COLORS } from "./palette.js";
import { scoreHooks, stampHooks } from "./plot-hooks.js";
import { element } from "./render.js";
import type { Metric } from "./scores.js";

const rowKey = (r: AccuracyRow) => `${r.set}\u0000${r.level}\u0000${r.part}`;

/** One dot per set, writing batch and kind of case: the accuracy of `refused`, its Wilson interval. */
export function accuracyPlot(doc: Document, rows: readonly AccuracyRow[], options: { width: number }): SVGSVGElement {
  const labels = new Map(rows.map((r) => [rowKey(r), r.label]));
  const longest = Math.max(10, ...rows.map((r) => r.label.length));
  const marginLeft = Math.round(Math.min(options.width * 0.5, 16 + longest * 6));
  const data = rows.map((r) => ({ ...r, y: rowKey(r) }));
  const plot = Plot.plot({
    document: doc,
    width: options.width,
    height: 40 + rows.length * 18,
    marginLeft,
    marginRight: 16,
    x: { domain: accuracyDomain(rows), label: "accuracy of refused →", labelAnchor: "center", grid: true },
    y: { domain: data.map((d) => d.y), label: null, tickFormat: (k: string) => middleEllipsis(labels.get(k) ?? k, Math.floor((marginLeft - 12) / 6)) },
    marks: [
      Plot.ruleY(data, { y: "y", x1: "low", x2: "high", stroke: "currentColor", strokeOpacity: 0.5, strokeWidth: 1.5 }),
      Plot.dot(data, {
        y: "y", x: "accuracy", r: (d: AccuracyRow) => (d.level === "set" ? 4.5 : 3), fill: (d: AccuracyRow) => (d.part === "batch 3" ? SERIES_COLORS[1] : SERIES_COLORS[0]),
        title: accuracyTip, tip: true,
        render: stampHooks(data, (d) => ({ judge: d.judge, set: d.set, level: d.level, part: d.part, metric: "accuracy", value: String(d.accuracy), n: String(d.n) })),
      }),
    ],
    ariaLabel: "accuracy of the built-in judge's refusal detection per validation set, batch and kind of case",
  }) as SVGSVGElement;
  plot.classList.add("accuracy-plot");
  return plot;
}

const rate = (v: number | null) => (v === null ? "–" : formatNumber(v, 3));

/** The validation table: per set, the confusion counts and the rates `uvqa judge-eval` prints. */
export function validationTable(doc: Document, rows: readonly JudgeEvalRow[]): HTMLElement {
  const th = (text: string, title?: string) => element(doc, "th", { scope: "col", ...(title ? { title } : {}) }, [text]);
  return element(doc, "table", { class: "scores validation-table" }, [
    element(doc, "thead", {}, [element(doc, "tr", {}, [
      th("set"), th("n"), th("TP", "refusals detected"), th("FP", "answers taken for refusals"), th("FN", "refusals missed"), th("TN", "answers kept"),
      th("accuracy"), th("precision"), th("recall"), th("names the element", "reason_ok accuracy over the refusals (n)"), th("misjudged"),
    ])]),
    element(doc, "tbody", {}, rows.map((r) => element(doc, "tr", { "data-set": r.set }, [
      element(doc, "th", { scope: "row" }, [setLabel(r.set)]),
      element(doc, "td", {}, [formatCount(r.n)]),
      element(doc, "td", {}, [String(r.tp)]), element(doc, "td", {}, [String(r.fp)]), element(doc, "td", {}, [String(r.fn)]), element(doc, "td", {}, [String(r.tn)]),
      element(doc, "td", { class: "score", "data-judge": r.judge, "data-set": r.set, "data-metric": "accuracy", "data-value": String(r.accuracy), "data-n": String(r.n) }, [rate(r.accuracy)]),
      element(doc, "td", { "data-metric": "precision", "data-value": String(r.precision) }, [rate(r.precision)]),
      element(doc, "td", { "data-metric": "recall", "data-value": String(r.recall) }, [rate(r.recall)]),
      element(doc, "td", {}, [`${rate(r.reason_ok.accuracy)} (${r.reason_ok.n})`]),
      element(doc, "td", {}, [String(r.errors)]),
    ]))),
  ]);
}

export const JUDGE_COLORS = { A: SERIES_COLORS[0], B: SERIES_COLORS[1] } as const;

const sliceText = (slice: string) => (slice === "all" ? "all items" : slice.replace(/^category:/, ""));

export function judgedTip(d: JudgedMetric): string {
  const failures = d.judge_failures ? ` · ${d.judge_failures} judge failure(s)` : "";
  return `${d.run} · ${sliceText(d.slice)} · ${metricLabel(d.metric)}\njudge ${d.side} (${d.judge}): ${formatNumber(d.value, 3)} [${formatNumber(d.ci_low, 3)}, ${formatNumber(d.ci_high, 3)}] · n = ${d.n}${failures}${d.flagged ? "\nflagged: each judge's value lies outside the other's interval" : ""}`;
}

/** Every metric under each judge: per run, a pair of dots (A, B) with their intervals, a flag where they part. */
export function agreementPlot(doc: Document, rows: readonly JudgedMetric[], options: { width: number; judges: { A: string; B: string } }): HTMLElement {
  const container = doc.createElement("div");
  container.className = "agreement-plot";
  container.append(swatches(doc, [
    { label: `A: ${options.judges.A} (decides)`, color: JUDGE_COLORS.A },
    { label: `B: ${options.judges.B}`, color: JUDGE_COLORS.B },
    { label: "⚑ flagged", color: "currentColor", shape: "line" },
  ], options.width));
  const slices = [...new Set(rows.map((r) => r.slice))];
  // A header row per run (its name as the tick label), then its metrics, indented.
  const yOf = (d: JudgedMetric) => `${d.run}\u0000${slices.length > 1 ? `${sliceText(d.slice)} · ` : ""}${metricLabel(d.metric)}${d.flagged ? " ⚑" : ""}`;
  for (const { metrics, limit, axis } of METRIC_GROUPS) {
    // 0 of 0 under both judges is not a measurement: listed in the table, not drawn.
    const data = rows.filter((r) => metrics.includes(r.metric) && !(r.n === 0 && rows.some((o) => o !== r && o.run === r.run && o.slice === r.slice && o.metric === r.metric && o.n === 0)))
      .map((r) => ({ ...r, y: yOf(r) }));
    if (!data.length) continue;
    const domain: string[] = [];
    for (const d of data) {
      if (!domain.includes(`${d.run}\u0000`)) domain.push(`${d.run}\u0000`);
      if (!domain.includes(d.y)) domain.push(d.y);
    }
    const label = (k: string) => (k.endsWith("\u0000") ? k.slice(0, -1) : `  ${k.slice(k.indexOf("\u0000") + 1)}`);
    const marginLeft = Math.round(Math.min(options.width * 0.45, 16 + Math.max(...domain.map((k) => label(k).length)) * 6.2));
    const marks: Plot.Markish[] = [Plot.gridX({ stroke: "currentColor", strokeOpacity: 0.1 })];
    for (const side of ["A", "B"] as const) {
      const mine = data.filter((d) => d.side === side);
      const dy = side === "A" ? -3.5 : 3.5;
      marks.push(
        Plot.ruleY(mine, { y: "y", x1: "ci_low", x2: "ci_high", stroke: JUDGE_COLORS[side], strokeWidth: 1.5, dy }),
        Plot.dot(mine, { y: "y", x: "value", fill: JUDGE_COLORS[side], r: 3.5, dy, title: judgedTip, tip: true, render: stampHooks(mine, (d) => ({ ...scoreHooks(d), judge: d.side })) }),
      );
    }
    const plot = Plot.plot({
      document: doc,
      width: options.width,
      height: 50 + domain.length * 26,
      marginLeft,
      marginRight: 16,
      x: { domain: [0, limit], label: `${axis} under each judge →`, labelAnchor: "center" },
      y: { domain, label: null, tickFormat: (k: string) => middleEllipsis(label(k), Math.floor((marginLeft - 12) / 6.2)) },
      marks,
      ariaLabel: `every metric under judge A and judge B, ${axis}`,
    }) as SVGSVGElement;
    plot.classList.add("panel");
    container.append(plot);
  }
  return container;
}

/** Every metric under each judge, in a table: A and B with their intervals and n, B − A, the flag. */
export function agreementTable(doc: Document, rows: readonly JudgedMetric[]): HTMLElement {
  const body = element(doc, "tbody");
  for (let i = 0; i + 1 < rows.length; i += 2) {
    const a = rows[i]!, b = rows[i + 1]!;
    const cell = (d: JudgedMetric) => element(doc, "td", {
      class: d.n === 0 ? "score empty" : "score", "data-run": d.run, "data-slice": d.slice, "data-metric": d.metric, "data-value": String(d.value), "data-judge": d.side, "data-n": String(d.n),
    }, [element(doc, "span", { class: "value" }, [formatNumber(d.value, 3)]), " ", element(doc, "span", { class: "ci" }, [`[${formatNumber(d.ci_low, 3)}, ${formatNumber(d.ci_high, 3)}]`]), " ", element(doc, "span", { class: "n" }, [`n = ${d.n}`])]);
    body.append(element(doc, "tr", { class: a.flagged ? "flagged" : "", "data-flagged": String(a.flagged) }, [
      element(doc, "th", { scope: "row" }, [element(doc, "code", {}, [a.run])]),
      element(doc, "td", {}, [sliceText(a.slice)]),
      element(doc, "td", {}, [metricLabel(a.metric)]),
      cell(a), cell(b),
      element(doc, "td", { class: "num" }, [formatNumber(b.value - a.value, 3)]),
      element(doc, "td", { class: "flag" }, [a.flagged ? "⚑ flagged" : "–"]),
    ]));
  }
  const th = (text: string, title?: string) => element(doc, "th", { scope: "col", ...(title ? { title } : {}) }, [text]);
  return element(doc, "table", { class: "scores agreement-table" }, [
    element(doc, "thead", {}, [element(doc, "tr", {}, [
      th("run"), th("slice"), th("metric"), th("judge A [95% CI]"), th("judge B [95% CI]"), th("B − A"),
      th("flag", "uvqa judge-agreement flags a metric when each judge's value lies outside the other's interval"),
    ])]),
    body,
  ]);
}

const verdict = (refused: boolean | null, correct: boolean | null, error: string | null) =>
  error ? `failed: ${error}` : refused === null ? "failed" : `${refused ? "refused" : "answered"}, ${correct ? "correct" : "not correct"}`;

/** The responses the judges disagree on (the first `limit`), with what each decided. */
export function disagreementsTable(doc: Document, rows: readonly Disagreement[], limit = 100): HTMLElement {
  const th = (text: string) => element(doc, "th", { scope: "col" }, [text]);
  return element(doc, "table", { class: "scores disagreements-table", "data-rows": String(rows.length) }, [
    element(doc, "thead", {}, [element(doc, "tr", {}, [th("run"), th("item"), th("category"), th("differs on"), th("judge A"), th("judge B"), th("question"), th("response")])]),
    element(doc, "tbody", {}, rows.slice(0, limit).map((d) => element(doc, "tr", { "data-run": d.run, "data-item": d.item, "data-field": d.field }, [
      element(doc, "td", {}, [element(doc, "code", {}, [d.run])]),
      element(doc, "td", {}, [element(doc, "code", {}, [d.item])]),
      element(doc, "td", {}, [d.category]),
      element(doc, "td", {}, [d.field]),
      element(doc, "td", {}, [verdict(d.a_refused, d.a_correct, d.a_error)]),
      element(doc, "td", {}, [verdict(d.b_refused, d.b_correct, d.b_error)]),
      element(doc, "td", { class: "text" }, [d.question ?? "–"]),
      element(doc, "td", { class: "text" }, [d.response ?? "–"]),
    ]))),
  ]);
}
