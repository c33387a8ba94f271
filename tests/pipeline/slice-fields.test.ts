// The report's slice fields: `dataset` with several datasets, then question_type and source where items have
// them, and flags once loaders/metrics puts an item with several flags in each flag's slice.
import { describe, expect, it } from "vitest";
import type { Item } from "../../loaders/items/schema.ts";
import { scoreRuns } from "../../loaders/metrics/index.ts";
import { reportSliceFields, slicesByArrayFields } from "../../loaders/pipeline/slice-fields.ts";

const item = (id: string, extra: Partial<Item> = {}): Item => ({ id, dataset: "d", category: "answerable", video: "v", question: "What is it?", reference: "A cup.", ...extra });

describe("reportSliceFields", () => {
  it("slices by dataset only with several datasets, and by a field only where some item has it", () => {
    expect(reportSliceFields([item("a"), item("b")], 1)).toEqual([]);
    expect(reportSliceFields([item("a", { question_type: "what" }), item("b")], 1)).toEqual(["question_type"]);
    expect(reportSliceFields([item("a", { source: "park" }), item("b", { question_type: "who" })], 2)).toEqual(["dataset", "question_type", "source"]);
    // An empty flags list is no flag.
    expect(reportSliceFields([item("a", { flags: [] })], 1)).toEqual([]);
  });

  it("slices by flags exactly when loaders/metrics gives an item with two flags both flag slices", () => {
    const items = [item("a", { flags: ["edited-question", "self-swap"] }), item("b", { flags: ["edited-question"] }), item("c")];
    const rows = items.map((i) => ({ run: "r", item: i.id, refused: false, correct: true, score: null, score_kind: null }));
    const slices = new Set(scoreRuns(items, rows, [], { resamples: 0, sliceFields: ["flags"] }).scores.map((s) => s.slice));
    const perFlag = slices.has("flags:edited-question") && slices.has("flags:self-swap") && !slices.has("flags:edited-question,self-swap");
    expect(slicesByArrayFields()).toBe(perFlag);
    expect(reportSliceFields(items, 1).includes("flags")).toBe(perFlag);
    if (!perFlag) {
      // Until then a flags list would be one slice per combination, which the report must not publish.
      expect(slices.has("flags:edited-question,self-swap")).toBe(true);
    }
  });
});
