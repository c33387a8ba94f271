// The slice worker's finder and pair list (components/worker-finder.ts): from the report's slim tables (Arrow, as the
// worker reads them), the finder's ranking on a small table worked out by hand, its rows equal to calling
// loaders/metrics/slice-finder.ts directly on the same items and judged rows, and the twin pairs of a run with the
// class loaders/metrics gives each, as many per class as the pair shares count.
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { findSlices, listPairs } from "../../components/worker-finder.ts";
import { loadState } from "../../components/worker-scoring.ts";
import {
  columnsByRun, findDifferenceSlices, findRefusalSlices, indexItems, scoreRuns, type JudgedRow, type MetricItem,
} from "../../loaders/metrics/index.ts";
import { zFor } from "../../loaders/metrics/proportions.ts";
import { toArrowStream } from "../../loaders/storage/tables.ts";
import type { Run } from "../../loaders/items/records.ts";
import { row } from "../metrics/fixtures.ts";

/** The report's outcomes.arrow and items.arrow for these items and rows, loaded as the worker loads them. */
function workerState(items: MetricItem[], rows: JudgedRow[], runs: Run[]) {
  const position = new Map(items.map((it, i) => [it.id, i]));
  const outcomes = tableFromIPC(toArrowStream(rows.map((r) => ({ run: r.run, item: position.get(r.item), refused: r.refused, correct: r.correct, score: r.score, score_kind: r.score_kind })),
    { run: "category", item: "int", refused: "bool", correct: "bool", score: "double", score_kind: "category" }));
  const itemsTable = tableFromIPC(toArrowStream(items.map((it, i) => ({
    item: i, id: it.id, category: it.category, dataset: it.dataset ?? "d", video: it.video, question_type: it.question_type ?? null,
    source: it.source ?? null, flags: ((it.flags as string[] | undefined) ?? []).join(","), pair: it.pair ? position.get(it.pair as string) : null,
  })), { item: "int", id: "string", category: "category", dataset: "category", video: "string", question_type: "category", source: "category", flags: "string", pair: "int" }));
  return loadState(outcomes, itemsTable, runs, { seed: 3, resamples: 0 });
}

// The hand-made table: 12 answerable items, 4 per question type (qa a0-a3, qb a4-a7, qc a8-a11); 4 object items in
// qa twinned with a0-a3; 2 relation items in qb twinned with a4, a5. One video per item, one dataset.
const handItems: MetricItem[] = [
  ...Array.from({ length: 12 }, (_, i) => ({ id: `a${i}`, category: "answerable" as const, dataset: "d", video: `va${i}`, question_type: ["qa", "qb", "qc"][Math.floor(i / 4)]! })),
  ...Array.from({ length: 4 }, (_, i) => ({ id: `o${i}`, category: "object" as const, dataset: "d", video: `vo${i}`, question_type: "qa", pair: `a${i}` })),
  ...Array.from({ length: 2 }, (_, i) => ({ id: `r${i}`, category: "relation" as const, dataset: "d", video: `vr${i}`, question_type: "qb", pair: `a${4 + i}` })),
];
const handRuns: Run[] = [
  { id: "r", model: "m", prompt: "p", variant: "unaligned", baseline: null },
  { id: "s", model: "m", prompt: "p", variant: "unaligned", baseline: null },
  { id: "t", model: "m", prompt: "p", variant: "unaligned", baseline: null },
];
// r: refuses qa's answerable items and a4, answers the rest correctly; answers the object items, refuses the relation ones.
// s: answers every answerable item correctly and refuses every unanswerable one.
// t: answers everything correctly (so every unanswerable item anyway), has no row for o3, and r1's judgment failed.
const handRows: JudgedRow[] = [
  ...handItems.map((it) => row("r", it.id, it.category === "answerable" ? (it.question_type === "qa" || it.id === "a4" ? "R" : "C") : it.category === "object" ? "A" : "R")),
  ...handItems.map((it) => row("s", it.id, it.category === "answerable" ? "C" : "R")),
  ...handItems.filter((it) => it.id !== "o3").map((it) => row("t", it.id, it.id === "r1" ? "F" : it.category === "answerable" ? "C" : "A")),
];

