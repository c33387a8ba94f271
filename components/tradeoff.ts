// /tradeoff: per run, accuracy on answerable items (x: S_acc on the answerable items) against the refusal rate on
// unanswerable items (y: S_acc on unanswerable items, where correct means refused), both with their 95% intervals,
// one panel per unanswerable category (and one over all the unanswerable categories shown), an arrow from each
// baseline to its aligned run. Data shaping is pure (tested in Node); `tradeoffPlot` draws with Plot.
import * as Plot from "@observablehq/plot";
import { noFilters, sliceSpecs, type Filters, type SliceSpec } from "./filters.js";
import { formatInterval, formatNumber } from "./format.js";
import { swatches } from "./legend.js";
import { SERIES_COLORS } from "./palette.js";
import { stampHooks } from "./plot-hooks.js";
import type { RunRow, ScoreRow } from "./scores.js";

export interface TradeoffPanel {
  /** "unanswerable" (every unanswerable category shown) or one category. */
  facet: string;
  /** The split value (split by a field other than category), or null. */
  split: string | null;
  label: string;
  /** The slice x is read from (answerable items) and the one y is read from. */
  x: SliceSpec;
  y: SliceSpec;
}

export const UNANSWERABLE_FACET = "unanswerable";

/**
 * The panels for these filters. The category facet chooses the unanswerable categories (the x axis always reads
 * the answerable items, so a filter without them draws nothing: `reason` says so). Split by category is the
 * default; split by another field repeats the panels per value.
 */
export function tradeoffPanels(filters: Filters, precomputed: ReadonlySet<string>, categories: readonly string[], splitValues: readonly string[] = []): { panels: TradeoffPanel[]; reason: string | null } {
  if (!categories.includes("answerable")) return { panels: [], reason: "this report has no answerable items: the x axis needs them" };
  if (filters.category !== null && !filters.category.includes("answerable")) {
    return { panels: [], reason: "the x axis is accuracy on answerable items: add answerable to the category filter" };
  }
  const unanswerable = categories.filter((c) => c !== "answerable" && (filters.category === null || filters.category.includes(c)));
  if (!unanswerable.length) return { panels: [], reason: "no unanswerable category is selected: the y axis needs one (object, relation or attribute)" };
  const by = filters.by && filters.by !== "category" ? filters.by : null;
  const specsFor = (category: string[]) => sliceSpecs({ ...noFilters(), dataset: filters.dataset, category, by }, precomputed, by ? splitValues : []);
  const xs = specsFor(["answerable"]);
  const facets = [...(unanswerable.length > 1 ? [{ facet: UNANSWERABLE_FACET, categories: unanswerable }] : []), ...unanswerable.map((c) => ({ facet: c, categories: [c] }))];
  const panels: TradeoffPanel[] = [];
  xs.forEach((x, k) => {
    for (const { facet, categories: cats } of facets) {
      const y = specsFor(cats)[k]!;
      const name = facet === UNANSWERABLE_FACET ? `unanswerable (${cats.join(", ")})` : facet;
      panels.push({ facet, split: x.split, label: x.split === null ? name : `${name} · ${by}: ${x.split}`, x, y });
    }
  });
  if (!panels.length) return { panels, reason: `no ${by ?? "split"} value matches these filters` };
  return { panels, reason: null };
}

/** Every slice the panels read (what the report or the worker must give). */
export function panelSpecs(panels: readonly TradeoffPanel[]): SliceSpec[] {
  const seen = new Map<string, SliceSpec>();
  for (const p of panels) for (const s of [p.x, p.y]) if (!seen.has(s.slice)) seen.set(s.slice, s);
  return [...seen.values()];
}

export interface TradeoffPoint {
  run: string;
  model: string;
  variant: string;
  baseline: string | null;
  panel: string;
  facet: string;
  split: string | null;
  /** S_acc on the answerable items: accuracy. */
  x: number;
  x_low: number;
  x_high: number;
  x_n: number;
  x_slice: string;
  /** S_acc on the panel's unanswerable items: the refusal rate. */
  y: number;
  y_low: number;
  y_high: number;
  y_n: number;
  y_slice: string;
  judge_failures: number;
}

