// /pairs: the series a view shows, the bars shaped from score rows (the four shares stacked, only where there are
// pairs), every drawn share carrying its hooks and a link that lists its pairs, the list's shaping and section, and
// SVG snapshots of both drawings.
import { describe, expect, it } from "vitest";
import { noFilters } from "../../components/filters.ts";
import type { PairListRow } from "../../components/finder-types.ts";
import { explorerItemHref, pairCounts, pairCsvRows, pairListView, pairSummary } from "../../components/pair-list.ts";
import {
  barLayout, pairBars, pairBarsChart, pairSeries, pairShareRows, pairSharePanels, shareTitle, type PairPick, type PairSeries,
} from "../../components/pairs.ts";
import type { ScoreRow } from "../../components/scores.ts";
import { dom, expectSvgSnapshot } from "./snapshot.ts";

const share = (run: string, slice: string, metric: ScoreRow["metric"], value: number, n: number, low = Math.max(0, value - 0.1), high = Math.min(1, value + 0.1), judge_failures = 0): ScoreRow =>
  ({ run, slice, metric, value, n, ci_low: low, ci_high: high, judge_failures });
/** The four shares of one run and slice: apart, refuse both, answer both, other (counts of n). */
const four = (run: string, slice: string, n: number, [apart, refuse, answer, other]: [number, number, number, number], failures = 0): ScoreRow[] => [
  share(run, slice, "pair_acc", apart / n, n, undefined, undefined, failures), share(run, slice, "pair_refuse_both", refuse / n, n, undefined, undefined, failures),
  share(run, slice, "pair_answer_both", answer / n, n, undefined, undefined, failures), share(run, slice, "pair_other", other / n, n, undefined, undefined, failures),
];
const precomputed = new Set(["all", "category:answerable", "category:object", "category:relation", "question_type:what"]);
const scores: ScoreRow[] = [
  ...four("base", "all", 20, [0, 0, 20, 0]), ...four("base", "category:object", 12, [0, 0, 12, 0]), ...four("base", "category:relation", 8, [0, 0, 8, 0]),
  ...four("aligned", "all", 20, [15, 2, 2, 1], 1), ...four("aligned", "category:object", 12, [10, 1, 1, 0]), ...four("aligned", "category:relation", 8, [5, 1, 1, 1], 1),
  ...four("aligned", "category:answerable", 0, [0, 0, 0, 0]).map((r) => ({ ...r, value: 0 })),
  share("aligned", "all", "s_acc", 0.7, 40),
];

describe("pairSeries", () => {
  it("all pairs, then one series per category", () => {
    const series = pairSeries(noFilters(), "category", precomputed, ["answerable", "object", "relation"]);
    expect(series.map((s) => [s.split, s.label, s.spec.slice, s.spec.adhoc])).toEqual([
      [null, "all pairs", "all", false], ["answerable", "answerable", "category:answerable", false],
      ["object", "object", "category:object", false], ["relation", "relation", "category:relation", false],
    ]);
  });
  it("a filter names the first series and makes filter slices; a single split series stands alone", () => {
    const filters = { ...noFilters(), category: ["object", "relation"] };
    const series = pairSeries(filters, "category", precomputed, ["answerable", "object", "relation"]);
    expect(series.map((s) => [s.split, s.label, s.spec.slice, s.spec.adhoc])).toEqual([
      [null, "all pairs (category: object, relation)", "category=object,relation", true],
      ["object", "object", "category:object", false], ["relation", "relation", "category:relation", false],
    ]);
    expect(pairSeries({ ...noFilters(), category: ["object"] }, "category", precomputed, ["object", "relation"]).map((s) => s.split)).toEqual(["object"]);
    expect(pairSeries(noFilters(), "question_type", precomputed, ["what", "how"]).map((s) => [s.label, s.spec.slice])).toEqual([
      ["all pairs", "all"], ["question_type: what", "question_type:what"], ["question_type: how", "question_type=how"],
    ]);
  });
});

