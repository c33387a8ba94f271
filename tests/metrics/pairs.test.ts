import { randomLcg } from "d3-random";
import { describe, expect, it } from "vitest";
import { compareRuns, scoreRuns, type JudgedRow, type MetricItem, type ScoreResult } from "../../loaders/metrics/index.ts";
import { row } from "./fixtures.ts";

const get = (result: ScoreResult, run: string, slice: string, metric: string) => {
  const found = result.scores.find((s) => s.run === run && s.slice === slice && s.metric === metric);
  if (!found) throw new Error(`no row ${run} ${slice} ${metric}`);
  return found;
};

// Five pairs (o1-a1, o2-a2, r1-a3, r2-a4, t1-a5) and three unanswerable items that are not pairs: t2 names
// an item not in the set, o3 names an unanswerable item; a6 is an answerable item with no twin.
const items: MetricItem[] = [
  { id: "a1", category: "answerable", pair: "o1", question_type: "where" },
  { id: "a2", category: "answerable", pair: "o2" },
  { id: "a3", category: "answerable", pair: "r1" },
  { id: "a4", category: "answerable", pair: "r2" },
  { id: "a5", category: "answerable", pair: "t1" },
  { id: "a6", category: "answerable" },
  { id: "o1", category: "object", pair: "a1", question_type: "what" },
  { id: "o2", category: "object", pair: "a2", question_type: "what" },
  { id: "r1", category: "relation", pair: "a3" },
  { id: "r2", category: "relation", pair: "a4" },
  { id: "t1", category: "attribute", pair: "a5" },
  { id: "t2", category: "attribute", pair: "ghost" },
  { id: "o3", category: "object", pair: "o1" },
];

// x: o1 R + a1 C (tells apart), o2 R + a2 R (refuses both), r1 A + a3 W (answers both),
//    r2 A + a4 R (other: the wrong one refused), t1 R + a5 F (other: a failed judgment);
//    t2 R, o3 R, a6 C are in no pair.
const x: JudgedRow[] = [
  row("x", "o1", "R"), row("x", "a1", "C"), row("x", "o2", "R"), row("x", "a2", "R"),
  row("x", "r1", "A"), row("x", "a3", "W"), row("x", "r2", "A"), row("x", "a4", "R"),
  row("x", "t1", "R"), row("x", "a5", "F"), row("x", "t2", "R"), row("x", "o3", "R"), row("x", "a6", "C"),
];

