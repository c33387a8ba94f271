// /alignment's drawings: the annotated heatmap (cells, shares, links, the scores marked where they are read from,
// their hooks) and the before/after flow (bands proportional to counts, ribbons that add up), with SVG snapshots.
import { describe, expect, it } from "vitest";
import { alignLines, alignmentFlows, alignmentHeatmaps, alignmentPanels, flowRows, heatmapRows } from "../../components/alignment.ts";
import { flowLayout, ribbonPath } from "../../components/flow.ts";
import { cellOpacity, formatShare, heatmapLayout, readoutLines, transitionHeatmap, wrapText } from "../../components/heatmap.ts";
import { explorerHref, matrixOf, scoreReads, toTransitionRows } from "../../components/transitions.ts";
import type { ScoreRow } from "../../components/scores.ts";
import { dom, expectSvgSnapshot } from "./snapshot.ts";

const t = (table: string, from: string, to: string, count: number, slice = "all") => ({ run: "p", baseline: "u", slice, table, from, to, count });
const rows = toTransitionRows([
  t("answerable", "C", "C", 10), t("answerable", "C", "W", 1), t("answerable", "C", "R", 3),
  t("answerable", "W", "C", 0), t("answerable", "W", "W", 2), t("answerable", "W", "R", 0),
  t("answerable", "R", "C", 1), t("answerable", "R", "W", 0), t("answerable", "R", "R", 3),
  t("unanswerable", "R", "R", 2), t("unanswerable", "R", "A", 0), t("unanswerable", "A", "R", 6), t("unanswerable", "A", "A", 2),
  // category:object holds unanswerable items only; its answerable table is all zeros, as the report stores it.
  t("answerable", "C", "C", 0, "category:object"), t("answerable", "W", "W", 0, "category:object"), t("answerable", "R", "R", 0, "category:object"),
  t("unanswerable", "R", "R", 0, "category:object"), t("unanswerable", "A", "R", 4, "category:object"), t("unanswerable", "A", "A", 0, "category:object"),
]);
const score = (metric: ScoreRow["metric"], value: number, n: number, slice = "all", failures = 0): ScoreRow =>
  ({ run: "p", slice, metric, value, n, ci_low: Math.max(0, value - 0.1), ci_high: Math.min(1, value + 0.1), judge_failures: failures });
const scores = [
  score("s_ex_ref", 3 / 14, 14), score("s_permis", 1 / 4, 4), score("s_disc", 6 / 8, 8, "all", 1), score("s_align", (1 - 3 / 14 + 1 / 4 + 6 / 8) / 3, 28),
  score("s_ex_ref", 0, 0, "category:object"), score("s_permis", 0, 0, "category:object"), score("s_disc", 1, 4, "category:object"), score("s_align", 2 / 3, 4, "category:object"),
];
const href = (cell: Parameters<typeof explorerHref>[0]) => explorerHref(cell, {});

describe("text", () => {
  it("shares never read 100% or 0% unless they are", () => {
    expect([formatShare(1), formatShare(0), formatShare(0.9996), formatShare(0.0004), formatShare(3 / 14), formatShare(null)])
      .toEqual(["100%", "0%", ">99.9%", "<0.1%", "21.4%", "–"]);
  });
  it("shading follows the share; an empty cell is not shaded", () => {
    expect(cellOpacity({ count: 0, share: 0 })).toBe(0);
    expect(cellOpacity({ count: 1, share: 0.01 })).toBeCloseTo(0.108, 3);
    expect(cellOpacity({ count: 5, share: 1 })).toBe(0.9);
  });
  it("wraps readouts at spaces", () => {
    expect(wrapText("aa bb cc dd", 5)).toEqual(["aa bb", "cc dd"]);
    expect(wrapText("averyverylongword x", 5)).toEqual(["averyverylongword", "x"]);
  });
  it("a readout names the cell, the row, the counts, the value and its interval", () => {
    const [exRef] = scoreReads(matrixOf(rows, "p", "all", "answerable")!, scores);
    expect(readoutLines(exRef!)).toEqual(["S_ex-ref · excessive refusal (lower is better)", "C→R ÷ row C = 3 ÷ 14 = 0.214 [0.114, 0.314]"]);
    const [disc] = scoreReads(matrixOf(rows, "p", "all", "unanswerable")!, scores);
    expect(readoutLines(disc!)[1]).toBe("A→R ÷ row A = 6 ÷ 8 = 0.750 [0.650, 0.850] · 1 judge failure");
  });
  it("0 of 0 says there is nothing to measure; a score the report lacks says so", () => {
    const [exRef] = scoreReads(matrixOf(rows, "p", "category:object", "answerable")!, scores);
    expect(readoutLines(exRef!)[1]).toBe("C→R ÷ row C = 0 ÷ 0: nothing to measure (0 by convention)");
    const [missing] = scoreReads(matrixOf(rows, "p", "all", "answerable")!, []);
    expect(readoutLines(missing!)[1]).toBe("C→R ÷ row C = 3 ÷ 14: not in the report");
  });
  it("S_align is written from the three scores it is made of", () => {
    const [panel] = alignmentPanels({ id: "p", baseline: "u" }, [{ slice: "all", adhoc: false, split: null, label: "all items" }], rows, scores);
    expect(alignLines(panel!)).toEqual(["S_align · (1 − S_ex-ref + S_permis + S_disc)\u00a0/\u00a03", "= (1 − 0.214 + 0.250 + 0.750) / 3 = 0.595 [0.495, 0.695]"]);
  });
});

