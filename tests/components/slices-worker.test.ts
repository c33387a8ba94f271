// The worker's scoring path (Arrow tables -> columns built once -> one filter slice at a time) gives exactly what
// `uvqa score --slice <expr>` computes through scoreRuns, pair shares included.
import { describe, expect, it } from "vitest";
import { tableFromIPC } from "apache-arrow";
import { loadState, scoreSlices } from "../../components/worker-scoring.ts";
import { scoreRuns, type JudgedRow, type MetricItem } from "../../loaders/metrics/index.ts";
import { toArrowStream } from "../../loaders/storage/tables.ts";
import type { Run } from "../../loaders/items/records.ts";

const categories = ["answerable", "object", "relation", "attribute"] as const;
const items: MetricItem[] = Array.from({ length: 120 }, (_, i) => ({
  id: `it-${i}`, category: categories[i % 4]!, dataset: i < 60 ? "a" : "b", question_type: ["what", "how", "is"][i % 3]!,
  flags: i % 7 === 0 ? ["edited-question", "x"] : i % 5 === 0 ? ["x"] : undefined,
}));
// Twins: each unanswerable item i pairs with the answerable item before it.
for (let i = 0; i < items.length; i++) if (i % 4 !== 0) items[i]!.pair = items[i - (i % 4)]!.id;
const runs: Run[] = [
  { id: "base", model: "m", prompt: "unaligned", variant: "unaligned", baseline: null },
  { id: "aligned", model: "m", prompt: "p", variant: "prompt-aligned", baseline: "base" },
];
let seed = 7;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const rows: JudgedRow[] = runs.flatMap((run) => items.filter((_, i) => run.id === "base" || i % 11 !== 3).map((item) => {
  const refused = random() < (run.id === "base" ? 0.2 : 0.6);
  return { run: run.id, item: item.id, refused: random() < 0.03 ? null : refused, correct: refused ? false : random() < 0.7, score: Math.round(random() * 5), score_kind: "match" as const };
}));

describe("the slice worker's scoring", () => {
  const position = new Map(items.map((it, i) => [it.id, i]));
  const outcomes = tableFromIPC(toArrowStream(rows.map((r) => ({ run: r.run, item: position.get(r.item), refused: r.refused, correct: r.correct, score: r.score, score_kind: r.score_kind })),
    { run: "category", item: "int", refused: "bool", correct: "bool", score: "double", score_kind: "category" }));
  const itemsTable = tableFromIPC(toArrowStream(items.map((it, i) => ({
    item: i, id: it.id, category: it.category, dataset: it.dataset, question_type: it.question_type,
    flags: ((it.flags as string[] | undefined) ?? []).join(","), pair: it.pair ? position.get(it.pair as string) : null,
  })), { item: "int", id: "string", category: "category", dataset: "category", question_type: "category", flags: "string", pair: "int" }));
  const state = loadState(outcomes, itemsTable, runs, { seed: 11, resamples: 200 });

  for (const expr of ["dataset=a&category=object,relation", "question_type=how", "flags=edited-question", "category=answerable,attribute&flags=x"]) {
    it(`equals scoreRuns with --slice ${expr}`, () => {
      const expected = scoreRuns(items, rows, runs, { seed: 11, resamples: 200, slices: [expr] }).scores.filter((s) => s.slice === expr);
      expect(expected.length).toBeGreaterThan(10);
      expect(expected.some((s) => s.metric === "pair_acc")).toBe(true);
      const actual = scoreSlices(state, [expr], ["base", "aligned"]);
      expect(actual).toEqual(expected);
    });
  }
  it("scores only the runs asked for (their baselines are read, not returned)", () => {
    const actual = scoreSlices(state, ["question_type=what"], ["aligned"]);
    expect(new Set(actual.map((r) => r.run))).toEqual(new Set(["aligned"]));
    expect(actual.some((r) => r.metric === "s_disc")).toBe(true);
  });
});
