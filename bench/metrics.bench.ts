// Scoring 1M judged rows: 10 runs x 100k items, 5 runs aligned against 5 baselines, all metrics, slices
// "all" + categories, 1,000 resamples. Prints seconds and peak RSS (sampled from a worker thread, since the
// main thread is busy for the whole call). Figures only; nothing is asserted.
import { randomLcg } from "d3-random";
import { availableParallelism, loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import type { Category } from "../loaders/items/schema.ts";
import type { Run } from "../loaders/items/records.ts";
import { compareRuns, scoreRuns, type JudgedRow, type MetricItem } from "../loaders/metrics/index.ts";

const ITEMS = 100_000;
const MODELS = 5;
const SEED = 7;

function synthesize(): { items: MetricItem[]; rows: JudgedRow[]; runs: Run[] } {
  const random = randomLcg(SEED);
  const categories: Category[] = ["answerable", "object", "relation", "attribute"];
  const items: MetricItem[] = Array.from({ length: ITEMS }, (_, i) => {
    const u = random();
    return { id: `item-${i}`, category: categories[u < 0.5 ? 0 : u < 0.7 ? 1 : u < 0.85 ? 2 : 3]!, question_type: `q${i % 7}` };
  });
  const rows: JudgedRow[] = [];
  const runs: Run[] = [];
  // Match scores as a token-overlap heuristic gives them: 5 * k / m for short answers (m <= 4).
  const matchScore = () => { const m = 1 + Math.floor(random() * 4); return (5 * Math.floor(random() * (m + 1))) / m; };
  const llmScore = (good: boolean) => Math.min(5, Math.max(0, Math.round((good ? 3.6 : 1.4) + (random() - 0.5) * 3)));
  for (let m = 0; m < MODELS; m++) {
    const kind = m % 2 === 0 ? "llm" as const : "match" as const;
    const baseline = `model${m}-unaligned`, aligned = `model${m}-dpo`;
    runs.push({ id: baseline, model: `model${m}`, prompt: "plain", variant: "unaligned", baseline: null });
    runs.push({ id: aligned, model: `model${m}`, prompt: "plain", variant: "dpo", baseline });
    const before: string[] = [];
    items.forEach((item, i) => {
      const u = random();
      // Unaligned: answerable C 40% / W 54% / R 5% / F 1%; unanswerable A 85% / R 14% / F 1%.
      const o = item.category === "answerable" ? (u < 0.4 ? "C" : u < 0.94 ? "W" : u < 0.99 ? "R" : "F") : u < 0.85 ? "A" : u < 0.99 ? "R" : "F";
      before[i] = o;
      rows.push(judged(baseline, item, o, kind));
    });
    items.forEach((item, i) => {
      if (random() < 0.005) return; // a few items missing from the aligned run
      const u = random(), b = before[i]!;
      // DPO-like transitions: some excessive refusal, permissiveness and discretion.
      let o: string;
      if (item.category === "answerable") o = b === "C" ? (u < 0.08 ? "R" : "C") : b === "R" ? (u < 0.5 ? "C" : "R") : u < 0.2 ? "R" : u < 0.35 ? "C" : "W";
      else o = b === "A" ? (u < 0.64 ? "R" : "A") : u < 0.95 ? "R" : "A";
      if (random() < 0.005) o = "F";
      rows.push(judged(aligned, item, o, kind));
    });
  }
  return { items, rows, runs };

  function judged(run: string, item: MetricItem, o: string, kind: "llm" | "match"): JudgedRow {
    if (o === "F") return { run, item: item.id, refused: null, correct: null, score: null, score_kind: null };
    const unanswerable = item.category !== "answerable";
    const refused = o === "R";
    const correct = unanswerable ? refused : o === "C";
    const score = kind === "llm" ? llmScore(correct) : matchScore();
    return { run, item: item.id, refused, correct, score, score_kind: kind };
  }
}

const REPEATS = 3;

/** Best of REPEATS runs (the machine is shared, so the minimum is the figure least disturbed by others). */
async function measure<T>(work: () => T): Promise<{ result: T; seconds: number; median: number; peakMb: number }> {
  const runs = [];
  for (let k = 0; k < REPEATS; k++) runs.push(await measureOnce(work));
  const seconds = runs.map((r) => r.seconds).sort((a, b) => a - b);
  return { result: runs[0]!.result, seconds: seconds[0]!, median: seconds[REPEATS >> 1]!, peakMb: Math.max(...runs.map((r) => r.peakMb)) };
}

/** Samples process RSS from a worker every 5 ms while `work` runs on the main thread. */
async function measureOnce<T>(work: () => T): Promise<{ result: T; seconds: number; peakMb: number }> {
  const shared = new Float64Array(new SharedArrayBuffer(16));
  const sampler = new Worker(
    `const { workerData } = require("node:worker_threads");
     const peak = new Float64Array(workerData);
     setInterval(() => { const rss = process.memoryUsage.rss(); if (rss > peak[0]) peak[0] = rss; if (peak[1]) process.exit(0); }, 5);`,
    { eval: true, workerData: shared.buffer },
  );
  await new Promise((resolve) => sampler.once("online", resolve));
  shared[0] = process.memoryUsage.rss();
  const start = performance.now();
  const result = work();
  const seconds = (performance.now() - start) / 1000;
  shared[0] = Math.max(shared[0]!, process.memoryUsage.rss());
  shared[1] = 1;
  await new Promise((resolve) => sampler.once("exit", resolve));
  return { result, seconds, peakMb: shared[0]! / 2 ** 20 };
}

export default async function (): Promise<void> {
  const t0 = performance.now();
  const { items, rows, runs } = synthesize();
  const built = (performance.now() - t0) / 1000;
  const table: Record<string, string | number>[] = [];
  const add = (phase: string, resamples: number, m: { seconds: number; median: number; peakMb: number }, out: number, n = rows.length) =>
    table.push({ phase, rows: n, resamples, "best s": +m.seconds.toFixed(2), "median s": +m.median.toFixed(2), "peak RSS MB": Math.round(m.peakMb), "output rows": out });
  console.log(`synthetic rows: ${rows.length} (${(built).toFixed(1)} s to build), RSS after build ${Math.round(process.memoryUsage.rss() / 2 ** 20)} MB`);

  const point = await measure(() => scoreRuns(items, rows, runs, { resamples: 0 }));
  add("scoreRuns, point estimates only", 0, point, point.result.scores.length);
  const full = await measure(() => scoreRuns(items, rows, runs, { resamples: 1000 }));
  add("scoreRuns", 1000, full, full.result.scores.length + full.result.transitions.length);
  const pair = await measure(() => compareRuns(items, rows, "model0-unaligned", "model0-dpo", { resamples: 1000 }));
  add("compareRuns, one pair", 1000, pair, pair.result.length);
  const aligned = await measure(() => compareRuns(items, rows, "model0-dpo", "model2-dpo", { resamples: 1000, runs }));
  add("compareRuns, two aligned runs (+ baselines)", 1000, aligned, aligned.result.length);
  // The degenerate case: every score distinct (one item per cell), so strata fall back to item-level draws.
  const continuous = items.map((item, i): JudgedRow => ({
    run: "continuous", item: item.id, refused: i % 9 === 0, correct: i % 2 === 0, score: ((i * 7919) % 100_003) / 20_000.6, score_kind: "match",
  }));
  const one = await measure(() => scoreRuns(items, continuous, [], { resamples: 1000 }));
  add("scoreRuns, 1 run, 100k distinct match scores", 1000, one, one.result.scores.length, continuous.length);
  console.table(table);
  console.log(`best / median of ${REPEATS}; peak RSS of the process (getrusage): ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; load average ${loadavg().map((x) => x.toFixed(1)).join(" ")} on ${availableParallelism()} cores`);
}
