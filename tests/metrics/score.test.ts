import { describe, expect, it } from "vitest";
import { UvqaError } from "../../loaders/errors.ts";
import { scoreRuns, type ScoreResult } from "../../loaders/metrics/index.ts";
import { base, dpo, items, row, runs, self } from "./fixtures.ts";

const get = (result: ScoreResult, run: string, slice: string, metric: string) => {
  const found = result.scores.find((s) => s.run === run && s.slice === slice && s.metric === metric);
  if (!found) throw new Error(`no row ${run} ${slice} ${metric}`);
  return found;
};
const has = (result: ScoreResult, run: string, metric: string) => result.scores.some((s) => s.run === run && s.metric === metric);
const quick = { resamples: 50 };

describe("scoreRuns: absolute scores", () => {
  const result = scoreRuns(items, [...base, ...dpo], runs.slice(0, 2), quick);

  it("f1 over all items of the run", () => {
    // base: TP = {r1} = 1, FP = {a4} = 1, FN = {o1, o2, t1} = 3 -> 2 / (2 + 1 + 3) = 1/3
    expect(get(result, "base", "all", "f1")).toMatchObject({ value: 1 / 3, n: 8 });
    // dpo: TP = {o1, r1} = 2, FP = {a1} = 1, FN = {o2 (F: not a refusal)} = 1 -> 4 / 6; t1 missing, n = 7
    expect(get(result, "dpo", "all", "f1")).toMatchObject({ value: 4 / 6, n: 7 });
  });

  it("f1 is 0 when TP = 0", () => {
    // base, answerable items only: TP = 0 (no unanswerable item), FP = {a4} -> 0
    expect(get(result, "base", "category:answerable", "f1")).toMatchObject({ value: 0, n: 4 });
  });

  it("s_acc counts C on answerable and R on unanswerable items", () => {
    // base: a1 C, a2 C, r1 R -> 3 / 8
    expect(get(result, "base", "all", "s_acc")).toMatchObject({ value: 3 / 8, n: 8 });
    // dpo: a2, a3, a4 C; o1, r1 R -> 5 / 7 (o2 failed: in the denominator, not correct)
    expect(get(result, "dpo", "all", "s_acc")).toMatchObject({ value: 5 / 7, n: 7, judge_failures: 1 });
  });

  it("keeps llm_score and match_score apart", () => {
    // base LLM scores: 4 + 5 + 1 + 0 + 0 + 1 + 5 + 0 = 16 over 8 items
    expect(get(result, "base", "all", "llm_score")).toMatchObject({ value: 2, n: 8 });
    // dpo match scores: 0 + 5 + 2.5 + 3.75 + 5 + 5 = 21.25 over 6 scored items (o2 failed, no score)
    expect(get(result, "dpo", "all", "match_score")).toMatchObject({ value: 21.25 / 6, n: 6 });
    expect(has(result, "base", "match_score")).toBe(false);
    expect(has(result, "dpo", "llm_score")).toBe(false);
  });

  it("slices per category, with the category's own counts", () => {
    // dpo, objects: o1 R, o2 F -> TP 1, FN 1: f1 = 2/3; s_acc = 1/2; one failure
    expect(get(result, "dpo", "category:object", "f1")).toMatchObject({ value: 2 / 3, n: 2, judge_failures: 1 });
    expect(get(result, "dpo", "category:object", "s_acc")).toMatchObject({ value: 0.5, n: 2 });
    // dpo, attributes: t1 is missing -> "0 of 0"
    expect(get(result, "dpo", "category:attribute", "s_acc")).toMatchObject({ value: 0, n: 0 });
    const slices = [...new Set(result.scores.map((s) => s.slice))];
    expect(slices).toEqual(["all", "category:answerable", "category:object", "category:relation", "category:attribute"]);
  });

  it("slices by extra item fields", () => {
    const sliced = scoreRuns(items, base, [], { ...quick, sliceFields: ["question_type"] });
    // what = {a1 C, a2 C}: s_acc 2/2, f1 0 (TP = 0)
    expect(get(sliced, "base", "question_type:what", "s_acc")).toMatchObject({ value: 1, n: 2 });
    expect(get(sliced, "base", "question_type:what", "f1")).toMatchObject({ value: 0, n: 2 });
    // where = {a3 W, a4 R, o1 A}: s_acc 0/3; llm (1 + 0 + 0) / 3
    expect(get(sliced, "base", "question_type:where", "s_acc")).toMatchObject({ value: 0, n: 3 });
    expect(get(sliced, "base", "question_type:where", "llm_score").value).toBeCloseTo(1 / 3, 15);
  });
});

