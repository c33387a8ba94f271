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

describe("components/scores.ts against the loaders' contracts", () => {
  it("METRICS and CATEGORIES are the same lists, in the same order", () => {
    expect([...scores.METRICS]).toEqual([...METRICS]);
    expect([...scores.CATEGORIES]).toEqual([...CATEGORIES]);
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
