// The model panel's data shaping, on hand-made items with figures worked out by hand.
import { describe, expect, it } from "vitest";
import { countText, filterFromUrl, filterItems, highlight, itemFromUrl, sourceOf, verdictF1, viewQuery, type PanelItem } from "../../components/model-panel.ts";
import { panelLimit, spread } from "../../loaders/model/panel-items.ts";

const prediction = { p_unanswerable: 0.1, unanswerable: false, category: "object", evidence: null, response: "" };
const item = (id: string, category: string, question: string, extra: Partial<PanelItem> = {}): PanelItem =>
  ({ id, dataset: "sample", category, question, reference: "", scene: {}, prediction, ...extra });
const items = [
  item("sample/a/0", "object", "Why is the man holding the kite?"),
  item("sample/a/1", "answerable", "What is the man holding?"),
  item("sample/hand/3", "relation", "Why does the boy toss the cereal?", { source: "hand-written" }),
  item("uvqa/object/2", "object", "Where is the KITE?", { dataset: "uvqa" }),
];

describe("filterItems", () => {
  it("keeps items whose id or question holds the query, any case, of the chosen category and source", () => {
    expect(filterItems(items, { query: "kite", category: "", source: "" }).map((i) => i.id)).toEqual(["sample/a/0", "uvqa/object/2"]);
    expect(filterItems(items, { query: "kite", category: "object", source: "generated" }).map((i) => i.id)).toEqual(["sample/a/0"]);
    expect(filterItems(items, { query: "hand/", category: "", source: "" }).map((i) => i.id)).toEqual(["sample/hand/3"]);
    expect(filterItems(items, { query: "  ", category: "", source: "hand-written" }).map((i) => i.id)).toEqual(["sample/hand/3"]);
    expect(items.map(sourceOf)).toEqual(["generated", "generated", "hand-written", "uvqa"]);
  });
});

describe("highlight", () => {
  it("cuts the question around the evidence span, and leaves it whole without one", () => {
    expect(highlight("Why is the man holding the kite?", { start: 27, end: 31 })).toEqual([
      { text: "Why is the man holding the ", evidence: false }, { text: "kite", evidence: true }, { text: "?", evidence: false },
    ]);
    expect(highlight("kite?", { start: 0, end: 4 })).toEqual([{ text: "kite", evidence: true }, { text: "?", evidence: false }]);
    expect(highlight("kite?", null)).toEqual([{ text: "kite?", evidence: false }]);
    expect(highlight("kite?", { start: 2, end: 40 })).toEqual([{ text: "kite?", evidence: false }]);
  });
});

describe("verdictF1", () => {
  it("is 2TP / (2TP + FP + FN) with unanswerable as the positive class", () => {
    // TP 2 (object refused, relation refused), FN 1 (attribute answered), FP 1 (answerable refused), TN 1.
    const f = verdictF1([
      { category: "object", unanswerable: true }, { category: "relation", unanswerable: true }, { category: "attribute", unanswerable: false },
      { category: "answerable", unanswerable: true }, { category: "answerable", unanswerable: false },
    ]);
    expect(f).toEqual({ value: 4 / 6, n: 5, tp: 2, fp: 1, fn: 1 });
    expect(verdictF1([{ category: "answerable", unanswerable: false }]).value).toBe(0);
  });
});

describe("itemFromUrl", () => {
  it("reads ?item=<id>, decoded", () => {
    expect(itemFromUrl("?item=sample%2Fhand%2F3")).toBe("sample/hand/3");
    expect(itemFromUrl("?other=1")).toBeNull();
  });
  it("writes the item and the filters in use into the link and reads them back", () => {
    const filter = { query: " kite ", category: "object", source: "hand-written" };
    const query = viewQuery("sample/hand/3", filter);
    expect(query).toBe("?item=sample/hand/3&category=object&source=hand-written&q=kite");
    expect(itemFromUrl(query)).toBe("sample/hand/3");
    expect(filterFromUrl(query)).toEqual({ query: "kite", category: "object", source: "hand-written" });
    expect(viewQuery(null, { query: "", category: "", source: "" })).toBe("");
    expect(filterFromUrl("")).toEqual({ query: "", category: "", source: "" });
  });
});

describe("the panel's items at scale", () => {
  it("holds every item up to the limit, else that many at evenly spaced positions, in order", () => {
    expect(spread([1, 2, 3], 5)).toEqual([1, 2, 3]);
    // 10 items, limit 4: positions floor(k * 10 / 4) = 0, 2, 5, 7
    expect(spread([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([0, 2, 5, 7]);
    // three datasets of 600, 300 and 100 items keep their shares of 100
    const ids = [...Array(600).fill("a"), ...Array(300).fill("b"), ...Array(100).fill("c")];
    const kept = spread(ids, 100);
    expect([kept.filter((d) => d === "a").length, kept.filter((d) => d === "b").length, kept.filter((d) => d === "c").length]).toEqual([60, 30, 10]);
  });

  it("reads UVQA_MODEL_PANEL_ITEMS: unset or empty is 5,000; anything but a positive whole number names the variable", () => {
    expect(panelLimit(undefined)).toBe(5000);
    expect(panelLimit("")).toBe(5000);
    expect(panelLimit("200")).toBe(200);
    expect(() => panelLimit("0")).toThrow("invalid UVQA_MODEL_PANEL_ITEMS: \"0\" (environment)");
    expect(() => panelLimit("many")).toThrow("invalid UVQA_MODEL_PANEL_ITEMS: \"many\" (environment)");
  });

  it("says how many items the report has when the panel holds fewer", () => {
    expect(countText(12, 659)).toBe("12 of 659 items");
    expect(countText(12, 659, 659)).toBe("12 of 659 items");
    expect(countText(40, 5000, 100000)).toBe("40 of 5000 items (the panel holds 5,000 of the report's 100,000, spread evenly over them; the error explorer has every one)");
  });
});
