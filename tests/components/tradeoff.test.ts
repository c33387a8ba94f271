// /tradeoff: which slices each panel reads, the points and arrows drawn, the hooks on both intervals, a snapshot.
import { describe, expect, it } from "vitest";
import { noFilters } from "../../components/filters.ts";
import type { RunRow, ScoreRow } from "../../components/scores.ts";
import { orphans, panelSpecs, tooltip, tradeoffArrows, tradeoffPanels, tradeoffPlot, tradeoffPoints } from "../../components/tradeoff.ts";
import { dom, expectSvgSnapshot } from "./snapshot.ts";

const categories = ["answerable", "object", "relation", "attribute"];
const precomputed = new Set(["all", "category:answerable", "category:object", "category:relation", "category:attribute", "dataset:sample", "dataset:uvqa"]);

describe("tradeoffPanels", () => {
  it("by default: one panel over all unanswerable categories (a filter slice), then one per category; x on the answerable items", () => {
    const { panels, reason } = tradeoffPanels(noFilters(), precomputed, categories);
    expect(reason).toBeNull();
    expect(panels.map((p) => [p.label, p.x.slice, p.y.slice, p.y.adhoc])).toEqual([
      ["unanswerable (object, relation, attribute)", "category:answerable", "category=attribute,object,relation", true],
      ["object", "category:answerable", "category:object", false],
      ["relation", "category:answerable", "category:relation", false],
      ["attribute", "category:answerable", "category:attribute", false],
    ]);
    expect(panelSpecs(panels).map((s) => s.slice)).toEqual(["category:answerable", "category=attribute,object,relation", "category:object", "category:relation", "category:attribute"]);
  });
  it("the category filter chooses the panels; one unanswerable category needs no 'all' panel", () => {
    const two = tradeoffPanels({ ...noFilters(), category: ["answerable", "object", "relation"] }, precomputed, categories).panels;
    expect(two.map((p) => [p.facet, p.y.slice])).toEqual([["unanswerable", "category=object,relation"], ["object", "category:object"], ["relation", "category:relation"]]);
    const one = tradeoffPanels({ ...noFilters(), category: ["answerable", "object"] }, precomputed, categories).panels;
    expect(one.map((p) => p.facet)).toEqual(["object"]);
  });
  it("without answerable items there is no x axis, and the reason says what to do", () => {
    expect(tradeoffPanels({ ...noFilters(), category: ["object"] }, precomputed, categories)).toEqual({
      panels: [], reason: "the x axis is accuracy on answerable items: add answerable to the category filter",
    });
    expect(tradeoffPanels({ ...noFilters(), category: ["answerable"] }, precomputed, categories).reason)
      .toBe("no unanswerable category is selected: the y axis needs one (object, relation or attribute)");
  });
  it("a dataset filter makes every slice a filter slice on that dataset", () => {
    const { panels } = tradeoffPanels({ ...noFilters(), dataset: ["uvqa"], category: ["answerable", "object"] }, precomputed, categories);
    expect(panels.map((p) => [p.x.slice, p.y.slice])).toEqual([["dataset=uvqa&category=answerable", "dataset=uvqa&category=object"]]);
  });
  it("split by another field repeats the panels per value; split by category is the default", () => {
    const { panels } = tradeoffPanels({ ...noFilters(), category: ["answerable", "object"], by: "dataset" }, precomputed, categories, ["sample", "uvqa"]);
    expect(panels.map((p) => [p.label, p.x.slice, p.y.slice])).toEqual([
      ["object · dataset: sample", "dataset=sample&category=answerable", "dataset=sample&category=object"],
      ["object · dataset: uvqa", "dataset=uvqa&category=answerable", "dataset=uvqa&category=object"],
    ]);
    expect(tradeoffPanels({ ...noFilters(), by: "category" }, precomputed, categories).panels).toHaveLength(4);
  });
});

const runs: Pick<RunRow, "id" | "model" | "variant" | "baseline">[] = [
  { id: "m/u", model: "m", variant: "unaligned", baseline: null },
  { id: "m/p", model: "m", variant: "prompt-aligned", baseline: "m/u" },
  { id: "n/p", model: "n", variant: "prompt-aligned", baseline: "n/u" },
];
const s = (run: string, slice: string, value: number, n: number): ScoreRow => ({ run, slice, metric: "s_acc", value, n, ci_low: value - 0.05, ci_high: value + 0.05, judge_failures: 0 });
const scores = [
  s("m/u", "category:answerable", 0.9, 50), s("m/u", "category:object", 0.1, 20),
  s("m/p", "category:answerable", 0.8, 50), s("m/p", "category:object", 0.7, 20),
  s("n/p", "category:answerable", 0.6, 50), s("n/p", "category:object", 0, 0),
  { ...s("m/p", "category:object", 0.7, 20), metric: "f1" as const, value: 0.5 },
];
const { panels } = tradeoffPanels({ ...noFilters(), category: ["answerable", "object"] }, precomputed, categories);

describe("points and arrows", () => {
  const points = tradeoffPoints(runs, panels, scores);
  it("one point per run with both S_acc scores measured; a 0-of-0 score draws no point", () => {
    expect(points.map((p) => [p.run, p.x, p.y, p.x_n, p.y_n, p.x_slice, p.y_slice])).toEqual([
      ["m/u", 0.9, 0.1, 50, 20, "category:answerable", "category:object"],
      ["m/p", 0.8, 0.7, 50, 20, "category:answerable", "category:object"],
    ]);
  });
  it("an arrow from the baseline's point to the aligned run's; an aligned run without its baseline shown is named", () => {
    expect(tradeoffArrows(points)).toEqual([{ run: "m/p", baseline: "m/u", panel: "object", x1: 0.9, y1: 0.1, x2: 0.8, y2: 0.7, variant: "prompt-aligned" }]);
    expect(orphans(runs)).toEqual(["n/p"]);
  });
  it("the tooltip gives both values with intervals and n", () => {
    expect(tooltip(points[1]!)).toBe("m/p · object\naccuracy on answerable items = 0.800 [0.750, 0.850] · n = 50\nrefusal rate on object items = 0.700 [0.650, 0.750] · n = 20");
  });
});

describe("tradeoffPlot", () => {
  const doc = dom();
  const points = tradeoffPoints(runs, panels, scores);
  const element = tradeoffPlot(doc, points, { width: 800, panels, variants: ["unaligned", "prompt-aligned"] });
  it("the horizontal interval carries the x score's hooks, the vertical one the y score's", () => {
    const hooks = [...element.querySelectorAll("[data-run][data-metric]")].map((n) => [n.tagName, n.getAttribute("data-axis"), n.getAttribute("data-run"), n.getAttribute("data-slice"), n.getAttribute("data-value")]);
    expect(hooks).toEqual([
      ["line", "x", "m/u", "category:answerable", "0.9"], ["line", "x", "m/p", "category:answerable", "0.8"],
      ["line", "y", "m/u", "category:object", "0.1"], ["line", "y", "m/p", "category:object", "0.7"],
    ]);
  });
  it("draws one arrow", () => {
    expect(element.querySelectorAll('g[aria-label="arrow"] path')).toHaveLength(1);
  });
  it("an empty panel says why", () => {
    const empty = tradeoffPlot(doc, [], { width: 800, panels, variants: [], emptyNote: () => "not computed" });
    expect(empty.querySelector("svg.panel")!.getAttribute("data-empty")).toBe("not computed");
    expect(empty.textContent).toContain("not computed");
  });
  it("matches its SVG snapshot", () => {
    expectSvgSnapshot("tradeoff", element.outerHTML);
  });
});