describe("pairBars", () => {
  const series = pairSeries(noFilters(), "category", precomputed, ["answerable", "object", "relation"]);
  const bars = pairBars(series, ["base", "aligned", "missing"], scores);
  it("one bar per series and run with pairs, the four shares stacked in order", () => {
    expect(bars.map((b) => `${b.series}/${b.run}/${b.n}`)).toEqual([
      "all pairs/base/20", "all pairs/aligned/20", "object/base/12", "object/aligned/12", "relation/base/8", "relation/aligned/8",
    ]);
    const aligned = bars[1]!;
    expect(aligned.shares.map((s) => [s.class, s.metric, s.value, s.x0, s.x1])).toEqual([
      ["apart", "pair_acc", 0.75, 0, 0.75], ["refuse_both", "pair_refuse_both", 0.1, 0.75, 0.85],
      ["answer_both", "pair_answer_both", 0.1, 0.85, 0.95], ["other", "pair_other", 0.05, 0.95, 1],
    ]);
    expect(aligned.judge_failures).toBe(1);
    expect(pairShareRows(bars)).toHaveLength(24);
  });
  it("a slice with no pair (n = 0) and a run without the four scores draw nothing", () => {
    expect(bars.some((b) => b.split === "answerable" || b.run === "missing")).toBe(false);
    expect(pairBars(series, ["aligned"], scores.filter((s) => s.metric !== "pair_other"))).toEqual([]);
  });
  it("the tooltip gives the count, the share with its interval and the judge failures", () => {
    expect(shareTitle(bars[5]!.shares[3]!)).toBe(
      "aligned · relation · other (refuses the unanswerable question but answers its twin wrongly, answers it but refuses its twin, or a judgment failed): 1 of 8 pairs = 0.125 [0.025, 0.225] · 1 judge failure");
  });
});

describe("the drawings", () => {
  const doc = dom();
  const series = pairSeries(noFilters(), "category", precomputed, ["answerable", "object", "relation"]);
  const bars = pairBars(series, ["base", "aligned"], scores);
  const picks: PairPick[] = [];
  const options = {
    width: 900, series, runs: ["base", "aligned"],
    href: (pick: PairPick) => `/pairs?run=${pick.run}&split=${pick.split ?? ""}&class=${pick.class ?? ""}`,
    onPick: (pick: PairPick) => picks.push(pick),
  };

  it("bars: every share above 0 drawn, with run, slice, metric and full-precision value, linking to its pairs", () => {
    const chart = pairBarsChart(doc, bars, options);
    const rects = [...chart.querySelectorAll("rect[data-metric]")];
    expect(rects).toHaveLength(pairShareRows(bars).filter((s) => s.value > 0).length);
    const hooks = rects.map((r) => [r.getAttribute("data-run"), r.getAttribute("data-slice"), r.getAttribute("data-metric"), r.getAttribute("data-value")]);
    expect(hooks).toContainEqual(["aligned", "category:relation", "pair_acc", "0.625"]);
    expect(hooks).toContainEqual(["base", "all", "pair_answer_both", "1"]);
    const link = rects.find((r) => r.getAttribute("data-run") === "aligned" && r.getAttribute("data-slice") === "category:object" && r.getAttribute("data-metric") === "pair_refuse_both")!.closest("a")!;
    expect(link.getAttribute("href")).toBe("/pairs?run=aligned&split=object&class=refuse_both");
    expect(JSON.parse(link.getAttribute("data-pick")!)).toEqual({ run: "aligned", split: "object", class: "refuse_both" });
    // "n = 20" lists every pair of the bar.
    expect([...chart.querySelectorAll("a.pair-all")].map((a) => a.getAttribute("href"))).toContain("/pairs?run=aligned&split=&class=");
    // The interval of "tells them apart" sits under each bar.
    expect([...chart.querySelectorAll("g.apart-interval")].map((g) => g.getAttribute("data-ci-high"))).toHaveLength(6);
  });

  it("a plain click lists the pairs in place (the link is not followed); a click with a modifier key follows it", () => {
    const chart = pairBarsChart(doc, bars, options);
    doc.body.append(chart);
    const a = chart.querySelector('a.pair-segment[data-pick*="answer_both"]')!;
    const click = new doc.defaultView!.MouseEvent("click", { bubbles: true, cancelable: true, button: 0 });
    a.querySelector("rect")!.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(picks.at(-1)).toEqual({ run: "base", split: null, class: "answer_both" });
    const count = picks.length;
    const modified = new doc.defaultView!.MouseEvent("click", { bubbles: true, cancelable: true, button: 0, ctrlKey: true });
    a.dispatchEvent(modified);
    expect(modified.defaultPrevented).toBe(false);
    expect(picks).toHaveLength(count);
    chart.remove();
  });

  it("share panels: every share (0 included) with its hooks, one panel per class", () => {
    const panels = pairSharePanels(doc, bars, options);
    expect([...panels.querySelectorAll("svg.panel")].map((p) => p.getAttribute("data-metric"))).toEqual(["pair_acc", "pair_refuse_both", "pair_answer_both", "pair_other"]);
    const marks = [...panels.querySelectorAll("[data-run][data-metric][data-value]")];
    expect(marks).toHaveLength(24);
    const zero = marks.find((m) => m.getAttribute("data-run") === "base" && m.getAttribute("data-metric") === "pair_acc" && m.getAttribute("data-slice") === "all")!;
    expect(zero.getAttribute("data-value")).toBe("0");
    expect(JSON.parse(zero.getAttribute("data-pick")!)).toEqual({ run: "base", split: null, class: "apart" });
  });

  it("bars lay a narrow panel's labels above their bars", () => {
    expect(barLayout(360, ["builtin-model/prompt-aligned"]).stacked).toBe(true);
    expect(barLayout(700, ["builtin-model/prompt-aligned"])).toMatchObject({ stacked: false, label: 200 });
  });

  it("match their SVG snapshots", () => {
    expectSvgSnapshot("pairs-bars", pairBarsChart(doc, bars, options).outerHTML);
    expectSvgSnapshot("pairs-shares", pairSharePanels(doc, bars, options).outerHTML);
  });
});

