import { describe, expect, it } from "vitest";
import { compareRuns, type ComparisonRow } from "../../loaders/metrics/index.ts";
import { base, dpo, items, runs, self } from "./fixtures.ts";

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

  it("throws on an unknown run", () => {
    expect(() => compareRuns(items, rows, "base", "nope")).toThrow("unknown run: nope");
  });
});
