// /compare's data shaping (pair, slices, plan, rows per figure, reproduce), its figure components (forest plot,
// transition matrix: hooks and SVG snapshots) and its tables' hooks, on hand-made rows.
import { describe, expect, it } from "vitest";
import {
  compareCommand, comparePlan, compareSpecs, comparisonSql, defaultPair, matrixRows, mcnemarRows, pairRows, parseFilterSlice,
  reportPairs, sliceCondition, toComparisonRows, toPairTransitions, transitionSql, type ComparisonRow,
} from "../../components/compare.ts";
import { itemHighlight, itemState, matrixInput, matrixOrderOf, noticeLines, outcomeLegend, transitionTip } from "../../components/compare-page.ts";
import { comparisonTable, formatP, itemTable, mcnemarTable } from "../../components/compare-view.ts";
import { noFilters } from "../../components/filters.ts";
import { forestDomain, forestLabel, forestPlot, forestRows, forestTip, formatSigned } from "../../components/forest.ts";
import { matrixCells, matrixPanels } from "../../components/matrix.ts";
import { dom, expectSvgSnapshot } from "./snapshot.ts";

const runs = [
  { id: "m/u", baseline: null }, { id: "m/p", baseline: "m/u" }, { id: "n/u", baseline: null },
];
const row = (slice: string, metric: ComparisonRow["metric"], value_a: number, value_b: number, n_a: number, n_b: number, extra: Partial<ComparisonRow> = {}): ComparisonRow => ({
  a: "m/u", b: "m/p", slice, metric, value_a, value_b, diff: value_b - value_a, ci_low: value_b - value_a - 0.1, ci_high: value_b - value_a + 0.1,
  n: 10, n_a, n_b, judge_failures_a: 0, judge_failures_b: 0, mcnemar_b: 1, mcnemar_c: 6, mcnemar_p: 0.125, ...extra,
});
const rows: ComparisonRow[] = [
  row("all", "s_acc", 0.5, 0.8, 10, 10), row("all", "f1", 0.2, 0.7, 10, 10), row("all", "s_disc", 0, 0.75, 0, 4),
  row("all", "match_score", 2.5, 3.25, 10, 10),
  row("category:answerable", "f1", 0, 0, 6, 6, { n: 6, mcnemar_b: 1, mcnemar_c: 0, mcnemar_p: 1 }),
  row("category:answerable", "s_acc", 0.5, 0.4, 6, 6, { n: 6, mcnemar_b: 1, mcnemar_c: 0, mcnemar_p: 1 }),
  row("category:object", "s_acc", 0.25, 1, 4, 4, { n: 4, mcnemar_b: 0, mcnemar_c: 3, mcnemar_p: 0.25 }),
];
const precomputed = new Set(["all", "category:answerable", "category:object", "question_type:what"]);
const specs = compareSpecs({ ...noFilters(), by: "category" }, precomputed, ["answerable", "object"]);

describe("the pair and the slices", () => {
  it("defaults to the first aligned run against its baseline, else the first two runs", () => {
    expect(defaultPair(runs)).toEqual({ a: "m/u", b: "m/p", aligned: true });
    expect(defaultPair([{ id: "x", baseline: null }, { id: "y", baseline: null }])).toEqual({ a: "x", b: "y", aligned: false });
    expect(defaultPair([{ id: "x", baseline: "gone" }])).toEqual({ a: "x", b: "x", aligned: false });
    expect(defaultPair([])).toBeNull();
  });
  it("shows the filtered items as a whole, then each split value", () => {
    expect(specs.map((s) => [s.slice, s.adhoc, s.split])).toEqual([["all", false, null], ["category:answerable", false, "answerable"], ["category:object", false, "object"]]);
    const filtered = compareSpecs({ ...noFilters(), category: ["object", "relation"], by: "question_type" }, precomputed, ["what"]);
    expect(filtered.map((s) => [s.slice, s.adhoc])).toEqual([["category=object,relation", true], ["category=object,relation&question_type=what", true]]);
  });
  it("reads the report's rows only for a pair it holds and precomputed slices; the worker otherwise, with every filter slice", () => {
    const held = reportPairs(rows);
    expect(comparePlan({ a: "m/u", b: "m/p" }, specs, held)).toEqual({ source: "report", slices: [] });
    expect(comparePlan({ a: "m/p", b: "m/u" }, specs, held)).toEqual({ source: "worker", slices: [] });
    const filtered = compareSpecs({ ...noFilters(), category: ["relation", "object"], by: null }, precomputed, []);
    expect(comparePlan({ a: "m/u", b: "m/p" }, filtered, held)).toEqual({ source: "worker", slices: ["category=object,relation"] });
  });
});

