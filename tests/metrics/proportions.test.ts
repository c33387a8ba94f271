import { describe, expect, it } from "vitest";
import { benjaminiHochberg } from "../../loaders/metrics/bh.ts";
import { fisherUpper, logFactorial } from "../../loaders/metrics/fisher.ts";
import { newcombePaired, normalQuantile, wilson, zFor } from "../../loaders/metrics/proportions.ts";

describe("normal quantile", () => {
  it("matches the known values", () => {
    expect(zFor(0.95)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.3)).toBeCloseTo(-0.524400512708041, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306167813, 13);
  });
});

describe("Wilson interval", () => {
  it("reproduces Newcombe's (1998) single-proportion examples", () => {
    const round = ([l, h]: [number, number]) => [+l.toFixed(4), +h.toFixed(4)];
    expect(round(wilson(81, 263))).toEqual([0.2553, 0.3662]);
    expect(round(wilson(15, 148))).toEqual([0.0624, 0.1605]);
    expect(round(wilson(0, 20))).toEqual([0, 0.1611]);
    expect(round(wilson(1, 29))).toEqual([0.0061, 0.1718]);
  });
  it("x = n: the lower limit is n / (n + z^2), the upper exactly 1", () => {
    const z = zFor(0.95);
    const [low, high] = wilson(4, 4);
    expect(low).toBeCloseTo(4 / (4 + z * z), 14);
    expect(high).toBe(1);
  });
});

describe("Newcombe's paired interval", () => {
  it("reproduces the Cavo et al. (2012) example of Fagerland, Lydersen and Laake: -0.0621 (-0.1186 to -0.0046)", () => {
    // 59 both, 6 first only, 16 second only, 80 neither
    const [low, high] = newcombePaired(59, 6, 16, 80);
    expect(+low.toFixed(4)).toBe(-0.1186);
    expect(+high.toFixed(4)).toBe(-0.0046);
  });
  it("combines the Wilson limits with the adjusted correlation (worked by hand)", () => {
    // 10 both, 10 neither, n = 20: p1 = p2 = 1/2, each Wilson half-width w; ad - bc = 100 > n/2, so
    // phi = (100 - 10) / sqrt(10 * 10 * 10 * 10) = 0.9 and each side is sqrt(w^2 + w^2 - 2 * 0.9 * w^2) = w sqrt(0.2)
    const [l, u] = wilson(10, 20);
    expect(u - 0.5).toBeCloseTo(0.5 - l, 15);
    const w = u - 0.5;
    const [low, high] = newcombePaired(10, 0, 0, 10);
    expect(high).toBeCloseTo(w * Math.sqrt(0.2), 14);
    expect(low).toBeCloseTo(-w * Math.sqrt(0.2), 14);
    // no correlation left (ad - bc = 25 - 25 = 0): sqrt(w1^2 + w2^2)
    const [l5, u5] = wilson(10, 20);
    const [low0] = newcombePaired(5, 5, 5, 5);
    expect(low0).toBeCloseTo(-Math.hypot(0.5 - l5, u5 - 0.5), 14);
  });
});

describe("Fisher's exact test, one-sided", () => {
  it("sums the hypergeometric upper tail (worked by hand)", () => {
    // N = 12 items, K = 5 events, a slice of n = 4 holding x = 4: C(5,4) C(7,0) / C(12,4) = 5 / 495
    expect(fisherUpper(4, 4, 5, 12)).toBeCloseTo(5 / 495, 15);
    // x = 1: 1 - C(7,4) / C(12,4) = 1 - 35/495
    expect(fisherUpper(1, 4, 5, 12)).toBeCloseTo(460 / 495, 15);
    expect(fisherUpper(0, 4, 5, 12)).toBe(1);
    expect(fisherUpper(5, 4, 5, 12)).toBe(0);
    // a slice that must hold events: N = 10, K = 8, n = 5 -> at least 3
    expect(fisherUpper(3, 5, 8, 10)).toBe(1);
  });
  it("agrees with the direct sum of binomial coefficients on every small table", () => {
    const choose = (a: number, b: number) => { if (b < 0 || b > a) return 0; let r = 1; for (let i = 1; i <= b; i++) r = (r * (a - b + i)) / i; return r; };
    let worst = 0;
    for (let N = 1; N <= 30; N++) for (let K = 0; K <= N; K++) for (let n = 0; n <= N; n++) for (let x = 0; x <= n + 1; x++) {
      let tail = 0;
      for (let k = x; k <= n; k++) tail += choose(K, k) * choose(N - K, n - k);
      worst = Math.max(worst, Math.abs(fisherUpper(x, n, K, N) - tail / choose(N, n)));
    }
    expect(worst).toBeLessThan(1e-12);
  });
  it("stays finite at scale and keeps log factorials exact sums", () => {
    expect(logFactorial(10)).toBeCloseTo(Math.log(3628800), 12);
    const p = fisherUpper(600, 1000, 50_000, 100_000);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-9);
  });
});

describe("Benjamini-Hochberg", () => {
  it("step-up q-values (worked by hand)", () => {
    // sorted 0.01, 0.03, 0.04, 0.05, 0.5 with m = 5: m p / rank = 0.05, 0.075, 0.0667, 0.0625, 0.5;
    // from the largest rank down, the running minimum: 0.5, 0.0625, 0.0625, 0.0625, 0.05
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.05, 0.5]);
    const expected = [0.05, 0.0625, 0.0625, 0.0625, 0.5];
    q.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 15));
    expect(benjaminiHochberg([0.2, 0.2, 0.9])).toEqual([0.30000000000000004, 0.30000000000000004, 0.9]);
    expect(benjaminiHochberg([])).toEqual([]);
  });
});
