// /judges' data shaping (validation accuracies with Wilson intervals, confusion matrices, metrics under each judge,
// disagreements) and its figures' hooks and SVG snapshots, on hand-made rows.
import { describe, expect, it } from "vitest";
import {
  accuracyDomain, accuracyRows, accuracyTip, agreementSlices, confusionInput, judgedMetrics, kappaText, outcomeAgreementSql, outcomePairInput,
  shownDisagreements, toDisagreements, wilson,
  type AgreementEntry, type JudgeEvalRow,
} from "../../components/judges.ts";
import { accuracyPlot, agreementPlot, agreementTable, disagreementsTable, judgedTip, validationTable } from "../../components/judges-view.ts";
import { matrixCells } from "../../components/matrix.ts";
import { METRICS } from "../../components/scores.ts";
import { dom, expectSvgSnapshot } from "./snapshot.ts";

const hardset: JudgeEvalRow = {
  judge: "builtin@1", set: "hardset", n: 40, tp: 18, fp: 1, fn: 2, tn: 19, accuracy: 0.925, precision: 18 / 19, recall: 0.9,
  reason_ok: { n: 18, accuracy: 17 / 18 }, by_kind: { "plain-refusal": { n: 20, accuracy: 1 }, "premise-denial": { n: 20, accuracy: 0.85 } },
  by_group: { "batch 1": { n: 30, accuracy: 29 / 30 }, "batch 3": { n: 10, accuracy: 0.8 } }, errors: 3,
};

describe("validation", () => {
  it("Wilson intervals, worked out by hand", () => {
    // 8 of 10: centre (0.8 + 1.9208/10) / 1.38415 = 0.71673; half 1.95996/1.38415 * sqrt(0.016 + 0.0096039) = 0.22661
    const [low, high] = wilson(8, 10);
    expect(low).toBeCloseTo(0.49016, 4);
    expect(high).toBeCloseTo(0.94332, 4);
    expect(wilson(0, 0)).toEqual([0, 0]);
    expect(wilson(10, 10)[1]).toBe(1);
  });
  const rows = accuracyRows([hardset]);
  it("the set, then its writing batches, then its kinds of case, each with the count right", () => {
    expect(rows.map((r) => [r.level, r.part, r.n, r.right])).toEqual([
      ["set", "", 40, 37], ["group", "batch 1", 30, 29], ["group", "batch 3", 10, 8], ["kind", "plain-refusal", 20, 20], ["kind", "premise-denial", 20, 17],
    ]);
    expect(rows[2]!.label).toBe("  batch 3 (never tuned on)");
    expect(accuracyTip(rows[2]!)).toBe("hard set written by the project · batch 3 (written after the last tuning, never tuned on)\n8 of 10 right: 0.800 [0.490, 0.943] (Wilson 95%)");
    expect(accuracyDomain(rows)).toEqual([0.45, 1]);
  });
  const element = accuracyPlot(dom(), rows, { width: 640 });
  it("a dot per row with the set, level, part, accuracy and n as hooks", () => {
    const dots = [...element.querySelectorAll("circle[data-set]")];
    expect(dots.map((d) => [d.getAttribute("data-part"), d.getAttribute("data-value"), d.getAttribute("data-n")])).toEqual(rows.map((r) => [r.part, String(r.accuracy), String(r.n)]));
  });
  it("matches its SVG snapshot", () => {
    expectSvgSnapshot("judges-validation", element.outerHTML);
  });
  it("the table shows the confusion counts and rates; undefined rates as –", () => {
    const table = validationTable(dom(), [hardset, { ...hardset, set: "uvqa-reference-refusals", precision: null }]);
    expect([...table.querySelectorAll("tbody tr")].map((tr) => tr.querySelector('td[data-metric="precision"]')!.textContent)).toEqual(["0.947", "–"]);
    expect(table.querySelector('td[data-metric="accuracy"]')!.getAttribute("data-value")).toBe("0.925");
  });
});