describe("rows per figure", () => {
  const pairs = pairRows(rows, specs, { a: "m/u", b: "m/p" });
  it("one row per slice and metric, in the specs' then the metrics' order, with the series", () => {
    expect(pairs.map((r) => `${r.series}/${r.metric}`)).toEqual([
      "all/f1", "all/s_acc", "all/match_score", "all/s_disc", "answerable/f1", "answerable/s_acc", "object/s_acc",
    ]);
  });
  it("a difference against 0 of 0, or F1 on answerable items alone, is listed but not drawn", () => {
    expect(forestRows(pairs).map((r) => `${r.series}/${r.metric}`)).toEqual(["all/f1", "all/s_acc", "all/match_score", "answerable/s_acc", "object/s_acc"]);
    expect(pairs.find((r) => r.metric === "s_disc")!.measured).toBe(false);
  });
  it("takes another pair's rows from nowhere", () => {
    expect(pairRows(rows, specs, { a: "m/p", b: "m/u" })).toEqual([]);
  });
  it("McNemar per slice, with S_acc of both runs", () => {
    expect(mcnemarRows(pairs)).toEqual([
      expect.objectContaining({ slice: "all", n: 10, b_count: 1, c_count: 6, p: 0.125, s_acc_a: 0.5, s_acc_b: 0.8 }),
      expect.objectContaining({ slice: "category:answerable", n: 6, b_count: 1, c_count: 0, p: 1, s_acc_a: 0.5, s_acc_b: 0.4 }),
      expect.objectContaining({ slice: "category:object", n: 4, b_count: 0, c_count: 3, p: 0.25, s_acc_a: 0.25, s_acc_b: 1 }),
    ]);
  });
  it("reads Arrow-like records: BigInt counts, unknown metrics left out", () => {
    const read = toComparisonRows([{ ...row("all", "s_acc", 0.5, 0.8, 10, 10), n: 10n, metric: "s_acc" }, { ...row("all", "s_acc", 0, 0, 1, 1), metric: "no_such_metric" }]);
    expect(read).toHaveLength(1);
    expect(read[0]!.n).toBe(10);
  });
});

