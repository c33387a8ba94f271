import { describe, expect, it } from "vitest";
import { UvqaError } from "../../loaders/errors.ts";
import {
  canonicalSlice, indexItems, indexSlices, parseSlice, scoreRuns, type JudgedRow, type MetricItem, type ScoreResult,
} from "../../loaders/metrics/index.ts";
import { row } from "./fixtures.ts";

const get = (result: ScoreResult, slice: string, metric: string) => {
  const found = result.scores.find((s) => s.slice === slice && s.metric === metric);
  if (!found) throw new Error(`no row ${slice} ${metric}`);
  return found;
};
const slices = (result: ScoreResult) => [...new Set(result.scores.map((s) => s.slice))];

const items: MetricItem[] = [
  { id: "a1", category: "answerable", source: "s1", flags: ["x", "y"] },
  { id: "a2", category: "answerable", source: "s2", flags: ["y"] },
  { id: "a3", category: "answerable", source: "s1", flags: [] },
  { id: "a4", category: "answerable", source: "a,b c" },
  { id: "o1", category: "object", source: "s1", flags: ["x", "x"] },
  { id: "o2", category: "object", source: "s2" },
  { id: "r1", category: "relation", source: "a,b c", flags: ["z"] },
];
// a1 C, a2 W, a3 R, a4 C, o1 R, o2 A, r1 R
const rows: JudgedRow[] = [
  row("r", "a1", "C"), row("r", "a2", "W"), row("r", "a3", "R"), row("r", "a4", "C"),
  row("r", "o1", "R"), row("r", "o2", "A"), row("r", "r1", "R"),
];

describe("array-valued slice fields", () => {
  const result = scoreRuns(items, rows, [], { resamples: 0, sliceFields: ["flags"] });

  it("put an item in one slice per element (once, however often it repeats)", () => {
    expect(slices(result)).toEqual(["all", "category:answerable", "category:object", "category:relation", "flags:x", "flags:y", "flags:z"]);
    // flags:x = {a1 C, o1 R (x twice)}: s_acc 2/2
    expect(get(result, "flags:x", "s_acc")).toMatchObject({ value: 1, n: 2 });
    // flags:y = {a1 C, a2 W}: 1/2
    expect(get(result, "flags:y", "s_acc")).toMatchObject({ value: 0.5, n: 2 });
    // flags:z = {r1 R}: f1 = 2 / (2 + 0 + 0) = 1
    expect(get(result, "flags:z", "f1")).toMatchObject({ value: 1, n: 1 });
  });
});

describe("signatures", () => {
  it("do not depend on the order of an array field's elements", () => {
    const index = indexSlices(indexItems([
      { id: "a", category: "answerable", flags: ["x", "y"] },
      { id: "b", category: "answerable", flags: ["y", "x"] },
      { id: "c", category: "answerable", flags: ["y"] },
    ]), { sliceFields: ["flags"] });
    expect(index.signature[0]).toBe(index.signature[1]);
    expect(index.signature[2]).not.toBe(index.signature[0]);
    expect([...index.signatureSlices[index.signature[0]!]!].map((k) => index.names[k])).toEqual(["all", "category:answerable", "flags:x", "flags:y"]);
  });
});

describe("filter slices: syntax", () => {
  it("canonical form: fields in a fixed order then alphabetically, values sorted and distinct, percent-encoded", () => {
    expect(canonicalSlice("flags=y,x&category=relation,object")).toBe("category=object,relation&flags=x,y");
    expect(canonicalSlice("video=v&zeta=1&alpha=2&source=s&flags=f&question_type=q&category=c&dataset=d"))
      .toBe("dataset=d&category=c&question_type=q&source=s&flags=f&alpha=2&video=v&zeta=1");
    // decoded, then re-encoded the one way (encodeURIComponent); sorted by code units (B < a), duplicates dropped
    expect(canonicalSlice("source=%61,b,B,a")).toBe("source=B,a,b");
    expect(canonicalSlice("source=a%2Cb%20c,x%26y%3Dz,%25")).toBe("source=%25,a%2Cb%20c,x%26y%3Dz");
    expect(canonicalSlice("source=a b")).toBe("source=a%20b");
    expect(parseSlice("source=a%2Cb%20c,s1&category=object")).toEqual([
      { field: "category", values: ["object"] }, { field: "source", values: ["a,b c", "s1"] },
    ]);
  });

  it("names the expression and the offending part in every parse error", () => {
    const cases: Array<[string, string]> = [
      ["", 'invalid slice: "" (empty expression)'],
      ["category", 'invalid slice: "category" (no "=" in "category")'],
      ["category=object&source", 'invalid slice: "category=object&source" (no "=" in "source")'],
      ["=object", 'invalid slice: "=object" (bad field name "")'],
      ["cat egory=object", 'invalid slice: "cat egory=object" (bad field name "cat egory")'],
      ["category=", 'invalid slice: "category=" (empty value in "category=")'],
      ["category=object,,relation", 'invalid slice: "category=object,,relation" (empty value in "category=object,,relation")'],
      ["source=a%zz", 'invalid slice: "source=a%zz" (bad percent-encoding in "a%zz")'],
      ["category=object&category=relation", 'invalid slice: "category=object&category=relation" (repeated field "category")'],
    ];
    for (const [expr, message] of cases) {
      expect(() => parseSlice(expr), expr).toThrow(UvqaError);
      expect(() => parseSlice(expr), expr).toThrow(message);
      expect(() => scoreRuns(items, rows, [], { resamples: 0, slices: [expr] }), expr).toThrow(message);
    }
  });

  it("a field no item has is an error naming it; a value no item has matches nothing", () => {
    expect(() => scoreRuns(items, rows, [], { resamples: 0, slices: ["color=red"] }))
      .toThrow('invalid slice: "color=red" (no item has field "color")');
    const none = scoreRuns(items, rows, [], { resamples: 0, slices: ["source=nowhere"] });
    expect(get(none, "source=nowhere", "s_acc")).toMatchObject({ value: 0, n: 0 });
  });
});

describe("filter slices: membership and scores", () => {
  it("each named field must have one of its values; an array field one of its elements", () => {
    const index = indexSlices(indexItems(items), { slices: ["flags=x,z&source=s1,a%2Cb%20c"] });
    expect(index.names).toEqual(["all", "category:answerable", "category:object", "category:relation", "source=a%2Cb%20c,s1&flags=x,z"]);
    const member = items.map((_, i) => index.signatureSlices[index.signature[i]!]!.includes(4));
    // a1 (s1, x y), o1 (s1, x), r1 (a,b c, z); not a2 (s2), a3 (no flag), a4 (no flags field), o2
    expect(member).toEqual([true, false, false, false, true, false, true]);
  });

  it("adds one slice per distinct canonical form, after the other slices, scored like any slice", () => {
    const result = scoreRuns(items, rows, [], {
      resamples: 0, sliceFields: ["source"], slices: ["category=answerable&source=s1", "source=s1&category=answerable", "flags=y"],
    });
    expect(slices(result)).toEqual([
      "all", "category:answerable", "category:object", "category:relation", "source:a,b c", "source:s1", "source:s2",
      "category=answerable&source=s1", "flags=y",
    ]);
    // answerable and s1 = {a1 C, a3 R}: s_acc 1/2, f1 0 (TP = 0)
    expect(get(result, "category=answerable&source=s1", "s_acc")).toMatchObject({ value: 0.5, n: 2 });
    // flags=y = {a1 C, a2 W}: the same items as the slice flags:y
    expect(get(result, "flags=y", "s_acc")).toMatchObject({ value: 0.5, n: 2 });
  });
});
