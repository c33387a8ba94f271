// The slice worker's pair comparison (components/workers/compare.ts) against the real `uvqa compare` on the same
// files: any pair, with and without baselines, sliced by a field; the transition matrix between the two runs
// counted by hand; one item's outcomes read off an outcomes.arrow written as the report writes it.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { comparePair, itemOutcomes, outcomePairs, type PairState } from "../../components/workers/compare.ts";
import { loadState } from "../../components/worker-scoring.ts";
import { toArrowStream } from "../../loaders/storage/tables.ts";
import { runCli } from "../inference/helpers.ts";

// 12 items of this project's own invention: 6 answerable, 3 object, 3 relation; two question types.
const categories = ["answerable", "answerable", "answerable", "answerable", "answerable", "answerable", "object", "object", "object", "relation", "relation", "relation"] as const;
// Twins: t6..t11 (unanswerable) with t0..t5 (answerable), so the pair shares are compared too.
const items = categories.map((category, i) => ({
  id: `t${i}`, dataset: "test", category, video: `v${i % 4}`, question: `made-up question ${i}?`, reference: category === "answerable" ? `answer ${i}` : "The video does not show that.",
  question_type: i % 2 ? "what" : "how", pair: `t${(i + 6) % 12}`,
}));
// Outcome letters per run, item by item (C/W/R on answerable items, R/A on unanswerable ones, F a failed judgment).
const OUTCOMES: Record<string, string> = {
  u: "CCWRCW" + "AAR" + "ARA",
  p: "CRWRCC" + "RRR" + "RRA",
  o: "WCCFCR" + "AAA" + "RAA",
  q: "CCCRWR" + "RRA" + "RRR",
};
const runs = [
  { id: "u", model: "m", prompt: "unaligned", variant: "unaligned", baseline: null },
  { id: "p", model: "m", prompt: "prompt-aligned", variant: "prompt-aligned", baseline: "u" },
  { id: "o", model: "n", prompt: "unaligned", variant: "unaligned", baseline: null },
  { id: "q", model: "n", prompt: "prompt-aligned", variant: "prompt-aligned", baseline: "o" },
];
const judged = Object.entries(OUTCOMES).flatMap(([run, letters]) => [...letters].map((o, i) => {
  const item = `t${i}`;
  const score = (i * 7 + run.charCodeAt(0)) % 6;
  if (o === "F") return { run, item, response: "an answer the judge could not read", refused: null, correct: null, judge: "imported", error: "judge timed out" };
  return { run, item, refused: o === "R", correct: o === "C" || (categories[i] !== "answerable" && o === "R"), match_score: score };
}));
// The worker's state as it loads it: from the report's slim tables (outcomes.arrow, items.arrow), written as the report writes them.
const outcomesArrow = tableFromIPC(toArrowStream(judged.map((p) => ({
  run: p.run, item: Number(p.item.slice(1)), refused: p.refused, correct: p.correct,
  score: "match_score" in p ? p.match_score! : null, score_kind: "match_score" in p ? "match" : null,
})), { run: "category", item: "int", refused: "bool", correct: "bool", score: "double", score_kind: "category" }));
const itemsArrow = tableFromIPC(toArrowStream(items.map((item, i) => ({ item: i, id: item.id, dataset: item.dataset, category: item.category, video: item.video, question_type: item.question_type, flags: "", pair: item.pair === undefined ? null : Number(item.pair.slice(1)) })),
  { item: "int", id: "string", dataset: "category", category: "category", video: "string", question_type: "category", flags: "string", pair: "int" }));
const state: PairState = loadState(outcomesArrow, itemsArrow, runs, { seed: 11, resamples: 200 });

const dir = mkdtempSync(join(tmpdir(), "uvqa-compare-worker-"));
writeFileSync(join(dir, "items.jsonl"), items.map((i) => JSON.stringify(i)).join("\n") + "\n");
writeFileSync(join(dir, "predictions.jsonl"), judged.map((p) => JSON.stringify(p)).join("\n") + "\n");
writeFileSync(join(dir, "runs.json"), JSON.stringify(runs));

