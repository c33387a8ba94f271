// The page's normalisation of Arrow rows, fed real Arrow IPC streams written by the project's table writer.
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { REFERENCE, RUNS, SCORES } from "../../loaders/storage/schemas.ts";
import { toArrowStream } from "../../loaders/storage/tables.ts";
import { plainRecords, toReferenceRows, toRunRows, toScoreRows } from "../../components/scores.ts";

const roundTrip = (rows: Record<string, unknown>[], spec: typeof SCORES) => plainRecords(tableFromIPC(toArrowStream(rows, spec)));

describe("toScoreRows", () => {
  it("reads a score row back exactly, full precision and dictionary strings included", () => {
    const row = { run: "r<1>", slice: "category:object", metric: "s_align", value: 1 / 3, n: 0, ci_low: 0.1, ci_high: 0.7, judge_failures: 2 };
    expect(toScoreRows(roundTrip([row], SCORES))).toEqual([row]);
  });
  it("drops metrics the page has no column for rather than mislabel them", () => {
    const row = { run: "r", slice: "all", metric: "made_up", value: 1, n: 1, ci_low: 1, ci_high: 1, judge_failures: 0 };
    expect(toScoreRows(roundTrip([row], SCORES))).toEqual([]);
  });
  it("turns BigInt counts (Int64 columns) into numbers", () => {
    const [row] = toScoreRows([{ run: "r", slice: "all", metric: "f1", value: 0.5, n: 10n, ci_low: 0, ci_high: 1, judge_failures: 1n }]);
    expect(row.n).toBe(10);
    expect(row.judge_failures).toBe(1);
  });
});

describe("toRunRows and toReferenceRows", () => {
  it("keeps a null baseline null", () => {
    const runs = [{ id: "a", model: "m", prompt: "p", variant: "unaligned", baseline: null, judge: "builtin", items: 3, missing: 0, dataset: "d" }];
    expect(toRunRows(roundTrip(runs, RUNS))).toEqual([{ ...runs[0], prompt_hash: null }]);
  });
  it("reads the published rows", () => {
    const reference = [{ base_model: "LLaVA-Video-Qwen2 (72B)", variant: "prompt-aligned", metric: "llm_score", value: 2.5 }];
    expect(toReferenceRows(roundTrip(reference, REFERENCE))).toEqual(reference);
  });
});
