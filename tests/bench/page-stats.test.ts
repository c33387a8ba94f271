// The page bench's pure helpers: sizes from PAGES_N, percentiles, and the walk of ad-hoc filter states.
import { describe, expect, it } from "vitest";
import { adhocWalk, isAdhoc, itemsFor, ms, parsePagesN, percentile, spread, verdict } from "../../bench/page-stats.ts";

describe("parsePagesN", () => {
  it("defaults to the default build and 1M responses", () => {
    expect(parsePagesN(undefined)).toEqual([{ kind: "default" }, { kind: "generated", responses: 1_000_000 }]);
    expect(parsePagesN(" ")).toEqual(parsePagesN(undefined));
  });
  it("reads a list of sizes in the forms a shell user writes", () => {
    expect(parsePagesN("100000, 1e6,10_000_000,default")).toEqual([
      { kind: "generated", responses: 100_000 }, { kind: "generated", responses: 1_000_000 },
      { kind: "generated", responses: 10_000_000 }, { kind: "default" },
    ]);
  });
  it("names the variable and the whole value when a size cannot be read", () => {
    expect(() => parsePagesN("100000,lots")).toThrow(/^invalid PAGES_N: 100000,lots$/);
    expect(() => parsePagesN("0")).toThrow(/^invalid PAGES_N: 0$/);
    expect(() => parsePagesN("1.5")).toThrow(/^invalid PAGES_N: 1.5$/);
    expect(() => parsePagesN("-5")).toThrow(/^invalid PAGES_N: -5$/);
  });
  it("splits responses over runs", () => {
    expect(itemsFor(1_000_000, 10)).toBe(100_000);
    expect(itemsFor(3, 10)).toBe(5);
  });
});

describe("percentile", () => {
  it("interpolates linearly between closest ranks, as numpy's default does", () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    // ranks 0..19 for 1..20: p95 sits at rank 18.05, between 19 and 20.
    expect(percentile(Array.from({ length: 20 }, (_, i) => 20 - i), 95)).toBeCloseTo(19.05, 10);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([1, 2, 3], 0)).toBe(1);
    expect(percentile([1, 2, 3], 100)).toBe(3);
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(/^invalid percentile: 101$/);
  });
  it("prints p50 / p95 with the count, and a verdict against a limit", () => {
    expect(spread([10, 20, 30, 40])).toBe("p50 25 / p95 39 (n=4)");
    expect(spread([])).toBe("–");
    expect(ms(3.14159)).toBe("3.1");
    expect(ms(NaN)).toBe("–");
    expect(verdict(100, 100)).toBe("met");
    expect(verdict(100.5, 100)).toBe("missed");
    expect(verdict(5, null)).toBe("");
  });
});

describe("adhocWalk", () => {
  const sizes = { dataset: 3, category: 4, model: 5, prompt: 1 };
  it("counts a condition as ad hoc unless it is all items or one field:value", () => {
    const all = { dataset: [0, 1, 2], category: [0, 1, 2, 3], model: [0], prompt: [0] };
    expect(isAdhoc(all, sizes)).toBe(false);
    expect(isAdhoc({ ...all, category: [2] }, sizes)).toBe(false);
    expect(isAdhoc({ ...all, category: [1, 2] }, sizes)).toBe(true);
    expect(isAdhoc({ ...all, category: [2], dataset: [0] }, sizes)).toBe(true);
  });
  it("steps one checkbox at a time through new ad-hoc states, never emptying a facet", () => {
    const walk = adhocWalk(sizes, 25);
    expect(walk).toHaveLength(25);
    let state: Record<string, number[]> = { dataset: [0, 1, 2], category: [0, 1, 2, 3], model: [0, 1, 2, 3, 4], prompt: [0] };
    const seen = new Set([JSON.stringify(state)]);
    for (const { facet, option } of walk) {
      const values = state[facet]!;
      state = { ...state, [facet]: values.includes(option) ? values.filter((v) => v !== option) : [...values, option].sort() };
      expect(state[facet]!.length).toBeGreaterThan(0);
      expect(isAdhoc(state, sizes)).toBe(true);
      const key = JSON.stringify(state);
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    expect(walk[0]).toEqual({ facet: "dataset", option: 0 });
  });
  it("stops when no new ad-hoc state is one toggle away", () => {
    // One category of two and nothing else to toggle: {0,1} -> {1} is precomputed, so no step at all.
    expect(adhocWalk({ category: 2 }, 5)).toEqual([]);
  });
});
