// /categories: the rows drawn, the tooltips, the hooks on every dot, and an SVG snapshot of the panels.
import { describe, expect, it } from "vitest";
import { categoryPanels, metricDomain, middleEllipsis, panelRows, paperPanelRows, tooltip } from "../../components/categories.ts";
import { specScores } from "../../components/slice-scores.ts";
import type { ScoreRow } from "../../components/scores.ts";
import { dom, expectSvgSnapshot } from "./snapshot.ts";

const row = (run: string, slice: string, metric: ScoreRow["metric"], value: number, n: number, low = value - 0.1, high = value + 0.1): ScoreRow =>
  ({ run, slice, metric, value, n, ci_low: low, ci_high: high, judge_failures: 0 });
const scores: ScoreRow[] = [
  row("base", "category:answerable", "s_acc", 0.9, 40), row("base", "category:object", "s_acc", 0.1, 20),
  row("aligned", "category:answerable", "s_acc", 0.8, 40), row("aligned", "category:object", "s_acc", 0.7, 20),
  row("aligned", "category:object", "s_disc", 0.75, 16), row("aligned", "category:answerable", "s_disc", 0, 0, 0, 0),
  row("other", "category:object", "s_acc", 0.5, 20),
];
const specs = [
  { slice: "category:answerable", adhoc: false, split: "answerable", label: "" },
  { slice: "category:object", adhoc: false, split: "object", label: "" },
];

describe("panelRows", () => {
  const rows = panelRows(specScores(specs, ["base", "aligned"], scores, []), ["base", "aligned"], ["s_acc", "s_disc"]);
  it("keeps the runs shown, in their order, then by series, one row per run, series and metric", () => {
    expect(rows.map((r) => `${r.run}/${r.series}/${r.metric}`)).toEqual([
      "base/answerable/s_acc", "base/object/s_acc",
      "aligned/answerable/s_acc", "aligned/answerable/s_disc", "aligned/object/s_acc", "aligned/object/s_disc",
    ]);
  });
  it("says 0 of 0 in the tooltip instead of showing a measured 0", () => {
    const empty = rows.find((r) => r.metric === "s_disc" && r.series === "answerable")!;
    expect(tooltip(empty)).toBe("aligned · answerable · S_disc = 0.000 [0.000, 0.000] · n = 0 (0 of 0: nothing to measure)");
  });
  it("paper rows are overall values without n or interval", () => {
    const paper = paperPanelRows([{ base_model: "X (7B)", variant: "dpo", metric: "s_acc", value: 0.53 }], ["s_acc"]);
    expect(paper).toEqual([expect.objectContaining({ source: "paper", row: "◦ X (7B) · dpo", n: null, value: 0.53 })]);
    expect(tooltip(paper[0]!)).toBe("◦ X (7B) · dpo · all (published) · S_acc = 0.53 (published; no interval or n)");
  });
  it("a label too long for the margin keeps its start and its end", () => {
    expect(middleEllipsis("paper · LLaVA-Video-Qwen2 (72B) · prompt-aligned", 24)).toBe("paper · LLaV…mpt-aligned");
    expect(middleEllipsis("base", 24)).toBe("base");
  });
  it("LLM-style scores run 0 to 5, rates 0 to 1", () => {
    expect(metricDomain("llm_score")).toEqual([0, 5]);
    expect(metricDomain("f1")).toEqual([0, 1]);
  });
});

describe("categoryPanels", () => {
  const doc = dom();
  const rows = [
    ...panelRows(specScores(specs, ["base", "aligned"], scores, []), ["base", "aligned"], ["s_acc", "s_disc"]),
    ...paperPanelRows([{ base_model: "X (7B)", variant: "dpo", metric: "s_acc", value: 0.53 }], ["s_acc"]),
  ];
  const element = categoryPanels(doc, rows, { metrics: ["s_acc", "s_disc"], series: ["answerable", "object"], width: 800, paper: true });
  it("stamps run, slice, metric and the full-precision value on every measured dot", () => {
    const dots = [...element.querySelectorAll("circle[data-run]")];
    expect(dots).toHaveLength(6);
    expect(dots.map((d) => [d.getAttribute("data-run"), d.getAttribute("data-slice"), d.getAttribute("data-metric"), d.getAttribute("data-value")]))
      .toEqual(expect.arrayContaining([["aligned", "category:object", "s_disc", "0.75"], ["base", "category:answerable", "s_acc", "0.9"]]));
  });
  it("draws the published row as a hollow mark", () => {
    const hollow = [...element.querySelectorAll("circle")].filter((c) => c.closest("g")?.getAttribute("fill") === "none");
    expect(hollow).toHaveLength(1);
  });
  it("matches its SVG snapshot", () => {
    expectSvgSnapshot("categories-panels", element.outerHTML);
  });
});
