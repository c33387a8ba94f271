// /alignment's data shaping: the transition matrices, the scores read off them, and the links to the explorer.
import { describe, expect, it } from "vitest";
import {
  explorerHref, figureSlug, matrixOf, scoreReads, sliceConditions, tableConditions, toTransitionRows,
} from "../../components/transitions.ts";
import { parseQuery } from "../../components/url-state.ts";
import type { ScoreRow } from "../../components/scores.ts";

// An aligned run "p" against "u" on 20 answerable and 10 unanswerable items (counts made up for the test).
const t = (table: string, from: string, to: string, count: number, slice = "all"): Record<string, unknown> =>
  ({ run: "p", baseline: "u", slice, table, from, to, count: BigInt(count) });
const records = [
  t("answerable", "C", "C", 10), t("answerable", "C", "W", 1), t("answerable", "C", "R", 3),
  t("answerable", "W", "C", 0), t("answerable", "W", "W", 2), t("answerable", "W", "R", 0),
  t("answerable", "R", "C", 1), t("answerable", "R", "W", 0), t("answerable", "R", "R", 3),
  t("unanswerable", "R", "R", 2), t("unanswerable", "R", "A", 0), t("unanswerable", "A", "R", 6), t("unanswerable", "A", "A", 2),
];
const rows = toTransitionRows(records);

describe("toTransitionRows", () => {
  it("reads Arrow rows (Int64 counts as numbers) and leaves out a row with an unknown table or outcome", () => {
    expect(rows).toHaveLength(13);
    expect(rows[0]).toEqual({ run: "p", baseline: "u", slice: "all", table: "answerable", from: "C", to: "C", count: 10 });
    expect(toTransitionRows([{ ...t("answerable", "C", "X", 1) }, { ...t("other", "C", "C", 1) }])).toEqual([]);
  });
});

describe("matrixOf", () => {
  it("the answerable matrix: 3x3, row totals, each cell's share of its row", () => {
    const m = matrixOf(rows, "p", "all", "answerable")!;
    expect(m.axis).toEqual(["C", "W", "R"]);
    expect(m.cells).toHaveLength(9);
    expect([...m.rowTotals]).toEqual([["C", 14], ["W", 2], ["R", 4]]);
    expect(m.total).toBe(20);
    const cr = m.cells.find((c) => c.from === "C" && c.to === "R")!;
    expect(cr).toMatchObject({ count: 3, row_total: 14, share: 3 / 14 });
  });
  it("the unanswerable matrix: 2x2", () => {
    const m = matrixOf(rows, "p", "all", "unanswerable")!;
    expect(m.axis).toEqual(["R", "A"]);
    expect(m.cells.map((c) => `${c.from}${c.to}:${c.count}`)).toEqual(["RR:2", "RA:0", "AR:6", "AA:2"]);
  });
  it("an empty row has no share (not 0%)", () => {
    const empty = toTransitionRows([t("answerable", "C", "C", 5), t("answerable", "R", "C", 0), t("answerable", "R", "R", 0)]);
    const m = matrixOf(empty, "p", "all", "answerable")!;
    expect(m.cells.find((c) => c.from === "R" && c.to === "C")!.share).toBeNull();
    expect(m.cells.find((c) => c.from === "C" && c.to === "C")!.share).toBe(1);
  });
  it("F joins the axis when the report has failed judgments, and counts in its row", () => {
    const failed = toTransitionRows([...records.slice(0, 9), t("answerable", "C", "F", 1), t("answerable", "F", "F", 0)]);
    const m = matrixOf(failed, "p", "all", "answerable")!;
    expect(m.axis).toEqual(["C", "W", "R", "F"]);
    expect(m.rowTotals.get("C")).toBe(15);
  });
  it("null for a run or slice the rows do not hold", () => {
    expect(matrixOf(rows, "p", "category:object", "answerable")).toBeNull();
    expect(matrixOf(rows, "u", "all", "answerable")).toBeNull();
  });
});