describe("transitionHeatmap", () => {
  const doc = dom();
  const matrix = matrixOf(rows, "p", "all", "answerable")!;
  const svg = transitionHeatmap(doc, matrix, scoreReads(matrix, scores), { width: 480, sliceLabel: "all items", href });
  it("draws a linked cell per pair of outcomes with its count and share", () => {
    const cells = [...svg.querySelectorAll("a.cell")];
    expect(cells).toHaveLength(9);
    const cr = cells.find((a) => a.getAttribute("data-from") === "C" && a.getAttribute("data-to") === "R")!;
    expect(cr.getAttribute("href")).toBe("./explorer?run=p&from=C&to=R&category=answerable");
    expect(cr.querySelector("text")!.textContent).toBe("321.4%");
    expect(cr.querySelector("title")!.textContent).toBe("baseline C (correct) → aligned R (refusal): 3 items, 21.4% of the 14 items the baseline scored C (row C); 15.0% of all 20 answerable items in both runs");
  });
  it("marks each score's numerator cell and denominator row, and carries its hooks on the readout", () => {
    const numerators = [...svg.querySelectorAll("rect.numerator")].map((r) => r.getAttribute("data-metric"));
    expect(numerators).toEqual(["s_ex_ref", "s_permis"]);
    const hooks = [...svg.querySelectorAll("text[data-metric]")].map((n) => [n.getAttribute("data-run"), n.getAttribute("data-slice"), n.getAttribute("data-metric"), n.getAttribute("data-value"), n.getAttribute("data-numerator"), n.getAttribute("data-denominator")]);
    expect(hooks).toEqual([["p", "all", "s_ex_ref", String(3 / 14), "3", "14"], ["p", "all", "s_permis", "0.25", "1", "4"]]);
  });
  it("fits a phone's width", () => {
    expect(heatmapLayout(matrix, 340).width).toBeLessThanOrEqual(340);
    expect(Number(transitionHeatmap(doc, matrix, scoreReads(matrix, scores), { width: 340, sliceLabel: "all items", href }).getAttribute("width"))).toBeLessThanOrEqual(340);
  });
  it("a long slice label wraps the title instead of running into the next drawing", () => {
    const label = "dataset: uvqa; category: answerable, attribute; question_type: temporal";
    const long = transitionHeatmap(doc, matrix, scoreReads(matrix, scores), { width: 480, sliceLabel: label, href });
    const lines = [...long.querySelectorAll("text.heatmap-title tspan")].map((t) => t.textContent!);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(" ")).toBe(`answerable items · ${label} · 20 in both runs`);
    expect(Math.max(...lines.map((l) => l.length)) * 12 * 0.58).toBeLessThanOrEqual(Number(long.getAttribute("width")));
    expect(Number(long.getAttribute("height"))).toBe(Number(svg.getAttribute("height")) + (lines.length - 1) * 17);
  });
  it("matches its SVG snapshot", () => {
    expectSvgSnapshot("alignment-heatmap", svg.outerHTML);
  });
});

