// scoreColumns / compareColumns (what the page's worker calls with columns filled from Arrow vectors) against
// scoreRuns / compareRuns (row objects): the same result, to the last bit, on random data.
import { randomLcg } from "d3-random";
import { describe, expect, it } from "vitest";
import type { Run } from "../../loaders/items/records.ts";
import {
  compareColumns, compareRuns, indexData, indexItems, indexSlices, restoreIndex, runColumns, scoreColumns, scoreRuns,
  type JudgedColumns, type JudgedRow, type MetricItem, type RunColumns,
} from "../../loaders/metrics/index.ts";

function synthesize(seed: number) {
  const random = randomLcg(seed);
  const categories = ["answerable", "object", "relation", "attribute"] as const;
  const items: MetricItem[] = [];
  for (let i = 0; i < 600; i++) {
    const category = categories[Math.floor(random() * 4)]!;
    const flags = ["x", "y", "z"].filter(() => random() < 0.3);
    const item: MetricItem = { id: `i${i}`, category, source: `s${i % 3}`, ...(flags.length ? { flags } : {}) };
    items.push(item);
    // Most unanswerable items get an answerable twin.
    if (category !== "answerable" && random() < 0.8) {
      item.pair = `i${i}/twin`;
      items.push({ id: `i${i}/twin`, category: "answerable", source: `s${i % 3}`, pair: item.id });
    }
  }
  const runs: Run[] = [
    { id: "base", model: "m", prompt: "p", variant: "unaligned", baseline: null },
    { id: "dpo", model: "m", prompt: "p", variant: "dpo", baseline: "base" },
  ];
  const rows: JudgedRow[] = [];
  for (const run of ["base", "dpo", "extra"]) {
    const kind = run === "dpo" ? "match" as const : "llm" as const;
    for (const item of items) {
      if (random() < 0.05) continue; // missing
      const u = random();
      const failed = u < 0.03;
      rows.push({
        run, item: item.id, refused: failed ? null : u < 0.4, correct: failed ? null : random() < 0.5,
        score: failed || random() < 0.1 ? null : kind === "llm" ? Math.floor(random() * 6) : Math.round(random() * 20) / 4,
        score_kind: kind,
      });
    }
  }
  return { items, rows, runs, random };
}

/** Rows -> one JudgedColumns per run, rows shuffled within each run (order must not matter). */
function toColumns(items: readonly MetricItem[], rows: readonly JudgedRow[], random: () => number): Map<string, JudgedColumns> {
  const position = new Map(items.map((item, i) => [item.id, i]));
  const byRun = new Map<string, JudgedRow[]>();
  for (const r of rows) byRun.set(r.run, [...(byRun.get(r.run) ?? []), r]);
  const out = new Map<string, JudgedColumns>();
  for (const [run, list] of byRun) {
    const shuffled = [...list];
    for (let k = shuffled.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [shuffled[k], shuffled[j]] = [shuffled[j]!, shuffled[k]!];
    }
    out.set(run, {
      item: Int32Array.from(shuffled, (r) => position.get(r.item)!),
      refused: shuffled.map((r) => r.refused),
      correct: shuffled.map((r) => r.correct),
      // Either form of "no score": null in a plain array, NaN in a Float64Array (Arrow values without nulls).
      score: run === "dpo" ? Float64Array.from(shuffled, (r) => r.score ?? NaN) : shuffled.map((r) => r.score),
      scoreKind: shuffled.map((r) => (r.score === null ? null : r.score_kind)),
    });
  }
  return out;
}