describe("scoreReads", () => {
  const score = (metric: ScoreRow["metric"], value: number, n: number): ScoreRow => ({ run: "p", slice: "all", metric, value, n, ci_low: value - 0.1, ci_high: value + 0.1, judge_failures: 0 });
  const scores = [score("s_ex_ref", 3 / 14, 14), score("s_permis", 1 / 4, 4), score("s_disc", 6 / 8, 8), score("s_align", 0.6, 30)];
  it("S_ex-ref from C->R over row C and S_permis from R->C over row R, with the report's score", () => {
    const reads = scoreReads(matrixOf(rows, "p", "all", "answerable")!, scores);
    expect(reads.map((r) => [r.metric, r.numerator, r.denominator, r.score?.value])).toEqual([
      ["s_ex_ref", 3, 14, 3 / 14], ["s_permis", 1, 4, 1 / 4],
    ]);
  });
  it("S_disc from A->R over row A of the unanswerable matrix", () => {
    const reads = scoreReads(matrixOf(rows, "p", "all", "unanswerable")!, scores);
    expect(reads.map((r) => [r.metric, r.label, r.numerator, r.denominator, r.score?.n])).toEqual([["s_disc", "S_disc", 6, 8, 8]]);
  });
  it("a score the report lacks reads as null, not 0", () => {
    expect(scoreReads(matrixOf(rows, "p", "all", "unanswerable")!, [])[0]!.score).toBeNull();
  });
});

describe("links to the error explorer", () => {
  const cell = { run: "m/prompt-aligned", table: "answerable" as const, from: "C" as const, to: "R" as const };
  it("carries the run, the cell and the answerable category for an answerable cell", () => {
    expect(explorerHref(cell, {})).toBe("./explorer?run=m/prompt-aligned&from=C&to=R&category=answerable");
  });
  it("an unanswerable cell names the unanswerable categories the filter allows (R is on both tables)", () => {
    const href = explorerHref({ ...cell, table: "unanswerable", from: "A" }, { dataset: ["uvqa"], category: ["answerable", "relation", "object"] });
    expect(href).toBe("./explorer?run=m/prompt-aligned&from=A&to=R&dataset=uvqa&category=relation,object");
    expect(explorerHref({ ...cell, table: "unanswerable", from: "A" }, {})).toContain("&category=object,relation,attribute");
  });
  it("a run id with a comma or an ampersand survives the round trip", () => {
    const href = explorerHref({ ...cell, run: "a,b&c" }, { question_type: ["what"] });
    expect(parseQuery(href.slice(href.indexOf("?")))).toEqual({ run: ["a,b&c"], from: ["C"], to: ["R"], category: ["answerable"], question_type: ["what"] });
  });
  it("a split by flags is the explorer's flag key", () => {
    expect(explorerHref(cell, { flags: ["edited-question"] })).toBe("./explorer?run=m/prompt-aligned&from=C&to=R&category=answerable&flag=edited-question");
  });
  it("the view's conditions: the dataset and category filters and the split value", () => {
    expect(sliceConditions({ dataset: ["uvqa"], category: null, by: "question_type" }, "what")).toEqual({ dataset: ["uvqa"], question_type: ["what"] });
    expect(sliceConditions({ dataset: null, category: ["object"], by: null }, null)).toEqual({ category: ["object"] });
    expect(tableConditions({ category: ["object"] }, "answerable")).toEqual({ category: [] });
  });
});

describe("figureSlug", () => {
  it("makes unique ids out of run ids", () => {
    const taken = new Set<string>();
    expect(figureSlug("builtin/prompt-aligned", taken)).toBe("builtin-prompt-aligned");
    expect(figureSlug("Builtin Prompt_Aligned", taken)).toBe("builtin-prompt-aligned-2");
    expect(figureSlug("///", taken)).toBe("run");
  });
});
