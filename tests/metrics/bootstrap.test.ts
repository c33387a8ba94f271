import { randomLcg } from "d3-random";
import { describe, expect, it } from "vitest";
import { bootstrapCounts, percentileInterval, type Method } from "../../loaders/metrics/bootstrap.ts";
import { scoreRuns, type JudgedRow, type MetricItem } from "../../loaders/metrics/index.ts";

/** 400 items in two strata; per item a score 0..5 and a (den, num) pair as in s_ex_ref. Deterministic. */
function table() {
  const stratum: number[] = [], score: number[] = [], den: number[] = [], num: number[] = [];
  for (let i = 0; i < 400; i++) {
    const s = i < 300 ? 0 : 1;
    stratum.push(s);
    score.push(s === 0 ? (i * 7) % 6 : (i * 3) % 4);
    den.push(i % 5 < 2 ? 1 : 0); // 40% in the denominator
    num.push(i % 5 === 0 && i % 3 !== 0 ? 1 : 0); // part of them in the numerator
  }
  return { stratum, score, den, num };
}

function quantiles(values: number[]): [number, number, number] {
  const sorted = Float64Array.from(values).sort();
  const q = (p: number) => { const h = (sorted.length - 1) * p, lo = Math.floor(h); return sorted[lo]! + (h - lo) * ((sorted[lo + 1] ?? sorted[lo]!) - sorted[lo]!); };
  return [q(0.025), q(0.5), q(0.975)];
}
const sd = (values: number[]) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
};

describe("bootstrap over cells", () => {
  const t = table();
  const R = 3000;

  // The reference: resample item indices with replacement within each stratum, then compute the statistics.
  const naive = { mean: [] as number[], ratio: [] as number[] };
  const random = randomLcg(12345);
  const strata = [0, 1].map((s) => t.stratum.flatMap((k, i) => (k === s ? [i] : [])));
  for (let r = 0; r < R; r++) {
    let sum = 0, n = 0, d = 0, m = 0;
    for (const members of strata) {
      for (let draw = 0; draw < members.length; draw++) {
        const i = members[Math.floor(random() * members.length)]!;
        sum += t.score[i]!; n++; d += t.den[i]!; m += t.num[i]!;
      }
    }
    naive.mean.push(sum / n);
    naive.ratio.push(d === 0 ? 0 : m / d);
  }

  // The same statistics from resampled cell counts: a cell = (stratum, score, den, num).
  const keys = new Map<string, number>();
  const cellOf = t.stratum.map((s, i) => {
    const key = `${s},${t.score[i]},${t.den[i]},${t.num[i]}`;
    if (!keys.has(key)) keys.set(key, keys.size);
    return keys.get(key)!;
  });
  const cells = keys.size;
  const count = new Int32Array(cells), cellStratum = new Int32Array(cells);
  const cellScore = new Float64Array(cells), cellDen = new Float64Array(cells), cellNum = new Float64Array(cells);
  cellOf.forEach((j, i) => { count[j]!++; cellStratum[j] = t.stratum[i]!; cellScore[j] = t.score[i]!; cellDen[j] = t.den[i]!; cellNum[j] = t.num[i]!; });
  const viaCells = (method: Method, seed: number) => {
    const out = { mean: [] as number[], ratio: [] as number[] };
    bootstrapCounts({ count, stratum: cellStratum }, R, seed, (counts) => {
      let sum = 0, n = 0, d = 0, m = 0;
      for (let j = 0; j < cells; j++) { const c = counts[j]!; sum += c * cellScore[j]!; n += c; d += c * cellDen[j]!; m += c * cellNum[j]!; }
      expect(n).toBe(400); // every resample keeps the stratum sizes
      out.mean.push(sum / n);
      out.ratio.push(d === 0 ? 0 : m / d);
    }, method);
    return out;
  };

  for (const method of ["cells", "items"] as const) {
    it(`${method}: quantiles agree with a naive item-level bootstrap within Monte Carlo tolerance`, () => {
      const engine = viaCells(method, 777);
      for (const stat of ["mean", "ratio"] as const) {
        // The MC error of a 2.5% quantile with 3000 resamples is about 0.05 sd; allow 0.25 sd.
        const tolerance = 0.25 * sd(naive[stat]);
        const [a, b] = [quantiles(naive[stat]), quantiles(engine[stat])];
        for (let q = 0; q < 3; q++) expect(Math.abs(a[q]! - b[q]!)).toBeLessThan(tolerance);
        expect(Math.abs(sd(engine[stat]) - sd(naive[stat]))).toBeLessThan(0.1 * sd(naive[stat]));
      }
    });
  }

  it("is reproducible for a seed", () => {
    expect(viaCells("cells", 5).ratio).toEqual(viaCells("cells", 5).ratio);
    expect(viaCells("cells", 5).ratio).not.toEqual(viaCells("cells", 6).ratio);
  });

  it("percentile intervals interpolate (type 7) and collapse on a constant sample", () => {
    // 0..100: 2.5% -> 2.5, 97.5% -> 97.5
    const [low, high] = percentileInterval(Float64Array.from({ length: 101 }, (_, i) => 100 - i), 0.95);
    expect(low).toBeCloseTo(2.5, 12);
    expect(high).toBeCloseTo(97.5, 12);
    expect(percentileInterval(new Float64Array(50).fill(0.1), 0.95)).toEqual([0.1, 0.1]);
  });
});

