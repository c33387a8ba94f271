import { describe, expect, it } from "vitest";
import { compareRuns, type ComparisonRow } from "../../loaders/metrics/index.ts";
import type { Run } from "../../loaders/items/records.ts";
import { base, dpo, items, row, runs, self } from "./fixtures.ts";

const get = (rows: ComparisonRow[], slice: string, metric: string) => {
  const found = rows.find((r) => r.slice === slice && r.metric === metric);
  if (!found) throw new Error(`no row ${slice} ${metric}`);
  return found;
};

describe("compareRuns", () => {
  const rows = [...base, ...dpo, ...self];

  it("gives paired differences b - a over the items both runs have", () => {
    const result = compareRuns(items, rows, "base", "dpo", { resamples: 200 });
    // shared: a1..a4, o1, o2, r1 (t1 missing from dpo)
    // s_acc: base {a1, a2, r1} = 3/7; dpo {a2, a3, a4, o1, r1} = 5/7; diff 2/7
    const acc = get(result, "all", "s_acc");
    expect(acc).toMatchObject({ value_a: 3 / 7, value_b: 5 / 7, n: 7 });
    expect(acc.diff).toBeCloseTo(2 / 7, 15);
    expect(acc.ci_low).toBeLessThanOrEqual(acc.diff);
    expect(acc.ci_high).toBeGreaterThanOrEqual(acc.diff);
    // f1: base TP {r1} FP {a4} FN {o1, o2} -> 2/5; dpo TP {o1, r1} FP {a1} FN {o2} -> 4/6; diff 4/15
    const f = get(result, "all", "f1");
    expect(f).toMatchObject({ value_a: 0.4, value_b: 4 / 6 });
    expect(f.diff).toBeCloseTo(4 / 15, 15);
    // McNemar on correct: a correct & b not = {a1} -> 1; a not & b correct = {a3, a4, o1} -> 3
    // p = 2 * P(X <= 1 | 4, 1/2) = 2 * 5/16 = 0.625
    expect(acc).toMatchObject({ mcnemar_b: 1, mcnemar_c: 3 });
    expect(acc.mcnemar_p).toBeCloseTo(0.625, 12);
    // base has only LLM scores and dpo only match scores: neither mean is compared
    expect(result.some((r) => r.metric === "llm_score" || r.metric === "match_score")).toBe(false);
    // no runs given: no alignment scores
    expect(result.some((r) => r.metric === "s_align")).toBe(false);
  });

  it("per slice: objects", () => {
    const result = compareRuns(items, rows, "base", "dpo", { resamples: 200 });
    // objects: base o1 A, o2 A -> s_acc 0; dpo o1 R, o2 F -> 1/2; McNemar b 0, c 1 -> p 1
    expect(get(result, "category:object", "s_acc")).toMatchObject({ value_a: 0, value_b: 0.5, diff: 0.5, n: 2, mcnemar_b: 0, mcnemar_c: 1, mcnemar_p: 1 });
  });

  it("resamples the same items for both runs: identical runs differ by exactly 0", () => {
    const result = compareRuns(items, rows, "base", "self", { resamples: 200 });
    for (const r of result) expect([r.diff, r.ci_low, r.ci_high, r.mcnemar_p]).toEqual([0, 0, 0, 1]);
    // both have LLM scores: (4 + 5 + 1 + 0 + 0 + 1 + 5 + 0) / 8 = 2 on each side
    expect(get(result, "all", "llm_score")).toMatchObject({ value_a: 2, value_b: 2, n: 8 });
  });

  it("compares alignment scores when both runs name a baseline", () => {
    const result = compareRuns(items, rows, "self", "dpo", { resamples: 200, runs });
    // shared with dpo: all but t1. self vs base: s_disc 0 of {o1, o2}; dpo: 1/2 -> diff 0.5
    expect(get(result, "all", "s_disc")).toMatchObject({ value_a: 0, value_b: 0.5, diff: 0.5 });
    // s_align: self 1/3; dpo (1 - 1/2 + 1 + 1/2) / 3 = 2/3 -> diff 1/3
    const align = get(result, "all", "s_align");
    expect(align.value_a).toBe(1 / 3);
    expect(align.value_b).toBe(2 / 3);
    expect(align.diff).toBeCloseTo(1 / 3, 15);
  });

  describe("each side's denominator and judge failures next to the paired n", () => {
    // 5 items: a1 a2 a3 answerable, u1 u2 object.
    const small = [
      { id: "a1", category: "answerable" }, { id: "a2", category: "answerable" }, { id: "a3", category: "answerable" },
      { id: "u1", category: "object" }, { id: "u2", category: "object" },
    ] as const;
    const judged = [
      // b0: no C, no answerable R, no A: every alignment denominator against it is 0.
      row("b0", "a1", "W"), row("b0", "a2", "W"), row("b0", "a3", "W"), row("b0", "u1", "R"), row("b0", "u2", "R"),
      // b1: C {a1, a2}, answerable R {a3}, A {u1, u2}.
      row("b1", "a1", "C"), row("b1", "a2", "C"), row("b1", "a3", "R"), row("b1", "u1", "A"), row("b1", "u2", "A"),
      // x (baseline b0), LLM scores on a1 a2 a3.
      row("x", "a1", "R", 4, "llm"), row("x", "a2", "C", 2, "llm"), row("x", "a3", "W", 0, "llm"), row("x", "u1", "R"), row("x", "u2", "A"),
      // y (baseline b0): a3 failed.
      row("y", "a1", "C"), row("y", "a2", "C"), row("y", "a3", "F"), row("y", "u1", "A"), row("y", "u2", "R"),
      // z (baseline b1), LLM scores on a1 and u1; u2 failed.
      row("z", "a1", "R", 5, "llm"), row("z", "a2", "C"), row("z", "a3", "C"), row("z", "u1", "R", 1, "llm"), row("z", "u2", "F"),
    ];
    const declared: Run[] = [
      { id: "b0", model: "m", prompt: "plain", variant: "unaligned", baseline: null },
      { id: "b1", model: "m", prompt: "plain", variant: "unaligned", baseline: null },
      { id: "x", model: "m", prompt: "plain", variant: "dpo", baseline: "b0" },
      { id: "y", model: "m", prompt: "plain", variant: "dpo", baseline: "b0" },
      { id: "z", model: "m", prompt: "plain", variant: "dpo", baseline: "b1" },
    ];

    it("alignment scores with 0-of-0 denominators on both sides show n_a = n_b = 0", () => {
      const result = compareRuns([...small], judged, "x", "y", { resamples: 50, runs: declared });
      // b0 has no answerable C (s_ex_ref), no answerable R (s_permis), no A (s_disc): 0 of 0 on both sides,
      // while n is still the 5 shared items. y's failure on a3 is an aligned failure on y's side only.
      for (const metric of ["s_ex_ref", "s_permis", "s_disc"]) {
        expect(get(result, "all", metric)).toMatchObject({
          value_a: 0, value_b: 0, diff: 0, n: 5, n_a: 0, n_b: 0, judge_failures_a: 0, judge_failures_b: 1,
        });
      }
      // s_align counts the aligned items: all 5 on each side, both 1/3.
      expect(get(result, "all", "s_align")).toMatchObject({ value_a: 1 / 3, value_b: 1 / 3, n: 5, n_a: 5, n_b: 5, judge_failures_a: 0, judge_failures_b: 1 });
      // s_acc and f1 count every shared item on each side.
      expect(get(result, "all", "s_acc")).toMatchObject({ n: 5, n_a: 5, n_b: 5, judge_failures_a: 0, judge_failures_b: 1 });
      // per slice: object items are 0 of 0 for s_disc, and a3's failure is not in the slice.
      expect(get(result, "category:object", "s_disc")).toMatchObject({ n: 2, n_a: 0, n_b: 0, judge_failures_a: 0, judge_failures_b: 0 });
      // y has no scores: no llm_score row.
      expect(result.some((r) => r.metric === "llm_score")).toBe(false);
    });

    it("different non-zero denominators on each side", () => {
      const result = compareRuns([...small], judged, "x", "z", { resamples: 50, runs: declared });
      // z against b1: s_ex_ref = {a1} of b1's C {a1, a2} = 1/2; s_permis = {a3} of {a3} = 1;
      // s_disc = {u1} of b1's A {u1, u2} = 1/2 (u2 failed: in the denominator, counted as a failure).
      expect(get(result, "all", "s_ex_ref")).toMatchObject({ value_a: 0, value_b: 0.5, n: 5, n_a: 0, n_b: 2, judge_failures_a: 0, judge_failures_b: 1 });
      expect(get(result, "all", "s_permis")).toMatchObject({ value_a: 0, value_b: 1, n: 5, n_a: 0, n_b: 1 });
      expect(get(result, "all", "s_disc")).toMatchObject({ value_a: 0, value_b: 0.5, n: 5, n_a: 0, n_b: 2 });
      // llm_score: x (4 + 2 + 0) / 3 = 2 over 3 scored items; z (5 + 1) / 2 = 3 over 2; diff 1.
      const llm = get(result, "all", "llm_score");
      expect(llm).toMatchObject({ value_a: 2, value_b: 3, n: 5, n_a: 3, n_b: 2, judge_failures_a: 0, judge_failures_b: 1 });
      expect(llm.diff).toBeCloseTo(1, 15);
      // answerable slice: x scored a1 a2 a3 (3), z scored a1 (1); no failure there.
      expect(get(result, "category:answerable", "llm_score")).toMatchObject({ n: 3, n_a: 3, n_b: 1, judge_failures_a: 0, judge_failures_b: 0 });
    });
  });

  it("throws on an unknown run", () => {
    expect(() => compareRuns(items, rows, "base", "nope")).toThrow("unknown run: nope");
  });
});