describe("the worker's slice finder, on a table worked out by hand", () => {
  const state = workerState(handItems, handRows, handRuns);

  it("over-refusal: only the question types survive the default fields, ranked by q (Fisher, BH), then lift", () => {
    // Answerable items of r: qa 4 of 4 refused, qb 1 of 4, qc 0 of 4 (N 12, X 5). Category and dataset are the whole
    // population, videos hold one item (minSupport 2), every pair of fields repeats one of its fields: not tested.
    // Fisher (N 12, K 5, n 4): qa C(5,4)/C(12,4) = 5/495; qb 1 - C(7,4)/C(12,4) = 460/495; qc 1.
    // BH (m 3): 3 * 5/495 = 1/33; min(1, 460/495 * 3/2) = 1; 1. Ties at q 1 by lift: qb (1/4)/(5/12) = 0.6, qc 0.
    const rows = findSlices(state, { kind: "over_refusal", run: "r", minSupport: 2 });
    expect(rows.map((r) => [r.slice, r.n, r.count])).toEqual([["question_type=qa", 4, 4], ["question_type=qb", 4, 1], ["question_type=qc", 4, 0]]);
    expect(rows[0]!.p).toBeCloseTo(5 / 495, 15);
    expect(rows[0]!.q).toBeCloseTo(1 / 33, 15);
    expect(rows[0]!.lift).toBeCloseTo(12 / 5, 15);
    expect(rows[0]!.ci_low).toBeCloseTo(4 / (4 + zFor(0.95) ** 2), 14); // Wilson at x = n
    expect(rows[1]!.p).toBeCloseTo(460 / 495, 15);
    expect(rows[1]).toMatchObject({ q: 1, rate: 0.25, baseline: 5 / 12 });
    expect(rows[1]!.lift).toBeCloseTo(0.6, 15);
    expect(rows[2]).toMatchObject({ p: 1, q: 1, lift: 0 });
  });

  it("under-refusal: object and qa hold the same 4 answered items; ties broken by n, then the slice's name", () => {
    // Unanswerable items of r: 4 object (qa) answered, 2 relation (qb) refused (N 6, X 4). Slices: category=object and
    // question_type=qa (4 of 4), category=relation and question_type=qb (0 of 2); object&qa repeats object.
    // Fisher: C(4,4) C(2,0) / C(6,4) = 1/15; the others 1. BH (m 4): 4/15 at rank 1, 4/2 * 1/15 = 2/15 at rank 2 -> both 2/15.
    const rows = findSlices(state, { kind: "under_refusal", run: "r", minSupport: 2 });
    expect(rows.map((r) => r.slice)).toEqual(["category=object", "question_type=qa", "category=relation", "question_type=qb"]);
    expect(rows[0]!.q).toBeCloseTo(2 / 15, 15);
    expect(rows[1]!.q).toBeCloseTo(2 / 15, 15);
    expect(rows[0]!.p).toBeCloseTo(1 / 15, 15);
    expect(rows[0]!.lift).toBeCloseTo(1.5, 15);
    expect(rows.slice(2).map((r) => [r.n, r.count, r.q])).toEqual([[2, 0, 1], [2, 0, 1]]);
  });

  it("two runs: exact McNemar on each slice's discordant items, BH over the 8 slices tested, then |difference|", () => {
    // Correct (answerable: C; unanswerable: R) in r and s, over the 18 items both have. s is always right; r is
    // wrong on qa's answerable items (4), on a4 (1) and on the object items (4): 9 items right only in s, none only
    // in r; over everything the difference is 9/18 = 0.5.
    //   slice                          n   only s   McNemar p            rate
    //   question_type=qa               8   8        2 / 2^8 = 1/128      1
    //   category=answerable            12  5        2 / 2^5 = 1/16       5/12
    //   category=object                4   4        2 / 2^4 = 1/8        1
    //   category=answerable&qa         4   4        1/8                  1
    //   question_type=qb               6   1        1                    1/6
    //   category=answerable&qb         4   1        1                    1/4
    //   question_type=qc, relation     4, 2 0       1                    0
    // (answerable&qc repeats qc, object&qa repeats object, relation&qb repeats relation.)
    // BH (m 8) from the largest rank down: ranks 5-8 1; rank 4 8/8/4 = 1/4; rank 3 min(8/8/3, 1/4) = 1/4;
    // rank 2 min(8/16/2, 1/4) = 1/4; rank 1 8/128 = 1/16.
    const rows = findSlices(state, { kind: "difference", a: "r", b: "s", minSupport: 2 });
    expect(rows.map((r) => r.slice)).toEqual([
      "question_type=qa",
      "category=answerable&question_type=qa", "category=object", "category=answerable",
      "category=answerable&question_type=qb", "question_type=qb", "question_type=qc", "category=relation",
    ]);
    const q = [1 / 16, 1 / 4, 1 / 4, 1 / 4, 1, 1, 1, 1];
    const p = [1 / 128, 1 / 8, 1 / 8, 1 / 16, 1, 1, 1, 1];
    const rate = [1, 1, 1, 5 / 12, 1 / 4, 1 / 6, 0, 0];
    rows.forEach((r, k) => {
      expect(r.q, r.slice).toBeCloseTo(q[k]!, 15);
      expect(r.p, r.slice).toBeCloseTo(p[k]!, 15);
      expect(r.rate, r.slice).toBeCloseTo(rate[k]!, 15);
      expect(r.baseline).toBe(0.5);
      expect(r.mcnemar_b).toBe(0);
    });
    expect(rows.map((r) => r.mcnemar_c)).toEqual([8, 4, 4, 5, 1, 1, 0, 0]);
  });

  it("names the run it does not know, and a run with no judged rows", () => {
    expect(() => findSlices(state, { kind: "over_refusal", run: "zz" })).toThrow('unknown run: "zz"');
    const declared = workerState(handItems, handRows, [...handRuns, { id: "empty", model: "m", prompt: "p", variant: "unaligned", baseline: null }]);
    expect(() => findSlices(declared, { kind: "difference", a: "r", b: "empty" })).toThrow('run "empty" has no judged rows in outcomes.arrow');
  });
});