const metric = (run: string, slice: string, name: string, a: number, b: number, flagged: boolean, n = 10) => ({
  run, slice, metric: name, a, a_low: a - 0.05, a_high: a + 0.05, b, b_low: b - 0.05, b_high: b + 0.05, diff: b - a, n_a: n, n_b: n, judge_failures_a: 0, judge_failures_b: 1, flagged,
});
const entry: AgreementEntry = {
  judge: 2, reproduce: "uvqa judge-agreement ...", judge_a: "builtin@1", judge_b: "llm@v1", n: 20, only_a: 0, only_b: 0,
  refused: { matrix: [[8, 2, 1], [1, 8, 0], [0, 0, 0]], n: 20, decided: 19, agreement: 16 / 19, kappa: 0.6842 },
  correct: { matrix: [[9, 1, 1], [0, 9, 0], [0, 0, 0]], n: 20, decided: 19, agreement: 18 / 19, kappa: null },
  metrics: [
    metric("u", "all", "s_acc", 0.5, 0.45, false), metric("u", "all", "f1", 0, 0.3, true), metric("u", "category:object", "s_acc", 0.2, 0.6, true),
    metric("p", "all", "s_acc", 0.9, 0.85, false), metric("p", "all", "s_permis", 0, 0, false, 0), metric("p", "all", "no_such_metric", 0.5, 0.5, false),
  ],
  unmatched_metrics: ["llm_score (only b)", "match_score (only a)"], disagreements: 3, disagreements_by_field: { refused: 2, failed: 1 }, flagged_metrics: 2,
};