describe("scoring from columns", () => {
  for (const seed of [1, 2]) {
    const { items, rows, runs, random } = synthesize(seed);
    const options = { resamples: 200, seed: 9, sliceFields: ["source", "flags"], slices: ["category=object,relation&flags=x"] };
    const index = indexItems(items);
    const slices = indexSlices(index, options);
    const columns = new Map<string, RunColumns>(
      [...toColumns(items, rows, random)].map(([run, judged]) => [run, runColumns(index, run, judged)]),
    );

    it(`scoreColumns equals scoreRuns (seed ${seed})`, () => {
      const viaRows = scoreRuns(items, rows, runs, options);
      expect(viaRows.scores.some((s) => s.metric === "pair_acc" && s.slice === "category=object,relation&flags=x" && s.n > 0)).toBe(true);
      expect(scoreColumns(slices, columns, runs, options)).toEqual(viaRows);
    });

    it(`only: the named runs' rows, the same figures (seed ${seed})`, () => {
      const full = scoreRuns(items, rows, runs, options);
      const two = scoreColumns(slices, columns, runs, { ...options, only: ["dpo", "extra"] });
      expect(two.scores).toEqual(full.scores.filter((s) => s.run !== "base"));
      expect(two.transitions).toEqual(full.transitions);
      expect(two.coverage).toEqual(full.coverage.filter((c) => c.run !== "base"));
      expect(() => scoreColumns(slices, columns, runs, { only: ["ghost"] })).toThrow("unknown run: ghost");
      // onlySlices: the named slices' rows of the full call, exactly (the same cells, the same resamples)
      const wanted = ["category=object,relation&flags=x", "all"];
      const narrow = scoreColumns(slices, columns, runs, { ...options, onlySlices: ["flags=x&category=relation,object", "all"] });
      expect(narrow.scores).toEqual(full.scores.filter((s) => wanted.includes(s.slice)));
      expect(narrow.transitions).toEqual(full.transitions.filter((t) => wanted.includes(t.slice)));
      expect(narrow.scores.length).toBeGreaterThan(0);
      expect(() => scoreColumns(slices, columns, runs, { onlySlices: ["flags=w"] })).toThrow('unknown slice: "flags=w"');
    });

    it(`compareColumns equals compareRuns (seed ${seed})`, () => {
      const viaRows = compareRuns(items, rows, "base", "dpo", { ...options, runs });
      expect(viaRows.some((r) => r.metric === "pair_acc")).toBe(true);
      expect(compareColumns(slices, columns, "base", "dpo", { ...options, runs })).toEqual(viaRows);
    });

    it(`an item index and columns sent to another thread (indexData, restoreIndex) score the same (seed ${seed})`, () => {
      const sliceFields = ["source", "flags"];
      const sent = structuredClone({ index: indexData(index, sliceFields), columns: [...columns.values()] });
      const restored = indexSlices(restoreIndex(sent.index), { sliceFields });
      const cloned = new Map(sent.columns.map((run) => [run.id, run]));
      const here = indexSlices(index, { sliceFields });
      expect(scoreColumns(restored, cloned, runs, options)).toEqual(scoreColumns(here, columns, runs, options));
      expect(compareColumns(restored, cloned, "base", "dpo", { ...options, runs })).toEqual(compareColumns(here, columns, "base", "dpo", { ...options, runs }));
      // Only the fields sent can be sliced by.
      expect(() => indexSlices(restoreIndex(sent.index), { sliceFields: ["dataset"] }))
        .toThrow("no column for dataset: the item index was restored without its items");
    });
  }

  it("checks the columns: lengths, item indexes, duplicates", () => {
    const index = indexItems([{ id: "a", category: "answerable" }, { id: "b", category: "object" }]);
    const ok = { item: [0, 1], refused: [false, true], correct: [true, true] };
    expect(runColumns(index, "r", ok)).toMatchObject({ rows: 2, outcome: Uint8Array.from([0, 2]) });
    expect(() => runColumns(index, "r", { ...ok, correct: [true] })).toThrow("invalid correct: 1 values for 2 rows (run r)");
    expect(() => runColumns(index, "r", { ...ok, item: [0, 2] })).toThrow("invalid item index: 2 (run r, row 1)");
    expect(() => runColumns(index, "r", { ...ok, item: [1, 1] })).toThrow('duplicate judgment: item "b" (run r)');
    expect(() => runColumns(index, "r", { ...ok, score: [1, 2], scoreKind: ["llm", "gpt"] })).toThrow('invalid score_kind: "gpt" (run r, item b)');
  });
});
