import { describe, expect, it } from "vitest";
import { highlight, marked } from "../../components/highlight.ts";

describe("highlight", () => {
  it("marks a whole-word, case-insensitive occurrence and keeps the rest as written", () => {
    expect(highlight("Is the Giraffe eating leaves?", ["giraffe"])).toEqual([
      { text: "Is the ", mark: null }, { text: "Giraffe", mark: "giraffe" }, { text: " eating leaves?", mark: null },
    ]);
  });
  it("prefers the longest term and marks plurals", () => {
    expect(highlight("Two baby baskets and a basket.", ["basket", "baby basket"]).filter((s) => s.mark)).toEqual([
      { text: "baby baskets", mark: "baby basket" }, { text: "basket", mark: "basket" },
    ]);
  });
  it("does not mark inside another word", () => {
    expect(marked(highlight("The catalogue is red.", ["cat"]))).toBe(false);
  });
  it("a hand-edited question without the term is one plain segment; markup-like text stays text", () => {
    const text = '<img src=x onerror="alert(1)"> what is he holding?';
    expect(highlight(text, ["umbrella"])).toEqual([{ text, mark: null }]);
    expect(highlight(text, ["img"]).map((s) => s.text).join("")).toBe(text);
  });
  it("ignores empty terms and regex characters in terms", () => {
    expect(highlight("a (b) c", ["", null, "(b)"])).toEqual([{ text: "a ", mark: null }, { text: "(b)", mark: "(b)" }, { text: " c", mark: null }]);
  });
});