describe("agreement", () => {
  it("the confusion matrices as panels with kappa and agreement; hooks on every cell", () => {
    const input = confusionInput(entry);
    expect(new Set(input.map((c) => c.panel))).toEqual(new Set(["refused · κ = 0.684, agreement 84.2% of 19 decided", "correct · κ undefined, agreement 94.7% of 19 decided"]));
    expect(input.filter((c) => c.panel.startsWith("refused")).map((c) => c.count)).toEqual([8, 2, 1, 1, 8, 0, 0, 0, 0]);
    expect(input[2]!.hooks).toEqual({ field: "refused", "judge-a": "builtin@1", "judge-b": "llm@v1", from: "true", to: "failed", count: "1" });
    expect(kappaText({ ...entry.refused, agreement: null })).toBe("κ = 0.684");
    expect(matrixCells(input).find((c) => c.row === "true" && c.col === "true")!.share).toBeCloseTo(8 / 11, 10);
  });
  it("slices: all without a category filter, else each category chosen in the paper's order", () => {
    expect(agreementSlices(null)).toEqual(["all"]);
    expect(agreementSlices(["relation", "object"])).toEqual(["category:object", "category:relation"]);
  });
  const judged = judgedMetrics(entry, ["u", "p"], ["all"], METRICS);
  it("every known metric of the runs and slices shown, once under each judge, in run then metric order", () => {
    expect(judged.map((j) => `${j.run}/${j.metric}/${j.side}=${j.value}`)).toEqual([
      "u/f1/A=0", "u/f1/B=0.3", "u/s_acc/A=0.5", "u/s_acc/B=0.45", "p/s_acc/A=0.9", "p/s_acc/B=0.85", "p/s_permis/A=0", "p/s_permis/B=0",
    ]);
    expect(judgedTip(judged[1]!)).toBe("u · all items · F1\njudge B (llm@v1): 0.300 [0.250, 0.350] · n = 10 · 1 judge failure(s)\nflagged: each judge's value lies outside the other's interval");
  });
  const element = agreementPlot(dom(), judged, { width: 640, judges: { A: "builtin@1", B: "llm@v1" } });
  it("a dot per judge and metric with the score hooks and the judge; 0 of 0 under both is not drawn", () => {
    const dots = [...element.querySelectorAll("circle[data-run]")];
    expect(dots.map((d) => `${d.getAttribute("data-run")}/${d.getAttribute("data-metric")}/${d.getAttribute("data-judge")}=${d.getAttribute("data-value")}`).sort())
      .toEqual(["p/s_acc/A=0.9", "p/s_acc/B=0.85", "u/f1/A=0", "u/f1/B=0.3", "u/s_acc/A=0.5", "u/s_acc/B=0.45"]);
  });
  it("matches its SVG snapshot", () => {
    expectSvgSnapshot("judges-agreement", element.outerHTML);
  });
  it("the table pairs A and B per metric with the flag", () => {
    const table = agreementTable(dom(), judged);
    expect([...table.querySelectorAll("tbody tr")].map((tr) => tr.getAttribute("data-flagged"))).toEqual(["true", "false", "false", "false"]);
    expect(table.querySelectorAll("td[data-run][data-value]")).toHaveLength(judged.length);
  });
  it("disagreements of this pair of judges on the runs and categories shown; the text stays text", () => {
    const rows = toDisagreements([
      { judge_a: "builtin@1", judge_b: "llm@v1", run: "u", item: "i1", category: "object", field: "refused", a_refused: true, b_refused: false, a_correct: true, b_correct: false, a_score: 1, b_score: 2n, a_error: null, b_error: null, question: "<b>q</b>", reference: "r", response: "x" },
      { judge_a: "builtin@1", judge_b: "llm@v1", run: "p", item: "i2", category: "answerable", field: "failed", a_refused: false, b_refused: null, a_correct: true, b_correct: null, a_score: 4, b_score: null, a_error: null, b_error: "unparseable reply", question: "q2", reference: "r", response: "y" },
      { judge_a: "builtin@1", judge_b: "other", run: "u", item: "i3", category: "object", field: "refused", a_refused: true, b_refused: false, a_correct: true, b_correct: false, a_score: 1, b_score: 2, a_error: null, b_error: null, question: "q3", reference: "r", response: "z" },
    ]);
    expect(rows[0]!.b_score).toBe(2);
    expect(shownDisagreements(rows, entry, ["u", "p"], null).map((d) => d.item)).toEqual(["i1", "i2"]);
    expect(shownDisagreements(rows, entry, ["u", "p"], ["answerable"]).map((d) => d.item)).toEqual(["i2"]);
    const table = disagreementsTable(dom(), rows.slice(0, 2));
    expect(table.querySelector("b")).toBeNull();
    expect([...table.querySelectorAll("tbody tr")].map((tr) => [...tr.querySelectorAll("td")].slice(4, 6).map((td) => td.textContent))).toEqual([
      ["refused, correct", "answered, not correct"], ["answered, correct", "failed: unparseable reply"],
    ]);
  });

  it("outcome matrices per run and table, pooled over the categories shown; F only where a judge failed", () => {
    const pairs = [
      { run: "u", category: "answerable", outcome: "C", outcome_2: "R", count: 2 }, { run: "u", category: "answerable", outcome: "C", outcome_2: "C", count: 5 },
      { run: "u", category: "object", outcome: "A", outcome_2: "R", count: 1 }, { run: "u", category: "relation", outcome: "A", outcome_2: "F", count: 1 },
      { run: "p", category: "object", outcome: "R", outcome_2: "R", count: 3 },
    ];
    const input = outcomePairInput(pairs, ["u", "p"], null);
    expect([...new Set(input.map((c) => c.panel))]).toEqual(["u · answerable", "u · unanswerable", "p · unanswerable"]);
    expect(input.filter((c) => c.panel === "u · answerable").map((c) => `${c.row}${c.col}=${c.count}`)).toEqual(["CC=5", "CW=0", "CR=2", "WC=0", "WW=0", "WR=0", "RC=0", "RW=0", "RR=0"]);
    expect(input.filter((c) => c.panel === "u · unanswerable" && c.count).map((c) => `${c.row}${c.col}=${c.count}`)).toEqual(["AR=1", "AF=1"]);
    expect(input.filter((c) => c.panel === "u · unanswerable")).toHaveLength(9);
    expect(outcomePairInput(pairs, ["u"], ["object"]).filter((c) => c.count).map((c) => `${c.panel}:${c.row}${c.col}=${c.count}`)).toEqual(["u · unanswerable:AR=1"]);
    expect(outcomeAgreementSql(["u"], ["object"])).toContain("WHERE o.run IN ('u') AND o.outcome_2 IS NOT NULL AND i.category IN ('object')");
  });
});
