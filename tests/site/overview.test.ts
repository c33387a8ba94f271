import { describe, expect, it } from "vitest";
import { COLUMNS, hasAlignedRuns, referenceRows, runRows } from "../../components/overview.ts";
import type { ReferenceRow, RunRow, ScoreRow } from "../../components/scores.ts";

const run = (id: string, variant: string, baseline: string | null): RunRow => ({
  id, model: "m", prompt: "p", prompt_hash: null, variant, baseline, judge: "builtin", items: 4, missing: 0, dataset: "d",
});
const score = (run: string, slice: string, metric: ScoreRow["metric"], value: number, n: number): ScoreRow => ({
  run, slice, metric, value, n, ci_low: value / 2, ci_high: value, judge_failures: 0,
});

describe("COLUMNS", () => {
  it("follows the paper's column order, then the built-in judge's match score", () => {
    expect(COLUMNS.map((c) => c.metric)).toEqual(["f1", "s_ex_ref", "s_permis", "s_disc", "s_align", "s_acc", "llm_score", "match_score"]);
  });
  it("never labels the heuristic match score as an LLM score", () => {
    const match = COLUMNS.find((c) => c.metric === "match_score")!;
    expect(match.label).not.toMatch(/llm/i);
    expect(match.label).toMatch(/heuristic/);
    expect(match.title).toMatch(/not an LLM score/);
  });
  it("says lower is better only for excessive refusal", () => {
    expect(COLUMNS.filter((c) => c.better === "lower").map((c) => c.metric)).toEqual(["s_ex_ref"]);
  });
});

describe("runRows", () => {
  const runs = [run("base", "unaligned", null), run("aligned", "prompt-aligned", "base")];
  const scores = [
    score("aligned", "all", "f1", 0.5, 4),
    score("aligned", "category:object", "f1", 1, 1), // another slice: not in the overview
    score("base", "all", "s_disc", 0, 0),
    score("orphan", "all", "s_acc", 0.25, 4),
  ];

  it("keeps the runs table's order and puts each score in its run's row", () => {
    const rows = runRows(runs, scores);
    expect(rows.map((r) => r.key)).toEqual(["base", "aligned", "orphan"]);
    expect(rows[1].cells.f1).toEqual({ metric: "f1", slice: "all", value: 0.5, n: 4, ci_low: 0.25, ci_high: 0.5, judge_failures: 0 });
    expect(rows[1].baseline).toBe("base");
  });
  it("keeps a 0 of 0 as a cell with n = 0, not as a missing cell", () => {
    expect(runRows(runs, scores)[0].cells.s_disc).toMatchObject({ value: 0, n: 0 });
    expect(runRows(runs, scores)[0].cells.f1).toBeUndefined();
  });
  it("shows a scored run missing from the runs table under its id", () => {
    expect(runRows(runs, scores)[2]).toMatchObject({ source: "run", key: "orphan", model: "orphan", variant: "?", baseline: null });
  });
  it("pivots another slice on request", () => {
    expect(runRows(runs, scores, "category:object")[1].cells.f1?.value).toBe(1);
  });
});

describe("referenceRows", () => {
  it("groups the published values by base model and variant, without intervals", () => {
    const reference: ReferenceRow[] = [
      { base_model: "VLM-RLAIF (7B)", variant: "unaligned", metric: "f1", value: 0 },
      { base_model: "VLM-RLAIF (7B)", variant: "unaligned", metric: "llm_score", value: 2.36 },
      { base_model: "VLM-RLAIF (7B)", variant: "DPO", metric: "f1", value: 0.66 },
    ];
    const rows = referenceRows(reference);
    expect(rows.map((r) => [r.source, r.model, r.variant])).toEqual([
      ["paper", "VLM-RLAIF (7B)", "unaligned"],
      ["paper", "VLM-RLAIF (7B)", "DPO"],
    ]);
    expect(rows[0].cells.llm_score).toEqual({ metric: "llm_score", slice: "all", value: 2.36, n: null, ci_low: null, ci_high: null, judge_failures: 0 });
    expect(rows[1].cells.llm_score).toBeUndefined();
  });
});

describe("hasAlignedRuns", () => {
  it("is false until some run names a baseline", () => {
    expect(hasAlignedRuns([])).toBe(false);
    expect(hasAlignedRuns([run("a", "unaligned", null)])).toBe(false);
    expect(hasAlignedRuns([run("a", "unaligned", null), run("b", "dpo", "a")])).toBe(true);
  });
});
