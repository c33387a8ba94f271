// Agreement between two judges: kappa and confusion matrices worked out by hand.
import { describe, expect, it } from "vitest";
import type { Judgment, ScoreRow } from "../../loaders/items/records.ts";
import type { Item } from "../../loaders/items/schema.ts";
import { cohensKappa, compareJudges, confusion, metricAgreement } from "../../loaders/judges/agreement.ts";

describe("cohensKappa", () => {
  it("matches hand-computed values", () => {
    // n = 50; p_o = (20 + 15) / 50 = 0.7; A true 25/50, B true 30/50;
    // p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    expect(cohensKappa([[20, 5], [10, 15]])).toBeCloseTo(0.4, 12);
    // p_o = 0.9; A true 0.5, B true 0.5; p_e = 0.5; kappa = 0.8
    expect(cohensKappa([[45, 5], [5, 45]])).toBeCloseTo(0.8, 12);
    // complete disagreement, balanced: p_o = 0, p_e = 0.5 -> -1
    expect(cohensKappa([[0, 10], [10, 0]])).toBeCloseTo(-1, 12);
    // 3 classes: n = 10, p_o = 0.6, rows (4,3,3), cols (3,4,3): p_e = (12 + 12 + 9) / 100 = 0.33; (0.6-0.33)/0.67
    expect(cohensKappa([[2, 1, 1], [1, 2, 0], [0, 1, 2]])).toBeCloseTo(0.27 / 0.67, 12);
  });

  it("is undefined (null) with no pairs or when chance agreement is 1", () => {
    expect(cohensKappa([[0, 0], [0, 0]])).toBeNull();
    expect(cohensKappa([[7, 0], [0, 0]])).toBeNull();
  });
});

describe("confusion", () => {
  it("keeps failed judgments as their own class and computes kappa over decided pairs", () => {
    const a = [true, true, false, false, null, true];
    const b = [true, false, false, false, true, null];
    const c = confusion(a, b);
    expect(c.matrix).toEqual([[1, 1, 1], [0, 2, 0], [1, 0, 0]]);
    expect(c.n).toBe(6);
    expect(c.decided).toBe(4);
    expect(c.agreement).toBe(0.75);
    // decided 2x2 [[1,1],[0,2]]: p_o 0.75; A true 0.5, B true 0.25: p_e 0.125 + 0.375 = 0.5 -> 0.5
    expect(c.kappa).toBeCloseTo(0.5, 12);
  });
});

describe("metricAgreement", () => {
  const row = (value: number, low: number, high: number, n = 10): ScoreRow => ({ run: "r", slice: "all", metric: "s_acc", value, n, ci_low: low, ci_high: high, judge_failures: 0 });

  it("flags a metric when each value lies outside the other's interval", () => {
    expect(metricAgreement([row(0.5, 0.4, 0.6)], [row(0.55, 0.45, 0.65)]).metrics[0]!.flagged).toBe(false);
    expect(metricAgreement([row(0.5, 0.4, 0.6)], [row(0.7, 0.62, 0.8)]).metrics[0]!.flagged).toBe(true);
    expect(metricAgreement([row(0.5, 0.4, 0.6)], [row(0.7, 0.62, 0.8)]).metrics[0]!.diff).toBeCloseTo(0.2, 12);
    expect(metricAgreement([row(0, 0, 0, 0)], [row(1, 1, 1, 0)]).metrics[0]!.flagged).toBe(false);
  });

  it("does not flag when only one value lies outside the other's interval", () => {
    // b = 0.65 is above a's interval [0.4, 0.6], but a = 0.5 lies inside b's wide interval [0.45, 0.85].
    expect(metricAgreement([row(0.5, 0.4, 0.6)], [row(0.65, 0.45, 0.85)]).metrics[0]!.flagged).toBe(false);
    // the mirror: a outside b's interval, b inside a's.
    expect(metricAgreement([row(0.65, 0.45, 0.85)], [row(0.5, 0.4, 0.6)]).metrics[0]!.flagged).toBe(false);
    // below as well as above: a = 0.3 [0.1, 0.5] vs b = 0.6 [0.55, 0.65]: b outside a's, a outside b's -> flagged;
    // with a's interval widened to [0.1, 0.7], b lies inside it -> not flagged.
    expect(metricAgreement([row(0.3, 0.1, 0.5)], [row(0.6, 0.55, 0.65)]).metrics[0]!.flagged).toBe(true);
    expect(metricAgreement([row(0.3, 0.1, 0.7)], [row(0.6, 0.55, 0.65)]).metrics[0]!.flagged).toBe(false);
  });

  it("lists score metrics that exist under one judge only", () => {
    const llm = { ...row(3, 2, 4), metric: "llm_score" as const };
    const match = { ...row(2, 1, 3), metric: "match_score" as const };
    expect(metricAgreement([llm], [match]).unmatched).toEqual(["llm_score (only a)", "match_score (only b)"]);
  });
});

describe("compareJudges", () => {
  const items: Item[] = [
    { id: "a1", dataset: "t", category: "answerable", video: "v", question: "q", reference: "r" },
    { id: "a2", dataset: "t", category: "answerable", video: "v", question: "q", reference: "r" },
    { id: "u1", dataset: "t", category: "object", video: "v", question: "q", reference: "r" },
    { id: "u2", dataset: "t", category: "object", video: "v", question: "q", reference: "r" },
  ];
  const j = (item: string, refused: boolean | null, correct: boolean | null, judge: string): Judgment => ({
    run: "r", item, judge, refused, correct, score: null, score_kind: null, reason_ok: null, error: refused === null ? "failed" : null,
  });

  it("pairs by (run, item), lists disagreements and recomputes the metrics under each judge", () => {
    const a = [j("a1", false, true, "A"), j("a2", false, false, "A"), j("u1", true, true, "A"), j("u2", false, false, "A")];
    const b = [j("a1", false, true, "B"), j("a2", false, true, "B"), j("u1", true, true, "B"), j("u2", null, null, "B")];
    const result = compareJudges(items, a, b, { score: { resamples: 0 } });
    expect(result.n).toBe(4);
    expect(result.judge_a).toBe("A");
    expect(result.disagreements.map((d) => [d.item, d.field])).toEqual([["a2", "correct"], ["u2", "failed"]]);
    // refused: A (F, F, T, F) vs B (F, F, T, failed)
    expect(result.refused.matrix).toEqual([[1, 0, 0], [0, 2, 1], [0, 0, 0]]);
    // s_acc under A: a1 C, u1 R -> 2 of 4; under B: a1, a2, u1 correct -> 3 of 4 (u2 failed, still counted)
    const sAcc = result.metrics.find((m) => m.metric === "s_acc" && m.slice === "all")!;
    expect([sAcc.a, sAcc.b, sAcc.n_a, sAcc.n_b, sAcc.judge_failures_b]).toEqual([0.5, 0.75, 4, 4, 1]);
    expect(sAcc.flagged).toBe(true);
  });
});
