// The browser code cannot import loaders/, so components/scores.ts keeps its own copy of the metric and
// category lists; this test keeps the copy equal to the contracts (loaders/items/records.ts, schema.ts).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { METRICS } from "../../loaders/items/records.ts";
import { CATEGORIES } from "../../loaders/items/schema.ts";
import * as breakdown from "../../components/breakdown.ts";
import * as overview from "../../components/overview.ts";
import * as scores from "../../components/scores.ts";
import { sliceExpression } from "../../components/filters.ts";
import { canonicalSlice } from "../../loaders/metrics/filters.ts";

describe("components/scores.ts against the loaders' contracts", () => {
  it("METRICS and CATEGORIES are the same lists, in the same order", () => {
    expect([...scores.METRICS]).toEqual([...METRICS]);
    expect([...scores.CATEGORIES]).toEqual([...CATEGORIES]);
  });
});

describe("components/filters.ts#sliceExpression against loaders/metrics#canonicalSlice", () => {
  it("names a filter slice exactly as the worker's scores name it", () => {
    const cases: Array<Record<string, string[]>> = [
      { category: ["relation", "object"] },
      { video: ["v2", "v1"], flags: ["edited-question"], category: ["relation", "object"], dataset: ["a&b"] },
      { source: ["x,y", "B", "a b", "%", "é"], question_type: ["why"], zeta: ["1"], alpha: ["2"] },
    ];
    for (const conditions of cases) {
      const expr = sliceExpression(conditions);
      expect(canonicalSlice(expr)).toBe(expr);
      // and any other spelling of the same filter has that name
      const reversed = Object.entries(conditions).reverse().map(([f, v]) => `${f}=${[...v].reverse().map(encodeURIComponent).join(",")}`).join("&");
      expect(canonicalSlice(reversed)).toBe(expr);
    }
  });
});

describe("one num helper", () => {
  it("scores.ts exports it; it reads BigInt (Int64), numbers and numeric strings", () => {
    expect(scores.num(10n)).toBe(10);
    expect(scores.num(0.25)).toBe(0.25);
    expect(scores.num("3")).toBe(3);
  });
  it("no other component defines or exports its own", () => {
    const dir = join(import.meta.dirname, "../../components");
    const defining = readdirSync(dir).filter((f) => f.endsWith(".ts"))
      .filter((f) => /\b(?:const|let|function)\s+num\b/.test(readFileSync(join(dir, f), "utf8")));
    expect(defining).toEqual(["scores.ts"]);
    expect("num" in breakdown).toBe(false);
    expect("num" in overview).toBe(false);
  });
  it("overview.ts does not export a scoreCell that clashes with render.ts#scoreCell", () => {
    expect("scoreCell" in overview).toBe(false);
  });
});
