import { describe, expect, it } from "vitest";
import { columnsByRun, indexItems, type JudgedRow, type MetricItem } from "../../loaders/metrics/index.ts";
import { findDifferenceSlices, findRefusalSlices } from "../../loaders/metrics/slice-finder.ts";
import { zFor } from "../../loaders/metrics/proportions.ts";
import { row } from "./fixtures.ts";

/** Items and one run's rows from groups: `count` answerable items with the given fields, `refused` of them refused. */
function build(groups: Array<{ fields: Record<string, unknown>; count: number; refused: number; category?: "answerable" | "object" }>) {
  const items: MetricItem[] = [];
  const rows: JudgedRow[] = [];
  let k = 0;
  for (const group of groups) {
    for (let j = 0; j < group.count; j++) {
      const category = group.category ?? "answerable";
      const id = `${category === "answerable" ? "a" : "u"}${k++}`;
      items.push({ id, category, video: `v${k}`, ...group.fields });
      rows.push(row("r", id, j < group.refused ? "R" : category === "answerable" ? "C" : "A"));
    }
  }
  const index = indexItems(items);
  return { index, run: columnsByRun(index, rows).get("r")! };
}

describe("slice finder: one run", () => {
  it("ranks over-refusal slices by BH q, with Fisher p, Wilson intervals and lift (worked by hand)", () => {
    // 12 answerable items: qa 4 of 4 refused, qb 1 of 4, qc 0 of 4. N = 12, X = 5, baseline 5/12.
    const { index, run } = build([
      { fields: { question_type: "qa" }, count: 4, refused: 4 },
      { fields: { question_type: "qb" }, count: 4, refused: 1 },
      { fields: { question_type: "qc" }, count: 4, refused: 0 },
    ]);
    const rows = findRefusalSlices(index, run, "over_refusal", { fields: ["question_type"], minSupport: 2 });
    // Fisher, one-sided (N 12, K 5, n 4): qa P(X >= 4) = C(5,4) / C(12,4) = 5/495; qb P(X >= 1) = 1 - C(7,4)/C(12,4)
    // = 460/495; qc 1. BH with m = 3: 3 * 5/495 = 1/33; then min(1, 460/495 * 3/2) = 1; 1.
    // Order: qa (q 1/33), then qb and qc (q 1) by lift: (1/4) / (5/12) = 0.6 before 0.
    expect(rows.map((r) => r.slice)).toEqual(["question_type=qa", "question_type=qb", "question_type=qc"]);
    const [qa, qb, qc] = rows as [typeof rows[0], typeof rows[0], typeof rows[0]];
    expect(qa).toMatchObject({ fields: ["question_type"], values: ["qa"], n: 4, count: 4, rate: 1, ci_high: 1, baseline: 5 / 12 });
    expect(qa.p).toBeCloseTo(5 / 495, 15);
    expect(qa.q).toBeCloseTo(1 / 33, 15);
    expect(qa.lift).toBeCloseTo(12 / 5, 15);
    const z = zFor(0.95);
    expect(qa.ci_low).toBeCloseTo(4 / (4 + z * z), 14); // Wilson at x = n
    expect(qb.p).toBeCloseTo(460 / 495, 15);
    expect(qb).toMatchObject({ n: 4, count: 1, rate: 0.25, q: 1 });
    expect(qb.lift).toBeCloseTo(0.6, 15);
    expect(qc).toMatchObject({ count: 0, rate: 0, p: 1, q: 1, lift: 0, ci_low: 0 });
  });

  it("pairs of fields: kept only where they differ from both single fields, above the support, BH over all", () => {
    // Answerable: qa&s1 3 of 4 refused, qa&s2 0 of 2, qb&s1 0 of 3, qb&s2 1 of 3 (N 12, X 4, baseline 1/3);
    // two object items (not in the over-refusal population) in qa&s1.
    const { index, run } = build([
      { fields: { question_type: "qa", source: "s1" }, count: 4, refused: 3 },
      { fields: { question_type: "qa", source: "s2" }, count: 2, refused: 0 },
      { fields: { question_type: "qb", source: "s1" }, count: 3, refused: 0 },
      { fields: { question_type: "qb", source: "s2" }, count: 3, refused: 1 },
      { fields: { question_type: "qa", source: "s1" }, count: 2, refused: 0, category: "object" },
    ]);
    const rows = findRefusalSlices(index, run, "over_refusal", { fields: ["source", "question_type"], minSupport: 3 });
    // Slices (n >= 3): qa (6, 3), qb (6, 1), s1 (7, 3), s2 (5, 1), qa&s1 (4, 3), qb&s1 (3, 0), qb&s2 (3, 1);
    // qa&s2 has n 2. Fisher with N 12, K 4:
    //   qa&s1 (C(4,3)C(8,1) + C(4,4)) / C(12,4) = 33/495 = 1/15
    //   qa    (C(4,3)C(8,3) + C(4,4)C(8,2)) / C(12,6) = 252/924 = 3/11
    //   s1    (C(4,3)C(8,4) + C(4,4)C(8,3)) / C(12,7) = 336/792 = 14/33
    //   qb&s2 1 - C(8,3)/C(12,3) = 41/55;  s2 1 - C(8,5)/C(12,5) = 92/99;  qb 1 - C(8,6)/C(12,6) = 32/33;  qb&s1 1
    // BH, m = 7, m p / rank: 7/15, 21/22, 98/99, then above 1 -> q: 7/15, 21/22, 98/99, 1, 1, 1, 1.
    // Ties at q = 1 by lift (rate / (1/3)): qb&s2 1, s2 0.6, qb 0.5, qb&s1 0.
    expect(rows.map((r) => [r.slice, r.n, r.count])).toEqual([
      ["question_type=qa&source=s1", 4, 3],
      ["question_type=qa", 6, 3],
      ["source=s1", 7, 3],
      ["question_type=qb&source=s2", 3, 1],
      ["source=s2", 5, 1],
      ["question_type=qb", 6, 1],
      ["question_type=qb&source=s1", 3, 0],
    ]);
    const expected = [[1 / 15, 7 / 15], [3 / 11, 21 / 22], [14 / 33, 98 / 99], [41 / 55, 1], [92 / 99, 1], [32 / 33, 1], [1, 1]];
    rows.forEach((r, k) => {
      expect(r.p, r.slice).toBeCloseTo(expected[k]![0]!, 14);
      expect(r.q, r.slice).toBeCloseTo(expected[k]![1]!, 14);
    });
    expect(rows[0]).toMatchObject({ fields: ["question_type", "source"], values: ["qa", "s1"], baseline: 1 / 3 });
  });

  it("under-refusal counts answers to unanswerable items; the default support of 20 hides a tiny table", () => {
    const { index, run } = build([
      { fields: { source: "s1" }, count: 3, refused: 0, category: "object" }, // 3 answered
      { fields: { source: "s2" }, count: 3, refused: 3, category: "object" }, // all refused
      { fields: { source: "s1" }, count: 5, refused: 5 }, // answerable: not in the population
    ]);
    const rows = findRefusalSlices(index, run, "under_refusal", { fields: ["source"], minSupport: 3 });
    // N 6, X 3 (answers): s1 3 of 3, P(X >= 3) = C(3,3) / C(6,3) = 1/20; s2 0 of 3, p 1. BH m 2: 2/20, 1.
    expect(rows.map((r) => [r.slice, r.n, r.count, r.rate])).toEqual([["source=s1", 3, 3, 1], ["source=s2", 3, 0, 0]]);
    expect(rows[0]!.p).toBeCloseTo(1 / 20, 15);
    expect(rows[0]!.q).toBeCloseTo(1 / 10, 15);
    expect(findRefusalSlices(index, run, "under_refusal", { fields: ["source"] })).toEqual([]);
    expect(() => findRefusalSlices(index, run, "over_refusal", { fields: ["colour"] })).toThrow('invalid field: "colour" (no item has it)');
  });
});

