import { describe, expect, it } from "vitest";
import { mcnemarExact } from "../../loaders/metrics/index.ts";

describe("mcnemarExact", () => {
  it("matches hand-computed two-sided binomial p-values", () => {
    expect(mcnemarExact(0, 5)).toBeCloseTo(0.0625, 12); // 2 * (1/2)^5 = 2/32
    expect(mcnemarExact(5, 0)).toBeCloseTo(0.0625, 12);
    expect(mcnemarExact(1, 4)).toBeCloseTo(0.375, 12); // 2 * (1 + 5) / 32 = 12/32
    expect(mcnemarExact(1, 3)).toBeCloseTo(0.625, 12); // 2 * (1 + 4) / 16
    expect(mcnemarExact(2, 10)).toBeCloseTo(0.0385742187, 9); // 2 * (1 + 12 + 66) / 4096 = 158/4096
  });

  it("is 1 when b = c (including no discordant pairs)", () => {
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(3, 3)).toBe(1);
    expect(mcnemarExact(500, 500)).toBe(1);
  });

  it("stays finite and small for large lopsided counts", () => {
    const p = mcnemarExact(10, 2000);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(1e-100);
    // 2 * P(X <= 4900 | 10000, 1/2) = about 0.0466 (normal approximation with continuity: z = 1.99)
    expect(mcnemarExact(4900, 5100)).toBeCloseTo(0.0466, 3);
  });

  it("rejects non-integer counts", () => {
    expect(() => mcnemarExact(1.5, 2)).toThrow(new RangeError("mcnemarExact: counts must be non-negative integers, got 1.5, 2"));
  });
});