describe("scoreRuns intervals", () => {
  // 200 items: 120 answerable (C, W, R mixed), 80 unanswerable (R, A mixed), integer LLM scores.
  const items: MetricItem[] = Array.from({ length: 200 }, (_, i) => ({ id: `i${i}`, category: i < 120 ? "answerable" : i % 2 ? "object" : "relation" }));
  const rows: JudgedRow[] = items.map((item, i) => {
    const refused = item.category === "answerable" ? i % 7 === 0 : i % 3 === 0;
    return { run: "r", item: item.id, refused, correct: item.category === "answerable" ? !refused && i % 2 === 0 : refused, score: i % 6, score_kind: "llm" };
  });

  it("contain the point estimate, repeat for a seed and change for another", () => {
    const one = scoreRuns(items, rows, [], { seed: 1 });
    for (const s of one.scores) {
      expect(s.ci_low).toBeLessThanOrEqual(s.value);
      expect(s.ci_high).toBeGreaterThanOrEqual(s.value);
    }
    const all = one.scores.find((s) => s.slice === "all" && s.metric === "s_acc")!;
    expect(all.ci_high - all.ci_low).toBeGreaterThan(0.05); // a real interval, not a collapsed one
    expect(scoreRuns(items, rows, [], { seed: 1 }).scores).toEqual(one.scores);
    const other = scoreRuns(items, rows, [], { seed: 2 }).scores;
    expect(other.map((s) => s.value)).toEqual(one.scores.map((s) => s.value));
    expect(other.map((s) => [s.ci_low, s.ci_high])).not.toEqual(one.scores.map((s) => [s.ci_low, s.ci_high]));
  });

  it("uses 1000 resamples and a fixed seed by default", () => {
    expect(scoreRuns(items, rows, []).scores).toEqual(scoreRuns(items, rows, [], { seed: 20250124, resamples: 1000 }).scores);
  });

  it("with distinct non-integer scores (one item per cell) still gives a proper interval", () => {
    const match = rows.map((r, i) => ({ ...r, score: (i * 37 % 101) / 20.2, score_kind: "match" as const }));
    const score = scoreRuns(items, match, []).scores.find((s) => s.slice === "all" && s.metric === "match_score")!;
    expect(score.ci_low).toBeLessThan(score.value);
    expect(score.ci_high).toBeGreaterThan(score.value);
  });

  it("collapse to the value on a degenerate (all-same) sample", () => {
    const same = items.slice(0, 120).map((item): JudgedRow => ({ run: "r", item: item.id, refused: false, correct: true, score: 0.1, score_kind: "match" }));
    const result = scoreRuns(items, same, []);
    for (const s of result.scores) expect([s.ci_low, s.ci_high]).toEqual([s.value, s.value]);
    expect(result.scores.find((s) => s.slice === "all" && s.metric === "s_acc")).toMatchObject({ value: 1, n: 120 });
  });
});
