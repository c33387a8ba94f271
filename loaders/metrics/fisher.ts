// Fisher's exact test, one-sided: how likely a slice of n items drawn at random from the run's N items (X of
// them events) would hold at least x events. Conditioning on the run's total makes the rate elsewhere no
// assumption (an exact binomial test against the rate elsewhere would treat that estimate as known).

import { logFactorial } from "./log-factorial.ts";

export { logFactorial };

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/**
 * P(X >= x) for X ~ Hypergeometric(population N, successes K, draws n): the one-sided p of Fisher's exact test
 * that a slice of n items holds more events (x) than chance would put there. Summed from x away from the mode
 * (or 1 minus the lower tail when x is below it), where terms shrink, so it stops early.
 */
export function fisherUpper(x: number, n: number, K: number, N: number): number {
  if (![x, n, K, N].every((v) => Number.isInteger(v) && v >= 0) || n > N || K > N) {
    throw new RangeError(`fisherUpper: invalid counts x=${x}, n=${n}, K=${K}, N=${N}`);
  }
  const lo = Math.max(0, n - (N - K)), hi = Math.min(n, K);
  if (x <= lo) return 1;
  if (x > hi) return 0;
  const logDenominator = logChoose(N, n);
  const pmf = (k: number) => Math.exp(logChoose(K, k) + logChoose(N - K, n - k) - logDenominator);
  const mode = Math.floor(((n + 1) * (K + 1)) / (N + 2));
  if (x > mode) {
    let term = pmf(x), sum = 0;
    for (let k = x; k <= hi; k++) {
      sum += term;
      if (term < sum * 1e-17) break;
      term *= ((K - k) * (n - k)) / ((k + 1) * (N - K - n + k + 1));
    }
    return Math.min(1, sum);
  }
  let term = pmf(x - 1), sum = 0;
  for (let k = x - 1; k >= lo; k--) {
    sum += term;
    if (term < sum * 1e-17) break;
    term *= (k * (N - K - n + k)) / ((K - k + 1) * (n - k + 1));
  }
  return Math.max(0, 1 - sum);
}