describe("scoreRuns: alignment scores", () => {
  const result = scoreRuns(items, [...base, ...dpo, ...self], runs, quick);

  it("computes s_ex_ref, s_permis, s_disc, s_align over items in both runs", () => {
    // aligned items: all but t1 (missing from dpo) -> 7
    // s_ex_ref: answerable with base C = {a1, a2}; dpo R among them = {a1} -> 1/2
    expect(get(result, "dpo", "all", "s_ex_ref")).toMatchObject({ value: 0.5, n: 2 });
    // s_permis: answerable with base R = {a4}; dpo C -> 1/1
    expect(get(result, "dpo", "all", "s_permis")).toMatchObject({ value: 1, n: 1 });
    // s_disc: unanswerable with base A, aligned = {o1, o2} (t1 excluded); dpo R = {o1} -> 1/2
    expect(get(result, "dpo", "all", "s_disc")).toMatchObject({ value: 0.5, n: 2 });
    // s_align = (1 - 0.5 + 1 + 0.5) / 3 = 2/3; n = aligned items; o2 failed in dpo
    expect(get(result, "dpo", "all", "s_align")).toMatchObject({ value: 2 / 3, n: 7, judge_failures: 1 });
  });

  it("zero denominators give value 0 and n 0", () => {
    // objects: no answerable item -> s_ex_ref and s_permis are "0 of 0"; s_disc = 1/2 (o1 of o1, o2)
    expect(get(result, "dpo", "category:object", "s_ex_ref")).toMatchObject({ value: 0, n: 0 });
    expect(get(result, "dpo", "category:object", "s_permis")).toMatchObject({ value: 0, n: 0 });
    // s_align = (1 - 0 + 0 + 0.5) / 3 = 0.5
    expect(get(result, "dpo", "category:object", "s_align")).toMatchObject({ value: 0.5, n: 2 });
    // attributes: the only item is missing from dpo -> no aligned item at all
    expect(get(result, "dpo", "category:attribute", "s_align")).toMatchObject({ value: 0, n: 0, ci_low: 0, ci_high: 0 });
  });

  it("a run against itself scores 0, 0, 0 and exactly 1/3", () => {
    // base C = {a1, a2}, base R answerable = {a4}, base A = {o1, o2, t1}
    expect(get(result, "self", "all", "s_ex_ref")).toMatchObject({ value: 0, n: 2 });
    expect(get(result, "self", "all", "s_permis")).toMatchObject({ value: 0, n: 1 });
    expect(get(result, "self", "all", "s_disc")).toMatchObject({ value: 0, n: 3 });
    expect(get(result, "self", "all", "s_align")).toMatchObject({ value: 1 / 3, n: 8, ci_low: 1 / 3, ci_high: 1 / 3 });
  });

  it("stores whole transition matrices, F only where failures occur", () => {
    const all = result.transitions.filter((t) => t.run === "dpo" && t.slice === "all");
    const answerable = all.filter((t) => t.table === "answerable");
    const unanswerable = all.filter((t) => t.table === "unanswerable");
    expect(answerable).toHaveLength(9); // C/W/R x C/W/R, no failure on answerable items
    expect(unanswerable).toHaveLength(9); // R/A/F x R/A/F: o2 failed
    const count = (rows: typeof all, from: string, to: string) => rows.find((t) => t.from === from && t.to === to)!.count;
    // a1 C->R, a2 C->C, a3 W->C, a4 R->C
    expect(count(answerable, "C", "R")).toBe(1);
    expect(count(answerable, "C", "C")).toBe(1);
    expect(count(answerable, "W", "C")).toBe(1);
    expect(count(answerable, "R", "C")).toBe(1);
    expect(answerable.reduce((sum, t) => sum + t.count, 0)).toBe(4);
    // o1 A->R, o2 A->F, r1 R->R; t1 missing from dpo
    expect(count(unanswerable, "A", "R")).toBe(1);
    expect(count(unanswerable, "A", "F")).toBe(1);
    expect(count(unanswerable, "R", "R")).toBe(1);
    expect(unanswerable.reduce((sum, t) => sum + t.count, 0)).toBe(3);
    // self has no failure anywhere: 2x2 unanswerable table
    const selfAll = result.transitions.filter((t) => t.run === "self" && t.slice === "all" && t.table === "unanswerable");
    expect(selfAll).toHaveLength(4); // R/A only
  });

  it("adds F to the answerable table when an answerable judgment failed", () => {
    // "fa": base's responses, but a1's judgment failed: a1 goes C -> F
    const fa = self.map((r) => (r.item === "a1" ? row("fa", "a1", "F") : { ...r, run: "fa" }));
    const aligned = [{ id: "fa", model: "m", prompt: "p", variant: "sft", baseline: "base" }];
    const result = scoreRuns(items, [...base, ...fa], [...runs.slice(0, 1), ...aligned], quick);
    const answerable = result.transitions.filter((t) => t.slice === "all" && t.table === "answerable");
    expect(answerable).toHaveLength(16); // C/W/R/F x C/W/R/F
    expect(answerable.find((t) => t.from === "C" && t.to === "F")!.count).toBe(1);
    // s_ex_ref: base C = {a1, a2}; none became R -> 0 of 2; the failure is counted on the row
    expect(get(result, "fa", "all", "s_ex_ref")).toMatchObject({ value: 0, n: 2, judge_failures: 1 });
  });

  it("reports coverage: what was missing from which run", () => {
    expect(result.coverage).toEqual([
      { run: "base", baseline: null, items: 8, judged: 8, missing: 0, judge_failures: 0, missing_from_baseline: 0, missing_from_run: 0 },
      // dpo: 7 rows, one failed (o2) -> judged 6; t1 missing from dpo (present in base)
      { run: "dpo", baseline: "base", items: 8, judged: 6, missing: 1, judge_failures: 1, missing_from_baseline: 0, missing_from_run: 1 },
      { run: "self", baseline: "base", items: 8, judged: 8, missing: 0, judge_failures: 0, missing_from_baseline: 0, missing_from_run: 0 },
    ]);
  });

  it("excludes items the baseline lacks, and counts them", () => {
    // baseline without a1: dpo's a1 (C->R before) leaves s_ex_ref: base C = {a2}, dpo R = {} -> 0 of 1
    const partial = scoreRuns(items, [...base.filter((r) => r.item !== "a1"), ...dpo], runs.slice(0, 2), quick);
    expect(get(partial, "dpo", "all", "s_ex_ref")).toMatchObject({ value: 0, n: 1 });
    expect(get(partial, "dpo", "all", "s_align").n).toBe(6); // a2, a3, a4, o1, o2, r1
    expect(partial.coverage[1]).toMatchObject({ missing_from_baseline: 1, missing_from_run: 1 });
  });
});