describe("twin-pair shares", () => {
  const result = scoreRuns(items, x, [], { resamples: 200 });

  it("over the pairs of the run: tells apart, refuses both, answers both, the rest", () => {
    // 5 pairs: 1 apart (o1), 1 refuses both (o2), 1 answers both (r1), 2 other (r2 swapped, t1 failed)
    expect(get(result, "x", "all", "pair_acc")).toMatchObject({ value: 1 / 5, n: 5, judge_failures: 1 });
    expect(get(result, "x", "all", "pair_refuse_both")).toMatchObject({ value: 1 / 5, n: 5, judge_failures: 1 });
    expect(get(result, "x", "all", "pair_answer_both")).toMatchObject({ value: 1 / 5, n: 5, judge_failures: 1 });
    expect(get(result, "x", "all", "pair_other")).toMatchObject({ value: 2 / 5, n: 5, judge_failures: 1 });
  });

  it("counts each pair in the slices of its unanswerable item", () => {
    // objects: o1 apart, o2 refuses both (o3 names no answerable twin)
    expect(get(result, "x", "category:object", "pair_acc")).toMatchObject({ value: 1 / 2, n: 2, judge_failures: 0 });
    expect(get(result, "x", "category:object", "pair_refuse_both")).toMatchObject({ value: 1 / 2, n: 2 });
    // relations: r1 answers both, r2 other
    expect(get(result, "x", "category:relation", "pair_answer_both")).toMatchObject({ value: 1 / 2, n: 2 });
    expect(get(result, "x", "category:relation", "pair_other")).toMatchObject({ value: 1 / 2, n: 2, judge_failures: 0 });
    // attributes: t1 (failed twin) only; t2's twin is not in the set
    expect(get(result, "x", "category:attribute", "pair_other")).toMatchObject({ value: 1, n: 1, judge_failures: 1 });
    // no pair is counted on the answerable side: "0 of 0"
    expect(get(result, "x", "category:answerable", "pair_acc")).toMatchObject({ value: 0, n: 0, ci_low: 0, ci_high: 0 });
    // question_type: o1 and o2 are "what" (a1, their twin's "where", does not count)
    const sliced = scoreRuns(items, x, [], { resamples: 0, sliceFields: ["question_type"] });
    expect(get(sliced, "x", "question_type:what", "pair_acc")).toMatchObject({ value: 1 / 2, n: 2 });
    expect(get(sliced, "x", "question_type:where", "pair_acc")).toMatchObject({ value: 0, n: 0 });
  });

  it("leaves out a pair whose twin (or unanswerable item) the run lacks", () => {
    // y = x without a1 and without r2: pairs o2, r1, t1 remain
    const y = x.filter((r) => r.item !== "a1" && r.item !== "r2").map((r) => ({ ...r, run: "y" }));
    const scored = scoreRuns(items, y, [], { resamples: 0 });
    expect(get(scored, "y", "all", "pair_acc")).toMatchObject({ value: 0, n: 3 });
    expect(get(scored, "y", "all", "pair_refuse_both")).toMatchObject({ value: 1 / 3, n: 3 });
    expect(get(scored, "y", "all", "pair_other")).toMatchObject({ value: 1 / 3, n: 3, judge_failures: 1 });
  });

  it("are left out for a run with no complete pair", () => {
    const answerableOnly = scoreRuns(items, [row("z", "a1", "C"), row("z", "a2", "C")], [], { resamples: 0 });
    expect(answerableOnly.scores.some((s) => s.metric.startsWith("pair_"))).toBe(false);
  });

  it("the four shares add up to 1 in every slice with pairs, the intervals contain the value", () => {
    for (const slice of ["all", "category:object", "category:relation", "category:attribute"]) {
      const shares = ["pair_acc", "pair_refuse_both", "pair_answer_both", "pair_other"].map((m) => get(result, "x", slice, m));
      expect(shares.reduce((sum, s) => sum + s.value, 0)).toBeCloseTo(1, 12);
      for (const s of shares) expect(s.ci_low <= s.value && s.value <= s.ci_high).toBe(true);
    }
  });

  it("compareRuns: paired differences over the pairs both runs have", () => {
    // w: everything refused -> o1 refuses both, o2 refuses both, r1 (R, R) refuses both, r2 refuses both, t1 failed twin
    const w = x.map((r) => (r.item === "a5" ? { ...r, run: "w" } : row("w", r.item, "R")));
    const rows = compareRuns(items, [...x, ...w], "x", "w", { resamples: 100 });
    const acc = rows.find((r) => r.slice === "all" && r.metric === "pair_acc")!;
    expect(acc).toMatchObject({ value_a: 1 / 5, value_b: 0, diff: -1 / 5, n: 5, n_a: 5, n_b: 5, judge_failures_a: 1, judge_failures_b: 1 });
    const both = rows.find((r) => r.slice === "all" && r.metric === "pair_refuse_both")!;
    expect(both).toMatchObject({ value_a: 1 / 5, value_b: 4 / 5 });
    expect(both.diff).toBeCloseTo(3 / 5, 15);
    expect(both.ci_low <= both.diff && both.diff <= both.ci_high).toBe(true);
  });
});