describe("transition matrix rows", () => {
  const transitions = toPairTransitions([
    { run: "m/p", baseline: "m/u", slice: "all", table: "answerable", from: "C", to: "C", count: 4 },
    { run: "m/p", baseline: "m/u", slice: "all", table: "answerable", from: "C", to: "R", count: 1 },
    { run: "m/p", baseline: "m/u", slice: "all", table: "answerable", from: "W", to: "C", count: 0 },
    { run: "m/p", baseline: "m/u", slice: "all", table: "answerable", from: "R", to: "W", count: 1n },
    { run: "m/p", baseline: "m/u", slice: "all", table: "unanswerable", from: "A", to: "R", count: 3 },
    { run: "m/p", baseline: "m/u", slice: "all", table: "unanswerable", from: "R", to: "R", count: 1 },
    { run: "m/p", baseline: "m/u", slice: "category:object", table: "unanswerable", from: "A", to: "R", count: 3 },
    { run: "m/p", baseline: "m/u", slice: "category:answerable", table: "unanswerable", from: "A", to: "R", count: 0 },
  ]);
  const matrix = matrixRows(transitions, specs, { a: "m/u", b: "m/p" });
  it("A's outcome is the row, B's the column; shares of the row; empty tables left out", () => {
    expect(matrix.map((m) => `${m.series}/${m.table}/${m.from}${m.to}=${m.count}/${m.from_total}/${m.total}`)).toEqual([
      "all/answerable/CC=4/5/6", "all/answerable/CR=1/5/6", "all/answerable/WC=0/0/6", "all/answerable/RW=1/1/6",
      "all/unanswerable/RR=1/1/4", "all/unanswerable/AR=3/3/4", "object/unanswerable/AR=3/3/3",
    ]);
  });
  it("the matrix component's input: one panel per slice and table, ordered outcomes, hooks and tooltips with counts", () => {
    const input = matrixInput(matrix);
    const order = matrixOrderOf(input);
    expect(order("all items · answerable")).toEqual({ rows: ["C", "W", "R"], cols: ["C", "W", "R"] });
    expect(order("all items · unanswerable")).toEqual({ rows: ["R", "A"], cols: ["R"] });
    const cells = matrixCells(input);
    const cr = cells.find((c) => c.panel === "all items · answerable" && c.row === "C" && c.col === "R")!;
    expect(transitionTip(cr)).toBe("A C (correct answer) → B R (refusal): 1 item\n20.0% of the 5 A put in C · 16.7% of 6 in both runs");
    expect(cr.hooks).toEqual({ a: "m/u", b: "m/p", slice: "all", table: "answerable", from: "C", to: "R", count: "1" });
    expect(outcomeLegend(input).map((s) => s.label)).toEqual(["C correct answer", "W wrong answer", "R refusal", "A answered anyway"]);
  });
});

describe("reproduce", () => {
  it("the uvqa compare command: the report's slice fields, one --slice per filter slice (sorted, quoted), the bootstrap settings", () => {
    expect(compareCommand({ a: "m/u", b: "m/p", sliceFields: ["dataset", "question_type"], slices: ["question_type=what", "category=object,relation"], resamples: 1000, seed: 7 }))
      .toBe("uvqa compare --items items.jsonl --predictions predictions.jsonl --runs runs-input.json --a m/u --b m/p --slice-by dataset,question_type --slice category=object,relation --slice question_type=what --seed 7 --out compare/");
    expect(compareCommand({ a: "it's", b: "b", sliceFields: [], slices: ["flags=a%26b"], resamples: 200, seed: null }))
      .toBe("uvqa compare --items items.jsonl --predictions predictions.jsonl --runs runs-input.json --a 'it'\\''s' --b b --slice flags=a%26b --resamples 200 --out compare/");
  });
  it("SQL conditions on items.arrow for every kind of slice", () => {
    expect(parseFilterSlice("category=object,relation&flags=a%26b")).toEqual({ category: ["object", "relation"], flags: ["a&b"] });
    expect(sliceCondition("all")).toBe("TRUE");
    expect(sliceCondition("category:object")).toBe(`i."category" = 'object'`);
    expect(sliceCondition("flags:self-swap")).toBe(`list_has_any(string_split(i."flags", ','), ['self-swap'])`);
    expect(sliceCondition("category=object,relation&question_type=it's")).toBe(`i."category" IN ('object', 'relation') AND i."question_type" = 'it''s'`);
  });
  it("the transition SQL joins the two runs' outcomes on the item, one block per slice", () => {
    const sql = transitionSql({ a: "m/u", b: "m/p" }, ["all", "category:object"]);
    expect(sql.split("UNION ALL")).toHaveLength(2);
    expect(sql).toContain(`WHERE x.run = 'm/u' AND y.run = 'm/p' AND i."category" = 'object'`);
    expect(comparisonSql({ a: "m/u", b: "m/p" }, ["all"])).toBe("SELECT *\nFROM comparisons\nWHERE a = 'm/u' AND b = 'm/p'\n  AND slice IN ('all')\nORDER BY slice, metric");
  });
});

