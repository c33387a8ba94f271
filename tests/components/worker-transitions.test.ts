// The slice worker's "transitions" message: the transition matrices of the aligned runs asked for, on the filter
// slices asked for, from the report's slim tables, as `uvqa score --slice` writes them (counted by hand here, and
// against scoreRuns).
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { loadState, transitionSlices } from "../../components/worker-scoring.ts";
import { scoreRuns, type JudgedRow, type MetricItem } from "../../loaders/metrics/index.ts";
import { toArrowStream } from "../../loaders/storage/tables.ts";
import type { Run } from "../../loaders/items/records.ts";

const items: MetricItem[] = [
  { id: "a1", category: "answerable", dataset: "s" }, { id: "a2", category: "answerable", dataset: "s" },
  { id: "a3", category: "answerable", dataset: "u" }, { id: "a4", category: "answerable", dataset: "u" },
  { id: "o1", category: "object", dataset: "s" }, { id: "o2", category: "object", dataset: "u" },
  { id: "o3", category: "object", dataset: "u" }, { id: "r1", category: "relation", dataset: "s" },
];
const runs: Run[] = [
  { id: "u", model: "m", prompt: "unaligned", variant: "unaligned", baseline: null },
  { id: "p", model: "m", prompt: "aligned", variant: "prompt-aligned", baseline: "u" },
];
const row = (run: string, item: string, refused: boolean | null, correct: boolean | null): JudgedRow => ({ run, item, refused, correct, score: null, score_kind: null });
// Baseline u: a1 C, a2 C, a3 R, a4 W; o1 A, o2 A, o3 R, r1 A.
// Aligned p:  a1 C, a2 R, a3 C, a4 W; o1 R, o2 A, o3 R, r1 R.
const rows: JudgedRow[] = [
  row("u", "a1", false, true), row("u", "a2", false, true), row("u", "a3", true, false), row("u", "a4", false, false),
  row("u", "o1", false, false), row("u", "o2", false, false), row("u", "o3", true, true), row("u", "r1", false, false),
  row("p", "a1", false, true), row("p", "a2", true, false), row("p", "a3", false, true), row("p", "a4", false, false),
  row("p", "o1", true, true), row("p", "o2", false, false), row("p", "o3", true, true), row("p", "r1", true, true),
];
const position = new Map(items.map((it, i) => [it.id, i]));
const state = loadState(
  tableFromIPC(toArrowStream(rows.map((r) => ({ run: r.run, item: position.get(r.item), refused: r.refused, correct: r.correct, score: null, score_kind: null })),
    { run: "category", item: "int", refused: "bool", correct: "bool", score: "double", score_kind: "category" })),
  tableFromIPC(toArrowStream(items.map((it, i) => ({ item: i, id: it.id, category: it.category, dataset: it.dataset, flags: "", pair: null })),
    { item: "int", id: "string", category: "category", dataset: "category", flags: "string", pair: "int" })),
  runs, { seed: 7, resamples: 1000 },
);
const nonZero = (list: ReturnType<typeof transitionSlices>) => list.filter((r) => r.count > 0).map((r) => `${r.slice} ${r.table} ${r.from}->${r.to} ${r.count}`);

describe("transitionSlices (the worker's \"transitions\" message)", () => {
  it("counts each (baseline, aligned) outcome pair of the aligned run on each filter slice", () => {
    expect(nonZero(transitionSlices(state, ["category=object,relation", "dataset=u"], ["p", "u"]))).toEqual([
      "category=object,relation unanswerable R->R 1", "category=object,relation unanswerable A->R 2", "category=object,relation unanswerable A->A 1",
      "dataset=u answerable W->W 1", "dataset=u answerable R->C 1",
      "dataset=u unanswerable R->R 1", "dataset=u unanswerable A->A 1",
    ]);
  });
  it("gives every cell, zeros too, named by the expression asked for, equal to uvqa score --slice's", () => {
    const expr = "category=relation,object"; // not canonical: named as asked, like the worker's scores
    const got = transitionSlices(state, [expr], ["p"]);
    const expected = scoreRuns(items, rows, runs, { slices: [expr] }).transitions.filter((t) => t.slice === "category=object,relation");
    expect(expected).toHaveLength(13);
    expect(got).toEqual(expected.map((t) => ({ ...t, slice: expr })));
  });
  it("nothing for runs without a baseline, or no slice", () => {
    expect(transitionSlices(state, ["dataset=s"], ["u"])).toEqual([]);
    expect(transitionSlices(state, [], ["p"])).toEqual([]);
  });
});
