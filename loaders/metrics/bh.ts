// Benjamini-Hochberg: q-values that control the false discovery rate over a family of tests.

/** q_i = min over j with p_(j) >= p_i of min(1, m p_(j) / rank j); ties share their largest rank's value. */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const m = p.length;
  const order = p.map((_, i) => i).sort((a, b) => p[a]! - p[b]! || a - b);
  const q = new Array<number>(m);
  let min = 1;
  for (let r = m - 1; r >= 0; r--) {
    const i = order[r]!;
    min = Math.min(min, (p[i]! * m) / (r + 1));
    q[i] = min;
  }
  return q;
}
