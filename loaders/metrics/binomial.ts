// Binomial draws for the bootstrap's multinomial chain, exact and O(1) in n: inversion (Kachitvichyanukul and
// Schmeiser's BINV: one uniform, the pmf walked up from 0) while n min(p, 1 - p) < 10, else Hormann's
// transformed rejection with squeeze (BTRS, "The generation of binomial random variates", 1993) with exact
// log factorials. d3-random's binomial (a recursion of beta draws, then geometric waiting times) costs about
// 1 us a draw at the bootstrap's sizes and was most of a filter slice's time in the page.
import { logFactorial } from "./log-factorial.ts";

/** Returns binomial(n, p) draws (n a non-negative integer) from `source`, uniform on [0, 1). */
export function binomialSource(source: () => number): (n: number, p: number) => number {
  return (n: number, p: number): number => {
    if (n === 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - draw(n, 1 - p);
    return draw(n, p);
  };

  function draw(n: number, p: number): number {
    return n * p < 10 ? inversion(n, p) : btrs(n, p);
  }

  function inversion(n: number, p: number): number {
    const q = 1 - p;
    const s = p / q;
    const a = (n + 1) * s;
    let r = Math.pow(q, n);
    let u = source();
    let x = 0;
    while (u > r) {
      u -= r;
      x++;
      if (x > n) return n; // only rounding can get here: the pmf sums to 1
      r *= a / x - s;
    }
    return x;
  }

  function btrs(n: number, p: number): number {
    const q = 1 - p;
    const spq = Math.sqrt(n * p * q);
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const vr = 0.92 - 4.2 / b;
    const alpha = (2.83 + 5.1 / b) * spq;
    const lpq = Math.log(p / q);
    const m = Math.floor((n + 1) * p);
    const h = logFactorial(m) + logFactorial(n - m);
    for (;;) {
      const u = source() - 0.5;
      let v = source();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor((2 * a / us + b) * u + c);
      if (k < 0 || k > n) continue;
      if (us >= 0.07 && v <= vr) return k;
      v *= alpha / (a / (us * us) + b);
      if (Math.log(v) <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
    }
  }
}