const rows: PairListRow[] = [
  { u: 12, t: 0, u_id: "o0", t_id: "a0", category: "object", u_outcome: "R", t_outcome: "C", class: "apart", failed: false },
  { u: 13, t: 1, u_id: "o1", t_id: "a1", category: "object", u_outcome: "A", t_outcome: "W", class: "answer_both", failed: false },
  { u: 14, t: 2, u_id: "o&1", t_id: "a 2", category: "object", u_outcome: "F", t_outcome: "C", class: "other", failed: true },
  { u: 15, t: 3, u_id: "r0", t_id: "a3", category: "relation", u_outcome: "R", t_outcome: "C", class: "apart", failed: false },
];

describe("the pair list", () => {
  it("counts and sums up the classes", () => {
    expect(pairCounts(rows)).toEqual({ apart: 2, refuse_both: 0, answer_both: 1, other: 1 });
    expect(pairSummary(rows)).toBe("4 pairs: 2 tell them apart, 0 refuse both, 1 answer both, 1 other (1 with a failed judgment)");
  });
  it("links each item to the explorer's item view, ids encoded", () => {
    expect(explorerItemHref("builtin/prompt-aligned", "o&1")).toBe("./explorer?run=builtin/prompt-aligned&item=o%261");
    expect(explorerItemHref("r", "a 2")).toBe("./explorer?run=r&item=a%202");
  });
  it("exports ids, outcomes and classes", () => {
    expect(pairCsvRows(rows.slice(2, 3), "r", "category:object")).toEqual([
      { run: "r", slice: "category:object", unanswerable: "o&1", category: "object", unanswerable_outcome: "F", twin: "a 2", twin_outcome: "C", class: "other", failed: true },
    ]);
  });

  const view = (cls: PairListRow["class"] | null, pageSize = 50, asked: number[][] = []) => pairListView(dom(), {
    rows, run: "aligned", series: "object", slice: "category:object", cls, pageSize,
    questions: async (items) => { asked.push([...items]); return new Map(items.map((i) => [i, `question ${i} <b>not html</b>`])); },
    onClass: () => {}, onClose: () => {},
    provenance: { tool: "UVQA Lab", figure: "f", view: "v", datasets: [], runs: [], judge: "j", code_version: "c", config_sha256: null, generated_at: "g", resamples: null, seed: null },
  });

  it("shows one class on request, with both items, their outcomes and the question texts as text", async () => {
    const asked: number[][] = [];
    const section = view("apart", 50, asked);
    const items = [...section.querySelectorAll("li.pair")];
    expect(items.map((li) => [li.getAttribute("data-u"), li.getAttribute("data-t"), li.getAttribute("data-class")])).toEqual([["o0", "a0", "apart"], ["r0", "a3", "apart"]]);
    expect(section.querySelector(".pair-list-summary")!.textContent).toBe("4 pairs: 2 tell them apart, 0 refuse both, 1 answer both, 1 other (1 with a failed judgment). Showing the 2 it tells apart.");
    expect([...items[0]!.querySelectorAll("a.item-link")].map((a) => a.getAttribute("href"))).toEqual(["./explorer?run=aligned&item=o0", "./explorer?run=aligned&item=a0"]);
    expect([...items[0]!.querySelectorAll(".outcome-badge")].map((b) => b.textContent)).toEqual(["R refusal", "C correct answer"]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(asked).toEqual([[12, 0, 15, 3]]);
    expect(items[0]!.querySelector("p.question")!.textContent).toBe("question 12 <b>not html</b>");
    expect(items[0]!.querySelector("p.question b")).toBeNull();
    expect((section.querySelector("select") as HTMLSelectElement).value).toBe("apart");
  });

  it("pages through the pairs, reading the questions of each page only", async () => {
    const asked: number[][] = [];
    const section = view(null, 3, asked);
    expect(section.querySelectorAll("li.pair")).toHaveLength(3);
    const more = section.querySelector("button.pair-list-more") as HTMLButtonElement;
    expect(more.textContent).toBe("show 1 more (3 of 4 shown)");
    more.click();
    expect(section.querySelectorAll("li.pair")).toHaveLength(4);
    expect(more.hidden).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(asked).toEqual([[12, 0, 13, 1, 14, 2], [15, 3]]);
  });

  it("says so when a class has no pair", () => {
    expect(view("refuse_both").querySelector(".empty-state")!.textContent).toBe("no pair of this class: choose another above");
  });
});
