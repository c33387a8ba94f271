// A forest plot of paired differences (B - A): one row per metric, a dot at the difference and a line for its
// paired 95% bootstrap interval, one colour per slice, a rule at 0. Rates (0-1) and the 0-5 mean scores are drawn
// on separate axes. Pure shaping (`forestRows`, `forestTip`, `forestDomain`) apart from the Plot render.
import * as Plot from "@observablehq/plot";
import { metricLabel, middleEllipsis, seriesColor } from "./categories.js";
import { METRIC_GROUPS, type PairRow } from "./compare.js";
import { formatNumber } from "./format.js";
import { swatches } from "./legend.js";
import { COLUMNS } from "./overview.js";
import { pairHooks, stampHooks } from "./plot-hooks.js";
import type { Metric } from "./scores.js";

/** "+0.123" / "-0.050" / "0.000": a difference always shows its sign. */
export function formatSigned(value: number, digits = 3): string {
  const text = formatNumber(value, digits);
  return value > 0 && Number(text) !== 0 ? `+${text}` : text;
}

/** Which way is better: the paper's columns as the overview says; of the twin-pair shares only pair_acc is a success. */
export function better(metric: Metric): "higher" | "lower" {
  const column = COLUMNS.find((c) => c.metric === metric);
  if (column) return column.better;
  return metric.startsWith("pair_") && metric !== "pair_acc" ? "lower" : "higher";
}

/** The y-axis label of a metric: its name (short) and which way is better. */
export function forestLabel(metric: Metric): string {
  return `${metric === "match_score" ? "match score" : metricLabel(metric)} ${better(metric) === "higher" ? "↑" : "↓"}`;
}

/** "all" (the filtered items as a whole) in the page's own colour; categories and split values as everywhere. */
export function forestColor(series: string, order: readonly string[]): string {
  return series === "all" ? "currentColor" : seriesColor(series, order.filter((s) => s !== "all"));
}

/** The rows a forest draws: measured differences only. */
export function forestRows(rows: readonly PairRow[]): PairRow[] {
  return rows.filter((r) => r.measured);
}

export function forestTip(r: PairRow): string {
  const failures = r.judge_failures_a || r.judge_failures_b ? ` · judge failures: A ${r.judge_failures_a}, B ${r.judge_failures_b}` : "";
  return `${r.label} · ${metricLabel(r.metric)} (${better(r.metric)} is better)\n`
    + `B − A = ${formatSigned(r.diff)} [${formatSigned(r.ci_low)}, ${formatSigned(r.ci_high)}]\n`
    + `A ${formatNumber(r.value_a, 3)} (n = ${r.n_a}) → B ${formatNumber(r.value_b, 3)} (n = ${r.n_b}) · ${r.n} items in both runs${failures}`;
}

/** A symmetric x domain around 0 that holds every interval, within the metric's range (1 for rates, 5 for scores). */
export function forestDomain(rows: readonly PairRow[], limit: number): [number, number] {
  const reach = Math.max(0, ...rows.flatMap((r) => [Math.abs(r.ci_low), Math.abs(r.ci_high), Math.abs(r.diff)]));
  const step = limit / 20;
  // 5% headroom, at least one step; the small epsilon keeps a value on a step from rounding up a whole step.
  const edge = Math.min(limit, Math.ceil(Math.max(step, reach * 1.05) / step - 1e-9) * step);
  return [-edge, edge];
}

export interface ForestOptions {
  /** The series (slices) in order: their colours and the legend. */
  series: readonly string[];
  /** Legend labels per series (default: the series). */
  seriesLabel?: (series: string) => string;
  width: number;
}

/** A legend and one Plot per scale that has rows (rates, then 0-5 scores). */
export function forestPlot(doc: Document, rows: readonly PairRow[], options: ForestOptions): HTMLElement {
  const { series, width } = options;
  const container = doc.createElement("div");
  container.className = "forest";
  const label = options.seriesLabel ?? ((s: string) => s);
  container.append(swatches(doc, series.map((s) => ({ label: label(s), color: forestColor(s, series) })), width));
  const band = Math.max(24, 12 + series.length * 8);
  const spacing = Math.min(7, (band - 8) / Math.max(1, series.length));
  // One left margin for every panel, so their zero lines and axes line up.
  const marginLeft = Math.round(Math.min(width * 0.4, 16 + Math.max(8, ...rows.map((r) => forestLabel(r.metric).length)) * 6.2));
  for (const { metrics, limit, axis, scale } of METRIC_GROUPS) {
    const drawn = rows.filter((r) => metrics.includes(r.metric));
    if (!drawn.length) continue;
    const present = metrics.filter((m) => drawn.some((r) => r.metric === m));
    const yDomain = present.map(forestLabel);
    const marks: Plot.Markish[] = [
      Plot.gridX({ stroke: "currentColor", strokeOpacity: 0.1 }),
      Plot.ruleX([0], { stroke: "currentColor", strokeOpacity: 0.6 }),
    ];
    series.forEach((s, k) => {
      const data = drawn.filter((r) => r.series === s).map((r) => ({ ...r, y: forestLabel(r.metric) }));
      if (!data.length) return;
      const dy = (k - (series.length - 1) / 2) * spacing;
      const color = forestColor(s, series);
      marks.push(
        Plot.ruleY(data, { y: "y", x1: "ci_low", x2: "ci_high", stroke: color, strokeWidth: 1.5, dy }),
        Plot.dot(data, { y: "y", x: "diff", fill: color, r: 3.5, dy, title: forestTip, tip: true, render: stampHooks(data, pairHooks) }),
      );
    });
    const plot = Plot.plot({
      document: doc,
      width,
      height: 46 + yDomain.length * band,
      marginLeft,
      marginRight: 16,
      x: { domain: forestDomain(drawn, limit), label: `B − A, ${axis}`, labelAnchor: "center", tickFormat: (d: number) => formatSigned(d, limit === 1 ? 2 : 1) },
      y: { domain: yDomain, label: null, tickFormat: (d: string) => middleEllipsis(d, Math.max(8, Math.floor((marginLeft - 14) / 6.2))) },
      marks,
      ariaLabel: `paired differences B minus A, ${axis}, per metric and slice`,
    }) as SVGSVGElement;
    plot.classList.add("panel");
    plot.setAttribute("data-scale", scale);
    container.append(plot);
  }
  return container;
}