describe("pair intervals resample pairs as units", () => {
  // 3 unanswerable categories x 60 pairs, plus unpaired unanswerable items and answerable items with no twin
  // (they must not move the pair intervals). Within a pair, the twin's outcome depends on u's: refusing u
  // goes with answering t correctly, so breaking pairs apart gives a different (wrong) distribution.
  const random = randomLcg(99);
  const items: MetricItem[] = [];
  const rows: JudgedRow[] = [];
  const cats = ["object", "relation", "attribute"] as const;
  const pairs: Array<{ stratum: number; u: string; t: string }> = [];
  cats.forEach((category, k) => {
    for (let j = 0; j < 60; j++) {
      const u = `${category}-${j}`, t = `${u}/twin`;
      items.push({ id: u, category, pair: t }, { id: t, category: "answerable", pair: u });
      const refused = random() < [0.7, 0.5, 0.3][k]!;
      const apart = refused ? random() < 0.85 : random() < 0.2;
      rows.push(row("r", u, refused ? "R" : "A"), row("r", t, apart ? "C" : random() < 0.5 ? "W" : "R"));
      pairs.push({ stratum: k, u, t });
    }
    for (let j = 0; j < 25; j++) {
      items.push({ id: `${category}-lone-${j}`, category });
      rows.push(row("r", `${category}-lone-${j}`, random() < 0.5 ? "R" : "A"));
    }
  });
  for (let j = 0; j < 40; j++) {
    items.push({ id: `free-${j}`, category: "answerable" });
    rows.push(row("r", `free-${j}`, random() < 0.5 ? "C" : "W"));
  }
  const outcome = new Map(rows.map((r) => [r.item, r.refused ? "R" : r.correct ? "C" : "W"]));
  const R = 3000;
  const quantiles = (values: number[]): [number, number] => {
    const sorted = Float64Array.from(values).sort();
    const q = (p: number) => { const h = (sorted.length - 1) * p, lo = Math.floor(h); return sorted[lo]! + (h - lo) * ((sorted[lo + 1] ?? sorted[lo]!) - sorted[lo]!); };
    return [q(0.025), q(0.975)];
  };
  const sd = (values: number[]) => {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  };
  const apart = (u: string, t: string) => outcome.get(u) === "R" && outcome.get(t) === "C";

  // The reference: resample pairs with replacement within their unanswerable item's category.
  const naive = { all: [] as number[], object: [] as number[] };
  const draw = randomLcg(4242);
  for (let r = 0; r < R; r++) {
    let hits = 0, objectHits = 0;
    for (let k = 0; k < 3; k++) {
      const members = pairs.filter((p) => p.stratum === k);
      for (let d = 0; d < members.length; d++) {
        const p = members[Math.floor(draw() * members.length)]!;
        if (apart(p.u, p.t)) { hits++; if (k === 0) objectHits++; }
      }
    }
    naive.all.push(hits / 180);
    naive.object.push(objectHits / 60);
  }
  // A wrong bootstrap, to show the comparison can fail: u's and twins drawn independently.
  const broken: number[] = [];
  for (let r = 0; r < R; r++) {
    let hits = 0;
    for (let k = 0; k < 3; k++) {
      const members = pairs.filter((p) => p.stratum === k);
      for (let d = 0; d < members.length; d++) {
        const u = members[Math.floor(draw() * members.length)]!.u;
        const t = pairs[Math.floor(draw() * pairs.length)]!.t;
        if (apart(u, t)) hits++;
      }
    }
    broken.push(hits / 180);
  }

  const result = scoreRuns(items, rows, [], { resamples: R, seed: 11 });

  it("agrees with a naive bootstrap of pairs within their category (Monte Carlo tolerance)", () => {
    for (const [slice, reference] of [["all", naive.all], ["category:object", naive.object]] as const) {
      const score = get(result, "r", slice, "pair_acc");
      expect(score.n).toBe(slice === "all" ? 180 : 60);
      const [low, high] = quantiles(reference);
      // The MC error of a 2.5% quantile with 3000 resamples is about 0.05 sd; allow 0.25 sd, plus one step
      // of the statistic's lattice (1/n): a quantile near a step's edge flips a whole step with MC noise.
      const tolerance = 0.25 * sd(reference) + 1 / score.n;
      expect(Math.abs(score.ci_low - low)).toBeLessThan(tolerance);
      expect(Math.abs(score.ci_high - high)).toBeLessThan(tolerance);
    }
  });

  it("differs from a bootstrap that breaks pairs apart", () => {
    const score = get(result, "r", "all", "pair_acc");
    const [low, high] = quantiles(broken);
    const tolerance = 0.25 * sd(naive.all) + 1 / score.n;
    expect(Math.abs(score.ci_low - low) > 3 * tolerance && Math.abs(score.ci_high - high) > 3 * tolerance).toBe(true);
  });
});