describe("the worker's twin-pair list", () => {
  const state = workerState(handItems, handRows, handRuns);
  const short = (rows: ReturnType<typeof listPairs>) => rows.map((r) => `${r.u_id}:${r.u_outcome}/${r.t_id}:${r.t_outcome} ${r.class}${r.failed ? " failed" : ""}`);

  it("lists each pair of the run with its outcomes and class, in item order", () => {
    // r answers the object items and refuses their twins (A, R: other); refuses r0 and its twin a4 (refuses both);
    // refuses r1 and answers a5 correctly (tells them apart).
    expect(short(listPairs(state, "r", ""))).toEqual([
      "o0:A/a0:R other", "o1:A/a1:R other", "o2:A/a2:R other", "o3:A/a3:R other", "r0:R/a4:R refuse_both", "r1:R/a5:C apart",
    ]);
    expect(listPairs(state, "s", "").every((r) => r.class === "apart")).toBe(true);
    // t has no row for o3 (that pair is left out) and a failed judgment on r1 (other, failed).
    expect(short(listPairs(state, "t", ""))).toEqual([
      "o0:A/a0:C answer_both", "o1:A/a1:C answer_both", "o2:A/a2:C answer_both", "r0:A/a4:C answer_both", "r1:F/a5:C other failed",
    ]);
    expect(listPairs(state, "r", "")[0]).toMatchObject({ u: 12, t: 0, category: "object" });
  });

  it("keeps the pairs whose unanswerable item is in the filter slice", () => {
    expect(short(listPairs(state, "r", "category=relation"))).toEqual(["r0:R/a4:R refuse_both", "r1:R/a5:C apart"]);
    expect(short(listPairs(state, "t", "question_type=qa"))).toEqual(["o0:A/a0:C answer_both", "o1:A/a1:C answer_both", "o2:A/a2:C answer_both"]);
    expect(listPairs(state, "r", "category=answerable")).toEqual([]); // pairs are seen from their unanswerable item
  });

  it("as many pairs per class as the run's pair shares count, in every slice (scoreRuns)", () => {
    const metric = { apart: "pair_acc", refuse_both: "pair_refuse_both", answer_both: "pair_answer_both", other: "pair_other" } as const;
    for (const slice of ["category=relation", "question_type=qa", "category=object,relation"]) {
      const scores = scoreRuns(handItems, handRows, handRuns, { resamples: 0, slices: [slice] }).scores;
      for (const run of ["r", "s", "t"]) {
        const listed = listPairs(state, run, slice);
        for (const [cls, id] of Object.entries(metric)) {
          const score = scores.find((s) => s.run === run && s.slice === slice && s.metric === id)!;
          expect(score.n, `${run} ${slice}`).toBe(listed.length);
          expect(listed.filter((r) => r.class === cls).length, `${run} ${slice} ${cls}`).toBe(Math.round(score.value * score.n));
        }
        const failures = scores.find((s) => s.run === run && s.slice === slice && s.metric === "pair_acc")!.judge_failures;
        expect(listed.filter((r) => r.failed).length).toBe(failures);
      }
    }
  });
});