/** One point per (run, panel) with both scores measured (n > 0); runs in their order, panels in theirs. */
export function tradeoffPoints(runs: readonly Pick<RunRow, "id" | "model" | "variant" | "baseline">[], panels: readonly TradeoffPanel[], scores: readonly ScoreRow[]): TradeoffPoint[] {
  const index = new Map(scores.filter((s) => s.metric === "s_acc").map((s) => [`${s.run}\u0000${s.slice}`, s]));
  const points: TradeoffPoint[] = [];
  for (const panel of panels) {
    for (const run of runs) {
      const x = index.get(`${run.id}\u0000${panel.x.slice}`), y = index.get(`${run.id}\u0000${panel.y.slice}`);
      if (!x || !y || !x.n || !y.n) continue;
      points.push({
        run: run.id, model: run.model, variant: run.variant, baseline: run.baseline, panel: panel.label, facet: panel.facet, split: panel.split,
        x: x.value, x_low: x.ci_low, x_high: x.ci_high, x_n: x.n, x_slice: x.slice,
        y: y.value, y_low: y.ci_low, y_high: y.ci_high, y_n: y.n, y_slice: y.slice,
        judge_failures: x.judge_failures + y.judge_failures,
      });
    }
  }
  return points;
}

export interface TradeoffArrow {
  run: string;
  baseline: string;
  panel: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  variant: string;
}

/** An arrow from each baseline's point to its aligned run's, in every panel that has both. */
export function tradeoffArrows(points: readonly TradeoffPoint[]): TradeoffArrow[] {
  const at = new Map(points.map((p) => [`${p.run}\u0000${p.panel}`, p]));
  return points.flatMap((p) => {
    const base = p.baseline ? at.get(`${p.baseline}\u0000${p.panel}`) : undefined;
    return base ? [{ run: p.run, baseline: base.run, panel: p.panel, x1: base.x, y1: base.y, x2: p.x, y2: p.y, variant: p.variant }] : [];
  });
}

/** Aligned runs shown whose baseline is not (no arrow can be drawn for them). */
export function orphans(runs: readonly Pick<RunRow, "id" | "baseline">[]): string[] {
  const shown = new Set(runs.map((r) => r.id));
  return runs.filter((r) => r.baseline && !shown.has(r.baseline)).map((r) => r.id);
}

export function variantColor(variant: string, variants: readonly string[]): string {
  const i = variants.indexOf(variant);
  return SERIES_COLORS[(i < 0 ? 0 : i) % SERIES_COLORS.length]!;
}

export function tooltip(p: TradeoffPoint): string {
  const failures = p.judge_failures ? `\n${p.judge_failures} judge failure(s)` : "";
  return `${p.run} · ${p.panel}\naccuracy on answerable items = ${formatNumber(p.x, 3)} ${formatInterval(p.x_low, p.x_high, 3)} · n = ${p.x_n}\nrefusal rate on ${p.facet === UNANSWERABLE_FACET ? "unanswerable" : p.facet} items = ${formatNumber(p.y, 3)} ${formatInterval(p.y_low, p.y_high, 3)} · n = ${p.y_n}${failures}`;
}

export interface TradeoffOptions {
  width: number;
  panels: readonly TradeoffPanel[];
  /** Variants in colour order (the report's). */
  variants: readonly string[];
  /** What an empty panel says (default: no run has both scores). */
  emptyNote?: (panel: TradeoffPanel) => string;
}