describe("slice finder: two runs", () => {
  it("ranks by exact McNemar's BH q, rate = b minus a, lift against the overall difference (worked by hand)", () => {
    const items: MetricItem[] = [];
    const rows: JudgedRow[] = [];
    // s1: 6 items, a right on all, b right on 1 (McNemar b 5, c 0); s2: 4 items, a wrong on all, b right on 2
    // (b 0, c 2); s3: 4 items, both right.
    const add = (source: string, id: string, a: "C" | "W", b: "C" | "W") => {
      items.push({ id, category: "answerable", source });
      rows.push(row("a", id, a), row("b", id, b));
    };
    for (let j = 0; j < 6; j++) add("s1", `a1-${j}`, "C", j === 0 ? "C" : "W");
    for (let j = 0; j < 4; j++) add("s2", `a2-${j}`, "W", j < 2 ? "C" : "W");
    for (let j = 0; j < 4; j++) add("s3", `a3-${j}`, "C", "C");
    const index = indexItems(items);
    const columns = columnsByRun(index, rows);
    const found = findDifferenceSlices(index, columns.get("a")!, columns.get("b")!, { fields: ["source"], minSupport: 2 });
    // p: s1 2 (1/2)^5 = 1/16; s2 2 (1/2)^2 = 1/2; s3 1. BH m 3: 3/16, 3/4, 1.
    // baseline over 14 shared items: (2 - 5) / 14 = -3/14; lift = rate - baseline.
    expect(found.map((r) => r.slice)).toEqual(["source=s1", "source=s2", "source=s3"]);
    const [s1, s2, s3] = found as [typeof found[0], typeof found[0], typeof found[0]];
    expect(s1).toMatchObject({ n: 6, count: 5, mcnemar_b: 5, mcnemar_c: 0, p: 1 / 16, baseline: -3 / 14 });
    expect(s1.rate).toBeCloseTo(-5 / 6, 15);
    expect(s1.q).toBeCloseTo(3 / 16, 15);
    expect(s1.lift).toBeCloseTo(-5 / 6 + 3 / 14, 15);
    expect(s1.ci_high).toBeLessThan(0);
    expect(s1.ci_low).toBeGreaterThanOrEqual(-1);
    expect(s2).toMatchObject({ n: 4, mcnemar_b: 0, mcnemar_c: 2, rate: 0.5, p: 0.5, q: 0.75 });
    expect(s3).toMatchObject({ n: 4, count: 0, rate: 0, p: 1, q: 1 });
    for (const r of found) expect(r.ci_low <= r.rate && r.rate <= r.ci_high).toBe(true);
  });
});