describe("the worker's finder equals loaders/metrics called directly", () => {
  // 300 items: shared videos, three datasets, question types, sources, flags as arrays, twins; three runs with
  // failed judgments and missing items.
  const categories = ["answerable", "object", "relation", "attribute"] as const;
  let seed = 11;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const items: MetricItem[] = Array.from({ length: 300 }, (_, i) => ({
    id: `it-${i}`, category: categories[i % 4]!, dataset: ["x", "y", "z"][i % 3]!, video: `v${Math.floor(i / 6)}`,
    question_type: ["what", "how", "is", "who"][Math.floor(random() * 4)]!, source: ["s1", "s2"][i % 2]!,
    flags: random() < 0.2 ? ["edited-question", "x"] : random() < 0.2 ? ["x"] : undefined,
  }));
  for (let i = 0; i < items.length; i++) if (i % 4 !== 0 && random() < 0.8) items[i]!.pair = items[i - (i % 4)]!.id;
  const runs: Run[] = ["a", "b", "c"].map((id) => ({ id, model: "m", prompt: id, variant: "unaligned", baseline: null }));
  const rows: JudgedRow[] = runs.flatMap((run, k) => items.filter(() => random() > 0.05).map((item) => {
    const refused = random() < 0.25 + 0.2 * k;
    return { run: run.id, item: item.id, refused: random() < 0.02 ? null : refused, correct: refused ? false : random() < 0.7, score: null, score_kind: null };
  }));
  const state = workerState(items, rows, runs);
  const index = indexItems(items);
  const columns = columnsByRun(index, rows);

  for (const options of [{}, { minSupport: 5 }, { fields: ["question_type", "flags", "video"], pairs: true, minSupport: 3 }, { pairs: false, level: 0.9 }]) {
    it(`one run, both kinds, options ${JSON.stringify(options)}`, () => {
      for (const kind of ["over_refusal", "under_refusal"] as const) {
        for (const run of ["a", "c"]) {
          const expected = findRefusalSlices(index, columns.get(run)!, kind, options);
          expect(expected.length).toBeGreaterThan(3);
          expect(findSlices(state, { kind, run, ...options })).toEqual(expected);
        }
      }
    });
    it(`two runs, correct and refused, options ${JSON.stringify(options)}`, () => {
      for (const outcome of ["correct", "refused"] as const) {
        const expected = findDifferenceSlices(index, columns.get("a")!, columns.get("c")!, { ...options, outcome });
        expect(expected.length).toBeGreaterThan(3);
        expect(findSlices(state, { kind: "difference", a: "a", b: "c", outcome, ...options })).toEqual(expected);
      }
      expect(findSlices(state, { kind: "difference", a: "b", b: "a", ...options })).toEqual(findDifferenceSlices(index, columns.get("b")!, columns.get("a")!, options));
    });
  }
});