/** A legend and one square Plot per panel in a responsive grid; the figure exports them stacked. */
export function tradeoffPlot(doc: Document, points: readonly TradeoffPoint[], options: TradeoffOptions): HTMLElement {
  const { width, panels, variants } = options;
  const arrows = tradeoffArrows(points);
  const container = doc.createElement("div");
  container.className = "small-multiples tradeoff";
  const shownVariants = variants.filter((v) => points.some((p) => p.variant === v));
  container.append(swatches(doc, [
    ...shownVariants.map((v) => ({ label: v, color: variantColor(v, variants) })),
    ...(arrows.length ? [{ label: "baseline → aligned run", color: "currentColor", shape: "arrow" as const }] : []),
  ], width));
  const columns = width >= 1200 ? Math.min(4, panels.length) : width >= 560 ? Math.min(2, panels.length) : 1;
  const size = Math.min(400, Math.floor((width - (columns - 1) * 16) / columns));
  // Plot's text widths are in ems of the mark's font size.
  const ems = (fontSize: number, room: number) => Math.max(8, Math.floor(room / fontSize));
  const grid = doc.createElement("div");
  grid.className = "panels";
  grid.style.gridTemplateColumns = `repeat(${columns}, minmax(0, ${size}px))`;
  for (const panel of panels) {
    const mine = points.filter((p) => p.panel === panel.label);
    const lines = arrows.filter((a) => a.panel === panel.label);
    const color = (p: { variant: string }) => variantColor(p.variant, variants);
    const xHooks = (p: TradeoffPoint) => ({ run: p.run, slice: p.x_slice, metric: "s_acc", value: String(p.x), n: p.x_n, axis: "x" });
    const yHooks = (p: TradeoffPoint) => ({ run: p.run, slice: p.y_slice, metric: "s_acc", value: String(p.y), n: p.y_n, axis: "y" });
    const plot = Plot.plot({
      document: doc,
      width: size,
      height: size,
      marginTop: 40,
      marginLeft: 44,
      marginRight: 14,
      marginBottom: 40,
      x: { domain: [0, 1], inset: 6, label: "accuracy on answerable items →", labelAnchor: "center", ticks: 5 },
      y: { domain: [0, 1], inset: 6, label: `↑ refusal rate on ${panel.facet === UNANSWERABLE_FACET ? "unanswerable" : panel.facet} items`, labelAnchor: "center", ticks: 5 },
      marks: [
        Plot.frame({ stroke: "currentColor", strokeOpacity: 0.15 }),
        Plot.gridX({ stroke: "currentColor", strokeOpacity: 0.08, ticks: 5 }),
        Plot.gridY({ stroke: "currentColor", strokeOpacity: 0.08, ticks: 5 }),
        // The panel's title over the whole width, wrapping upwards into the top margin.
        Plot.text([panel.label], { frameAnchor: "top-left", dx: -40, dy: -10, lineAnchor: "bottom", fontWeight: 600, fontSize: 12, lineWidth: ems(12, (size - 12) * 0.85) }),
        Plot.arrow(lines, { x1: "x1", y1: "y1", x2: "x2", y2: "y2", stroke: (a: TradeoffArrow) => variantColor(a.variant, variants), strokeWidth: 1.5, inset: 6, headLength: 8 }),
        Plot.ruleY(mine, { y: "y", x1: "x_low", x2: "x_high", stroke: color, strokeWidth: 1.5, render: stampHooks(mine, xHooks) }),
        Plot.ruleX(mine, { x: "x", y1: "y_low", y2: "y_high", stroke: color, strokeWidth: 1.5, render: stampHooks(mine, yHooks) }),
        Plot.dot(mine, { x: "x", y: "y", fill: color, r: 4.5, title: tooltip, tip: true }),
        ...(mine.length ? [] : [Plot.text([options.emptyNote?.(panel) ?? "no run has both scores here"], { frameAnchor: "middle", fontStyle: "italic", lineWidth: ems(10, size - 44 - 14 - 12) })]),
      ],
      ariaLabel: `accuracy on answerable items against refusal rate, ${panel.label}`,
    }) as SVGSVGElement;
    plot.classList.add("panel");
    plot.setAttribute("data-panel", panel.label);
    if (!mine.length) plot.setAttribute("data-empty", options.emptyNote?.(panel) ?? "no run has both scores here");
    grid.append(plot);
  }
  container.append(grid);
  return container;
}
