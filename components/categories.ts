// /categories: small multiples, one panel per metric; runs on the y axis, one coloured dot with its interval per
// series (the category by default, or the split field's values); the paper's published rows as hollow marks.
// Data shaping is pure (tested in Node); `categoryPanels` draws with Plot into the given document.
import * as Plot from "@observablehq/plot";
import { COLUMNS } from "./overview.js";
import { formatInterval, formatNumber } from "./format.js";
import { swatches } from "./legend.js";
import { categoryColor, SERIES_COLORS } from "./palette.js";
import { scoreHooks, stampHooks } from "./plot-hooks.js";
import type { Metric, ReferenceRow } from "./scores.js";
import type { SpecScore } from "./slice-scores.js";

export interface PanelRow {
  source: "run" | "paper";
  /** The y-axis row: a run id, or "paper: <base model> / <variant>". */
  row: string;
  run: string;
  series: string;
  slice: string;
  metric: Metric;
  value: number;
  n: number | null;
  ci_low: number | null;
  ci_high: number | null;
  judge_failures: number;
}

export function metricLabel(metric: string): string {
  return COLUMNS.find((c) => c.metric === metric)?.label ?? metric;
}

export function metricDomain(metric: string): [number, number] {
  return metric === "llm_score" || metric === "match_score" ? [0, 5] : [0, 1];
}

/** Score rows of the runs shown, one per (run, series, metric), in the runs' order, then the series' order. */
export function panelRows(scores: readonly SpecScore[], runOrder: readonly string[], metrics: readonly Metric[]): PanelRow[] {
  const rank = (run: string) => runOrder.indexOf(run);
  return scores
    .filter((s) => metrics.includes(s.metric) && rank(s.run) >= 0)
    .map((s) => ({
      source: "run" as const, row: s.run, run: s.run, series: s.series, slice: s.slice, metric: s.metric, value: s.value,
      n: s.n, ci_low: s.ci_low, ci_high: s.ci_high, judge_failures: s.judge_failures,
    }))
    .sort((a, b) => rank(a.run) - rank(b.run));
}

/** The paper's published rows: overall values only (the paper publishes no per-category table). */
export function paperPanelRows(reference: readonly ReferenceRow[], metrics: readonly Metric[]): PanelRow[] {
  return reference.filter((r) => metrics.includes(r.metric)).map((r) => ({
    source: "paper" as const, row: `◦ ${r.base_model} · ${r.variant}`, run: "", series: "all (published)",
    slice: "all", metric: r.metric, value: r.value, n: null, ci_low: null, ci_high: null, judge_failures: 0,
  }));
}

export function seriesColor(series: string, order: readonly string[]): string {
  const c = categoryColor(series);
  if (c !== "#999999") return c;
  const i = order.indexOf(series);
  return SERIES_COLORS[(i < 0 ? 0 : i) % SERIES_COLORS.length]!;
}

export function tooltip(row: PanelRow): string {
  const head = `${row.row} · ${row.series} · ${metricLabel(row.metric)}`;
  if (row.source === "paper") return `${head} = ${formatNumber(row.value)} (published; no interval or n)`;
  const failures = row.judge_failures ? ` · ${row.judge_failures} judge failure(s)` : "";
  const empty = row.n === 0 ? " (0 of 0: nothing to measure)" : "";
  return `${head} = ${formatNumber(row.value, 3)} ${formatInterval(row.ci_low ?? 0, row.ci_high ?? 0, 3)} · n = ${row.n}${empty}${failures}`;
}

/** "LLaVA-Video-Q…prompt-aligned": the start and the end of a label that does not fit. */
export function middleEllipsis(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = Math.floor((max - 1) / 2);
  return `${text.slice(0, max - 1 - tail)}…${text.slice(text.length - tail)}`;
}

export interface PanelOptions {
  metrics: readonly Metric[];
  series: readonly string[];
  width: number;
  /** Show the paper's rows (hollow marks). */
  paper: boolean;
}

/** One SVG legend and one Plot per metric, in a responsive grid; the figure exports them stacked. */
export function categoryPanels(doc: Document, rows: readonly PanelRow[], options: PanelOptions): HTMLElement {
  const { metrics, series, width } = options;
  const container = doc.createElement("div");
  container.className = "small-multiples";
  const legend = swatches(doc, [
    ...series.map((s) => ({ label: s, color: seriesColor(s, series) })),
    ...(options.paper ? [{ label: "◦ paper (published, all items)", color: "currentColor", shape: "hollow" as const }] : []),
  ], width);
  container.append(legend);
  const columns = width >= 1100 ? 3 : width >= 700 ? 2 : 1;
  const panelWidth = Math.floor((width - (columns - 1) * 16) / columns);
  const rowLabels = [...new Set(rows.filter((r) => r.source === "run").map((r) => r.row))];
  const paperLabels = options.paper ? [...new Set(rows.filter((r) => r.source === "paper").map((r) => r.row))] : [];
  const yDomain = [...rowLabels, ...paperLabels];
  const longest = Math.max(8, ...yDomain.map((l) => l.length));
  // 10 px labels are about 5.8 px a character; a label longer than the margin loses its middle, not its end
  // (the variant), and the tooltip gives it whole.
  const marginLeft = Math.round(Math.min(panelWidth * 0.42, 14 + longest * 5.8));
  const maxChars = Math.max(8, Math.floor((marginLeft - 14) / 5.8));
  const band = Math.max(18, 8 + series.length * 6);
  const grid = doc.createElement("div");
  grid.className = "panels";
  grid.style.gridTemplateColumns = `repeat(${columns}, minmax(0, 1fr))`;
  for (const metric of metrics) {
    const mine = rows.filter((r) => r.metric === metric);
    const measured = mine.filter((r) => r.source === "run");
    const spacing = Math.min(6, (band - 6) / Math.max(1, series.length));
    const marks: Plot.Markish[] = [Plot.gridX({ stroke: "currentColor", strokeOpacity: 0.1 })];
    series.forEach((s, k) => {
      const data = measured.filter((r) => r.series === s);
      if (!data.length) return;
      const dy = (k - (series.length - 1) / 2) * spacing;
      const color = seriesColor(s, series);
      marks.push(
        Plot.ruleY(data, { y: "row", x1: "ci_low", x2: "ci_high", stroke: color, strokeWidth: 1.5, dy }),
        Plot.dot(data, {
          y: "row", x: "value", fill: color, r: 3.5, dy, title: tooltip, tip: true,
          render: stampHooks(data, scoreHooks),
        }),
      );
    });
    if (options.paper) {
      const published = mine.filter((r) => r.source === "paper");
      marks.push(Plot.dot(published, { y: "row", x: "value", stroke: "currentColor", fill: "none", r: 4, strokeWidth: 1.5, title: tooltip, tip: true }));
    }
    const plot = Plot.plot({
      document: doc,
      width: panelWidth,
      height: 40 + yDomain.length * band,
      marginLeft,
      marginRight: 12,
      x: { domain: metricDomain(metric), label: metricLabel(metric), labelAnchor: "center", ticks: 5 },
      y: { domain: yDomain, label: null, tickFormat: (d: string) => middleEllipsis(d, maxChars) },
      marks,
      ariaLabel: `${metricLabel(metric)} per run and ${series.length > 1 ? "series" : "slice"}`,
    }) as SVGSVGElement;
    plot.classList.add("panel");
    plot.setAttribute("data-metric", metric);
    if (!measured.length) plot.setAttribute("data-empty", "no scores for this metric in the runs shown");
    grid.append(plot);
  }
  container.append(grid);
  return container;
}
