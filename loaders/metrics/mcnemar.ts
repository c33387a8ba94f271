// Exact McNemar test: under H0 the b discordant pairs among b + c are Binomial(b + c, 1/2).

/** Two-sided exact p = min(1, 2 P(X <= min(b, c))), X ~ Binomial(b + c, 1/2); 1 when b = c = 0. */
export function mcnemarExact(b: number, c: number): number {
  if (!(Number.isInteger(b) && Number.isInteger(c) && b >= 0 && c >= 0)) {
    throw new RangeError(`mcnemarExact: counts must be non-negative integers, got ${b}, ${c}`);
  }
  const n = b + c;
  const k = Math.min(b, c);
  if (n === 0 || 2 * k >= n) return 1;
  // Work in logs from the largest term P(X = k) downwards, so large n neither overflows nor underflows early.
  let logTerm = -n * Math.LN2;
  for (let i = 1; i <= k; i++) logTerm += Math.log((n - k + i) / i);
  let sum = 1;
  let term = 1;
  for (let i = k; i > 0; i--) {
    term *= i / (n - i + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return Math.min(1, 2 * Math.exp(logTerm) * sum);
}
