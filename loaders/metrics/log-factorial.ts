// log(k!) from a table grown on demand: exact sums of logs (a few ms for k = 1e6), shared by Fisher's test and
// the binomial sampler.

let table = new Float64Array([0, 0]);

export function logFactorial(k: number): number {
  if (k >= table.length) {
    const grown = new Float64Array(Math.max(k + 1, table.length * 2));
    grown.set(table);
    for (let i = table.length; i < grown.length; i++) grown[i] = grown[i - 1]! + Math.log(i);
    table = grown;
  }
  return table[k]!;
}
