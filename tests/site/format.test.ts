import { describe, expect, it } from "vitest";
import { formatCell, formatCount, formatFailures, formatInterval, formatN, formatNumber } from "../../components/format.ts";

describe("formatNumber", () => {
  it("rounds to two decimals, the paper's precision", () => {
    expect(formatNumber(1 / 3)).toBe("0.33");
    expect(formatNumber(2.355)).toBe("2.35"); // binary 2.35499..., as toFixed rounds it
    expect(formatNumber(0)).toBe("0.00");
    expect(formatNumber(1)).toBe("1.00");
  });
  it("drops the sign of a value that rounds to zero", () => {
    expect(formatNumber(-0.001)).toBe("0.00");
    expect(formatNumber(-0)).toBe("0.00");
    expect(formatNumber(-0.25)).toBe("-0.25");
  });
  it("spells out non-finite values instead of hiding them", () => {
    expect(formatNumber(Number.NaN)).toBe("NaN");
  });
});

describe("formatInterval and formatN", () => {
  it("writes the interval in brackets", () => {
    expect(formatInterval(0.1234, 0.5678)).toBe("[0.12, 0.57]");
  });
  it("always shows the denominator, zero included", () => {
    expect(formatN(0)).toBe("n = 0");
    expect(formatN(12345)).toBe("n = 12,345");
  });
  it("counts judge failures, singular and plural, and says nothing for none", () => {
    expect(formatFailures(0)).toBe("");
    expect(formatFailures(1)).toBe("1 judge failure");
    expect(formatFailures(3)).toBe("3 judge failures");
  });
});

describe("formatCell", () => {
  it("marks a 0 of 0 as empty, so it is never read as a measured 0", () => {
    expect(formatCell({ value: 0, n: 0, ci_low: 0, ci_high: 0, judge_failures: 0 })).toEqual({
      value: "0.00", interval: "[0.00, 0.00]", n: "n = 0", failures: "", empty: true,
    });
  });
  it("formats a measured score with its interval, denominator and failures", () => {
    // 3 of 8 refused: 0.375 -> "0.38" (toFixed rounds the binary 0.375 up)
    expect(formatCell({ value: 3 / 8, n: 8, ci_low: 0.125, ci_high: 0.75, judge_failures: 2 })).toEqual({
      value: "0.38", interval: "[0.13, 0.75]", n: "n = 8", failures: "2 judge failures", empty: false,
    });
  });
});

describe("formatCount", () => {
  it("writes a count as toLocaleString(\"en-US\") does, with thousands separators", () => {
    expect(formatCount(1_234_567)).toBe("1,234,567");
    expect(formatCount(0)).toBe("0");
    expect(formatCount(-4_200)).toBe("-4,200");
    for (const n of [7, 999, 1_000, 65_536, 10_000_000, 12_345.678]) expect(formatCount(n)).toBe(n.toLocaleString("en-US"));
  });
});