async function cliCompare(a: string, b: string, extra: string[]): Promise<unknown[]> {
  const out = join(dir, `out-${a}-${b}-${extra.join("_").replace(/\W/g, "")}`);
  const result = await runCli(["compare", "--items", join(dir, "items.jsonl"), "--predictions", join(dir, "predictions.jsonl"), "--runs", join(dir, "runs.json"),
    "--a", a, "--b", b, "--resamples", "200", "--seed", "11", ...extra, "--out", out]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(readFileSync(join(out, "comparisons.json"), "utf8"));
}

describe("comparePair", () => {
  it("a filter slice with the report's slice fields, in one call, equals one uvqa compare with the same flags", async () => {
    const mine = comparePair(state, { a: "u", b: "p", sliceFields: ["question_type"], slices: ["category=object,relation", "question_type=what"] }).rows;
    expect(mine).toEqual(await cliCompare("u", "p", ["--slice-by", "question_type", "--slice", "category=object,relation", "--slice", "question_type=what"]));
    expect(new Set(mine.map((r) => r.slice))).toContain("category=object,relation");
  });
  it("any pair equals uvqa compare on the same files, row for row (one side with a baseline: no alignment scores)", async () => {
    const mine = comparePair(state, { a: "o", b: "p", sliceFields: ["question_type"], slices: [] }).rows;
    expect(mine).toEqual(await cliCompare("o", "p", ["--slice-by", "question_type"]));
    expect(new Set(mine.map((r) => r.metric))).toEqual(new Set(["f1", "s_acc", "match_score", "pair_acc", "pair_refuse_both", "pair_answer_both", "pair_other"]));
    expect(new Set(mine.map((r) => r.slice))).toEqual(new Set(["all", "category:answerable", "category:object", "category:relation", "question_type:how", "question_type:what"]));
  });
  it("two aligned runs are compared on the alignment scores too, with their baselines' rows", async () => {
    const mine = comparePair(state, { a: "q", b: "p", sliceFields: [], slices: [] }).rows;
    expect(mine).toEqual(await cliCompare("q", "p", []));
    expect(mine.filter((r) => r.slice === "all").map((r) => r.metric)).toEqual(["f1", "s_acc", "match_score", "s_ex_ref", "s_permis", "s_disc", "s_align", "pair_acc", "pair_refuse_both", "pair_answer_both", "pair_other"]);
  });
  it("the transition matrix between the runs: A's outcome -> B's, items both have, counted by hand", () => {
    const { transitions } = comparePair(state, { a: "u", b: "p", sliceFields: [], slices: [] });
    const cells = (slice: string, table: string) => Object.fromEntries(transitions.filter((t) => t.slice === slice && t.table === table && t.count > 0).map((t) => [`${t.from}${t.to}`, t.count]));
    expect(transitions.every((t) => t.run === "p" && t.baseline === "u")).toBe(true);
    // answerable: u CCWRCW -> p CRWRCC: CC x2, CR, WW, RR, WC
    expect(cells("all", "answerable")).toEqual({ CC: 2, CR: 1, WW: 1, WC: 1, RR: 1 });
    // unanswerable: u AAR ARA -> p RRR RRA: AR x3, RR x2, AA x1
    expect(cells("all", "unanswerable")).toEqual({ AR: 3, RR: 2, AA: 1 });
    expect(cells("category:relation", "unanswerable")).toEqual({ AR: 1, RR: 1, AA: 1 });
    // o has a failed judgment (item t3): F appears on the answerable axis, with its item counted there.
    const withFailure = comparePair(state, { a: "o", b: "q", sliceFields: [], slices: [] }).transitions;
    expect(withFailure.filter((t) => t.slice === "all" && t.table === "answerable" && t.from === "F")).toEqual([
      expect.objectContaining({ to: "C", count: 0 }), expect.objectContaining({ to: "W", count: 0 }), expect.objectContaining({ to: "R", count: 1 }), expect.objectContaining({ to: "F", count: 0 }),
    ]);
  });
  it("a run the report lacks is an error naming it; A = B compares a run with itself and has no matrix", () => {
    expect(() => comparePair(state, { a: "u", b: "nope", sliceFields: [], slices: [] })).toThrow("unknown run: nope");
    const self = comparePair(state, { a: "u", b: "u", sliceFields: [], slices: [] });
    expect(self.transitions).toEqual([]);
    expect(self.rows.every((r) => r.diff === 0 && r.mcnemar_b === 0 && r.mcnemar_c === 0)).toBe(true);
  });
});

describe("itemOutcomes", () => {
  const outcomeRows = Object.entries(OUTCOMES).flatMap(([run, letters]) => [...letters].map((outcome, item) => ({
    run, item, outcome, base: run === "p" ? OUTCOMES.u![item] : null, refused: outcome === "F" ? null : outcome === "R", correct: null,
    reason_ok: outcome === "R" ? item % 2 === 0 : null, score: outcome === "F" ? null : item / 2, score_kind: outcome === "F" ? null : "match", outcome_2: null,
  })).filter((r) => !(r.run === "o" && r.item === 5)));
  const table = tableFromIPC(toArrowStream(outcomeRows, {
    run: "category", item: "int", outcome: "category", base: "category", refused: "bool", correct: "bool", reason_ok: "bool", score: "double", score_kind: "category", outcome_2: "category",
  }));
  it("the item's row under each run asked for, in that order; null where a run has no row", () => {
    const found = itemOutcomes(table, state.items, "t5", ["p", "o"])!;
    expect(found).toEqual({
      id: "t5", index: 5, category: "answerable",
      outcomes: [{ run: "p", outcome: "C", base: "W", refused: false, correct: null, reason_ok: null, score: 2.5, score_kind: "match" }, null],
    });
  });
  it("an id the report lacks gives null", () => {
    expect(itemOutcomes(table, state.items, "t99", ["p"])).toBeNull();
  });
});

describe("outcomePairs", () => {
  // A second judge that reads u's items t0..t5 as OUTCOMES.o does and leaves the others undecided (null).
  const rows = [...OUTCOMES.u!].map((outcome, item) => ({ run: "u", item, outcome, outcome_2: item < 6 ? OUTCOMES.o![item] : null }));
  const table = tableFromIPC(toArrowStream(rows, { run: "category", item: "int", outcome: "category", outcome_2: "category" }));
  it("counts (first judge, second judge) outcomes per run and category, skipping items the second judge lacks", () => {
    // u CCWRCW against o WCCFCR on the answerable items: CW, CC x2, WC, RF, WR
    expect(outcomePairs(table, state.items, ["u"])).toEqual([
      { run: "u", category: "answerable", outcome: "C", outcome_2: "C", count: 2 },
      { run: "u", category: "answerable", outcome: "C", outcome_2: "W", count: 1 },
      { run: "u", category: "answerable", outcome: "R", outcome_2: "F", count: 1 },
      { run: "u", category: "answerable", outcome: "W", outcome_2: "C", count: 1 },
      { run: "u", category: "answerable", outcome: "W", outcome_2: "R", count: 1 },
    ]);
    expect(outcomePairs(table, state.items, ["p"])).toEqual([]);
  });
});