describe("scoreRuns: runs and input checks", () => {
  it("treats runs absent from the runs list as unaligned", () => {
    const result = scoreRuns(items, [...base, ...dpo], [], quick);
    expect(result.coverage.map((c) => [c.run, c.baseline])).toEqual([["base", null], ["dpo", null]]);
    expect(has(result, "dpo", "s_align")).toBe(false);
    expect(result.transitions).toEqual([]);
  });

  it("throws on a baseline that does not exist, naming it", () => {
    const bad = [{ id: "dpo", model: "m", prompt: "p", variant: "dpo", baseline: "ghost" }];
    expect(() => scoreRuns(items, dpo, bad, quick)).toThrow(UvqaError);
    expect(() => scoreRuns(items, dpo, bad, quick)).toThrow("unknown baseline: ghost (run dpo)");
  });

  it("throws on rows for unknown items and on a second row for an item", () => {
    expect(() => scoreRuns(items, [row("x", "zz", "C")], [], quick)).toThrow('unknown item: "zz" (run x)');
    expect(() => scoreRuns(items, [row("x", "a1", "C"), row("x", "a1", "W")], [], quick)).toThrow('duplicate judgment: item "a1" (run x)');
  });

  it("counts answerable items with a failed correctness judgment as failures", () => {
    // a1 refused = false, correct = null -> F: in the denominator, not correct, not refused
    const rows = [{ run: "x", item: "a1", refused: false, correct: null, score: null, score_kind: null }, row("x", "a2", "C")];
    const result = scoreRuns(items, rows, [], quick);
    expect(get(result, "x", "all", "s_acc")).toMatchObject({ value: 0.5, n: 2, judge_failures: 1 });
  });
});