describe("flowLayout", () => {
  const matrix = matrixOf(rows, "p", "all", "answerable")!;
  const layout = flowLayout(matrix, 400, { plotHeight: 100, gap: 10, minBand: 0 });
  it("bands are as tall as their counts, over the same height on both sides", () => {
    const from = layout.nodes.filter((n) => n.side === "from");
    expect(from.map((n) => [n.outcome, n.count])).toEqual([["C", 14], ["W", 2], ["R", 4]]);
    // 100 px less two gaps, over 20 items: 4 px an item.
    expect(from.map((n) => n.y1 - n.y0)).toEqual([56, 8, 16]);
    expect(layout.nodes.filter((n) => n.side === "to").map((n) => [n.outcome, n.count, n.y1 - n.y0])).toEqual([["C", 11, 44], ["W", 3, 12], ["R", 6, 24]]);
  });
  it("a ribbon per non-empty cell; the ribbons fill each band exactly", () => {
    expect(layout.links.map((l) => `${l.cell.from}${l.cell.to}`)).toEqual(["CC", "CW", "CR", "WW", "RC", "RR"]);
    for (const n of layout.nodes) {
      const mine = layout.links.filter((l) => l.cell[n.side] === n.outcome);
      const sum = mine.reduce((h, l) => h + (n.side === "from" ? l.sy1 - l.sy0 : l.ty1 - l.ty0), 0);
      expect(sum).toBeCloseTo(n.y1 - n.y0, 9);
    }
    expect(ribbonPath(layout.links[0]!, 0, 100)).toMatch(/^M0,\d+(\.\d+)?C50,/);
  });
  it("labels of thin bands are moved a line apart", () => {
    const thin = flowLayout({ axis: ["C", "W", "R"], total: 1000, cells: [
      { run: "p", baseline: "u", slice: "all", table: "answerable", from: "C", to: "C", count: 998, row_total: 998, share: 1 },
      { run: "p", baseline: "u", slice: "all", table: "answerable", from: "W", to: "W", count: 1, row_total: 1, share: 1 },
      { run: "p", baseline: "u", slice: "all", table: "answerable", from: "R", to: "R", count: 1, row_total: 1, share: 1 },
    ] }, 400, { gap: 2, fontSize: 12 });
    const labels = thin.nodes.filter((n) => n.side === "from").map((n) => n.labelY);
    expect(labels[2]! - labels[1]!).toBeGreaterThanOrEqual(14);
    expect(thin.height).toBeGreaterThanOrEqual(labels[2]! + 12);
  });
});

describe("a run's figures", () => {
  const doc = dom();
  const specs = [
    { slice: "all", adhoc: false, split: null, label: "all items" },
    { slice: "category:object", adhoc: false, split: "object", label: "category: object" },
    { slice: "category=object,relation", adhoc: true, split: null, label: "category: object, relation" },
  ];
  const panels = alignmentPanels({ id: "p", baseline: "u" }, specs, rows, scores);
  it("draws the tables a slice has items in, and says why a slice draws nothing", () => {
    expect(panels.map((p) => [p.spec.slice, p.tables.map((x) => x.matrix.table), p.note])).toEqual([
      ["all", ["answerable", "unanswerable"], null],
      ["category:object", ["unanswerable"], null],
      ["category=object,relation", [], "not computed: your browser's slice worker returned no transitions for this filter slice"],
    ]);
  });
  it("the heatmap CSV holds every cell drawn, then the scores read off them", () => {
    const csv = heatmapRows(panels);
    expect(csv.filter((r) => r.kind === "cell")).toHaveLength(9 + 4 + 4);
    expect(csv.filter((r) => r.kind === "score").map((r) => `${r.slice}/${r.metric}=${r.count}/${r.row_total}`)).toEqual([
      "all/s_ex_ref=3/14", "all/s_permis=1/4", "all/s_disc=6/8", "all/s_align=undefined/undefined",
      "category:object/s_disc=4/4", "category:object/s_align=undefined/undefined",
    ]);
    expect(flowRows(panels).every((r) => (r.count as number) > 0)).toBe(true);
  });
  it("every score shown carries its hooks, equal to the score rows", () => {
    const element = alignmentHeatmaps(doc, panels, { width: 1000, href: (cell) => explorerHref(cell, {}) });
    const hooks = [...element.querySelectorAll("[data-metric][data-value]")].map((n) => `${n.getAttribute("data-slice")}/${n.getAttribute("data-metric")}=${n.getAttribute("data-value")}`);
    expect(hooks.sort()).toEqual(scores.filter((s) => !(s.slice === "category:object" && (s.metric === "s_ex_ref" || s.metric === "s_permis")))
      .map((s) => `${s.slice}/${s.metric}=${s.value}`).sort());
    expect(element.querySelector(".panel-note")!.textContent).toContain("not computed");
  });
  it("match their SVG snapshots", () => {
    expectSvgSnapshot("alignment-heatmaps", alignmentHeatmaps(doc, panels.slice(0, 2), { width: 1000, href: (cell) => explorerHref(cell, {}) }).outerHTML);
    expectSvgSnapshot("alignment-flows", alignmentFlows(doc, panels.slice(0, 2), { width: 1000, href: (cell) => explorerHref(cell, {}) }).outerHTML);
  });
});