describe("the forest plot", () => {
  const drawn = forestRows(pairRows(rows, specs, { a: "m/u", b: "m/p" }));
  it("signs every difference; a symmetric domain that holds every interval, within the metric's range", () => {
    expect([formatSigned(0.1234), formatSigned(-0.05), formatSigned(0), formatSigned(0.0001)]).toEqual(["+0.123", "-0.050", "0.000", "0.000"]);
    expect(forestDomain(drawn.filter((r) => r.metric !== "match_score"), 1)).toEqual([-0.9, 0.9]); // object S_acc: +0.75 [+0.65, +0.85], 5% headroom, in steps of 0.05
    expect(forestDomain([], 5)).toEqual([-0.25, 0.25]);
    expect(forestDomain(drawn.filter((r) => r.metric === "match_score"), 5)).toEqual([-1, 1]);
    expect(forestLabel("s_ex_ref")).toBe("S_ex-ref ↓");
  });
  it("the tooltip gives the difference, its interval, both values with their n and the paired n", () => {
    expect(forestTip(drawn[1]!)).toBe("all items · S_acc (higher is better)\nB − A = +0.300 [+0.200, +0.400]\nA 0.500 (n = 10) → B 0.800 (n = 10) · 10 items in both runs");
  });
  const element = forestPlot(dom(), drawn, { series: ["all", "answerable", "object"], width: 640 });
  it("stamps a, b, metric, the full-precision difference and the slice on every dot; rates and scores on separate axes", () => {
    const dots = [...element.querySelectorAll("circle[data-diff]")];
    expect(dots.map((d) => [d.getAttribute("data-a"), d.getAttribute("data-b"), d.getAttribute("data-metric"), d.getAttribute("data-slice"), Number(d.getAttribute("data-diff"))]))
      .toEqual(expect.arrayContaining([["m/u", "m/p", "s_acc", "category:object", 0.75], ["m/u", "m/p", "match_score", "all", 0.75]]));
    expect(dots).toHaveLength(drawn.length);
    expect([...element.querySelectorAll("svg.panel")].map((s) => s.getAttribute("data-scale"))).toEqual(["rates", "scores"]);
  });
  it("matches its SVG snapshot", () => {
    expectSvgSnapshot("compare-forest", element.outerHTML);
  });
});

describe("the matrix figure", () => {
  const input = [
    { panel: "all · answerable", row: "C", col: "C", count: 40, hooks: { from: "C", to: "C" } },
    { panel: "all · answerable", row: "C", col: "R", count: 10, hooks: { from: "C", to: "R" } },
    { panel: "all · answerable", row: "R", col: "C", count: 0, hooks: { from: "R", to: "C" } },
    { panel: "all · answerable", row: "R", col: "R", count: 5, hooks: { from: "R", to: "R" } },
  ];
  const cells = matrixCells(input);
  it("row totals, panel totals, shares (0 for an empty row)", () => {
    expect(cells.map((c) => [c.rowTotal, c.total, c.share, c.diagonal])).toEqual([[50, 55, 0.8, true], [50, 55, 0.2, false], [5, 55, 0, false], [5, 55, 1, true]]);
    expect(matrixCells([{ panel: "p", row: "x", col: "y", count: 0 }])[0]!.share).toBe(0);
  });
  const element = matrixPanels(dom(), cells, {
    width: 600, rowTitle: "A", colTitle: "B", key: ["rows: A = m/u", "columns: B = m/p"], order: () => ({ rows: ["C", "R"], cols: ["C", "R"] }),
    tip: (c) => `${c.row}→${c.col}: ${c.count}`, highlight: { panel: "all · answerable", row: "C", col: "R" },
  });
  it("stamps each cell's hooks and draws every count", () => {
    expect([...element.querySelectorAll("rect[data-from]")].map((r) => `${r.getAttribute("data-from")}${r.getAttribute("data-to")}`)).toEqual(["CC", "CR", "RC", "RR"]);
    expect([...element.querySelectorAll("text")].map((t) => t.textContent)).toEqual(expect.arrayContaining(["40", "10", "0", "5", "all · answerable", "rows: A = m/u"]));
  });
  it("matches its SVG snapshot", () => {
    expectSvgSnapshot("compare-matrix", element.outerHTML);
  });
});

