// Intervals for proportions in closed form, for the slice finder (which scans too many slices for a bootstrap
// each): Wilson's score interval for one proportion, Newcombe's square-and-add interval for the difference of
// two paired proportions (Newcombe 1998, method 10, with his continuity-adjusted correlation), and the normal
// quantile they need.

/** The standard normal quantile (Wichura's AS 241, PPND16: about 1e-16 relative accuracy). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return NaN;
  }
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return q * (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
      + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r
      + 3.387132872796366608)
      / (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
        + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
      + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r
      + 1.42343711074968357734)
      / (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
        + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    x = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
      + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r
      + 6.6579046435011037772)
      / (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
        + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -x : x;
}

/** The z of a two-sided interval at `level` (1.959963984540054 at 0.95). */
export function zFor(level: number): number {
  return normalQuantile(1 - (1 - level) / 2);
}

/**
 * Wilson's score interval for x successes in n trials: good coverage for small n and for rates near 0 or 1,
 * where a percentile bootstrap collapses (0 of 20 gives [0, 0.161], not [0, 0]). n = 0 gives [0, 1].
 */
export function wilson(x: number, n: number, level = 0.95): [number, number] {
  if (n === 0) return [0, 1];
  const z = zFor(level);
  const z2 = z * z;
  const p = x / n;
  const center = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  // The limits are exactly 0 and 1 at x = 0 and x = n; rounding must not push them past.
  return [x === 0 ? 0 : Math.max(0, center - half), x === n ? 1 : Math.min(1, center + half)];
}

/**
 * Newcombe's square-and-add interval for p1 - p2 from a paired 2x2 table: `both` pairs are successes under
 * both, `onlyFirst` under the first only, `onlySecond` under the second only, `neither` under neither.
 * p1 = (both + onlyFirst) / n, p2 = (both + onlySecond) / n; the Wilson limits of each combine with the
 * correlation phi of the table (its numerator moved n/2 towards 0 when positive, as Newcombe does).
 */
export function newcombePaired(both: number, onlyFirst: number, onlySecond: number, neither: number, level = 0.95): [number, number] {
  const n = both + onlyFirst + onlySecond + neither;
  if (n === 0) return [-1, 1];
  const x1 = both + onlyFirst, x2 = both + onlySecond;
  const p1 = x1 / n, p2 = x2 / n;
  const [l1, u1] = wilson(x1, n, level);
  const [l2, u2] = wilson(x2, n, level);
  let phi = 0;
  if (x1 > 0 && x1 < n && x2 > 0 && x2 < n) {
    const a = both * neither - onlyFirst * onlySecond;
    const adjusted = a > n / 2 ? a - n / 2 : a >= 0 ? 0 : a;
    phi = adjusted / Math.sqrt(x1 * (n - x1) * x2 * (n - x2));
  }
  const d = p1 - p2;
  const low = d - Math.sqrt(Math.max(0, (p1 - l1) ** 2 + (u2 - p2) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2)));
  const high = d + Math.sqrt(Math.max(0, (p2 - l2) ** 2 + (u1 - p1) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1)));
  return [Math.max(-1, low), Math.min(1, high)];
}
