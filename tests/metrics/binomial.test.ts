// The bootstrap's binomial sampler against the exact binomial distribution, in both of its regimes
// (inversion below n min(p, 1 - p) = 10, transformed rejection above) and at the boundary.
import { randomLcg } from "d3-random";
import { describe, expect, it } from "vitest";
import { binomialSource } from "../../loaders/metrics/binomial.ts";
import { logFactorial } from "../../loaders/metrics/log-factorial.ts";

const pmf = (n: number, p: number, k: number) =>
  Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p));

describe("binomial draws", () => {
  const draws = 200_000;
  // Kolmogorov's 0.1% critical value for the largest CDF gap at this many draws (discrete: conservative).
  const critical = 1.95 / Math.sqrt(draws);
  const cases: Array<[number, number]> = [
    [5, 0.3], [100, 0.09], [20, 0.5], [100, 0.1], [1000, 0.3], [50_000, 0.02], [50_000, 0.5], [37, 0.9], [200_000, 0.00004],
  ];
  for (const [n, p] of cases) {
    it(`Binomial(${n}, ${p}): the empirical CDF stays within ${critical.toFixed(4)} of the exact one, mean and variance agree`, () => {
      const binomial = binomialSource(randomLcg(n + Math.round(p * 1000)));
      const counts = new Float64Array(n + 1);
      let sum = 0, squares = 0, invalid = 0;
      for (let d = 0; d < draws; d++) {
        const k = binomial(n, p);
        if (!(Number.isInteger(k) && k >= 0 && k <= n)) { invalid++; continue; }
        counts[k]!++;
        sum += k;
        squares += k * k;
      }
      expect(invalid).toBe(0);
      let exact = 0, seen = 0, gap = 0;
      for (let k = 0; k <= n; k++) {
        exact += pmf(n, p, k);
        seen += counts[k]! / draws;
        gap = Math.max(gap, Math.abs(exact - seen));
      }
      expect(gap).toBeLessThan(critical);
      const mean = sum / draws, variance = squares / draws - mean * mean, sd = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(mean - n * p)).toBeLessThan(5 * sd / Math.sqrt(draws));
      expect(Math.abs(variance / (n * p * (1 - p)) - 1)).toBeLessThan(0.03);
    });
  }

  it("takes n = 0, p = 0 and p = 1 without drawing, and repeats for a seed", () => {
    const random = randomLcg(1);
    let calls = 0;
    const counted = binomialSource(() => (calls++, random()));
    expect([counted(0, 0.5), counted(10, 0), counted(10, 1)]).toEqual([0, 0, 10]);
    expect(calls).toBe(0);
    const a = binomialSource(randomLcg(9)), b = binomialSource(randomLcg(9));
    const seq = (f: (n: number, p: number) => number) => Array.from({ length: 50 }, (_, i) => f(1000 + i, 0.3));
    expect(seq(a)).toEqual(seq(b));
  });
});