describe("the tables and the notice", () => {
  const doc = dom();
  const pairs = pairRows(rows, specs, { a: "m/u", b: "m/p" });
  it("every score cell carries run, slice, metric and value; every difference a, b, metric and diff", () => {
    const table = comparisonTable(doc, pairs, { a: "m/u", b: "m/p" });
    const scores = [...table.querySelectorAll("td[data-run]")];
    expect(scores).toHaveLength(2 * pairs.length);
    expect(scores.filter((c) => c.getAttribute("data-run") === "m/p" && c.getAttribute("data-metric") === "s_disc").map((c) => [c.getAttribute("data-value"), c.getAttribute("data-n")])).toEqual([["0.75", "4"]]);
    const diffs = [...table.querySelectorAll("td[data-diff]")];
    expect(diffs.map((c) => Number(c.getAttribute("data-diff")))).toEqual(pairs.map((r) => r.diff));
    expect(diffs.every((c) => c.getAttribute("data-a") === "m/u" && c.getAttribute("data-b") === "m/p")).toBe(true);
  });
  it("McNemar: exact p with full precision in data-p", () => {
    const table = mcnemarTable(doc, mcnemarRows(pairs));
    expect([...table.querySelectorAll("td[data-p]")].map((c) => [c.getAttribute("data-p"), c.textContent])).toEqual([["0.125", "p = 0.125"], ["1", "p = 1"], ["0.25", "p = 0.250"]]);
    expect([formatP(0.00001), formatP(0.0042)]).toEqual(["p < 0.0001", "p = 0.0042"]);
  });
  it("an item's outcomes: a missing response says so; untrusted text stays text", () => {
    const table = itemTable(doc, [
      { role: "A", run: "<b>x</b>", outcome: { run: "<b>x</b>", outcome: "A", base: null, refused: false, correct: false, reason_ok: null, score: 1, score_kind: "match" } },
      { role: "B", run: "m/p", outcome: null },
    ]);
    expect(table.querySelector("b")).toBeNull();
    expect([...table.querySelectorAll("td.outcome")].map((c) => c.textContent)).toEqual(["A (answered anyway)", "no response to this item"]);
  });
  it("an item view: none, missing, found; its cell is outlined in the first slice's matrix", () => {
    expect(itemState("", undefined)).toEqual({ state: "none" });
    expect(itemState("x", null)).toEqual({ state: "missing", id: "x" });
    expect(itemState("x", { error: "boom" })).toEqual({ state: "error", message: "boom" });
    const found = itemState("x", { id: "x", index: 3, category: "object", outcomes: [
      { run: "m/u", outcome: "A", base: null, refused: false, correct: false, reason_ok: null, score: null, score_kind: null },
      { run: "m/p", outcome: "R", base: "A", refused: true, correct: true, reason_ok: true, score: null, score_kind: null },
    ] });
    expect(itemHighlight(found, specs)).toEqual({ panel: "all items · unanswerable", row: "A", col: "R" });
  });
  it("says when the link names a run the report lacks, and when there is no aligned run yet", () => {
    const notice = noticeLines({ search: "?a=gone&b=m/p", runIds: ["m/u", "m/p"], pair: { a: "m/u", b: "m/p", aligned: true }, a: "m/u", b: "m/p", swap: "" });
    expect(notice.problems).toEqual(['unknown run A in the link: "gone" (this report has "m/u", "m/p"); showing "m/u"']);
    expect(noticeLines({ search: "", runIds: ["x", "y"], pair: { a: "x", b: "y", aligned: false }, a: "x", b: "y", swap: "" }).notes)
      .toEqual(["no aligned runs yet: add a run with a baseline (A and B default to the first two runs)"]);
  });
});
