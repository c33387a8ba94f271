// Scoring 1M judged rows: 10 runs x 100k items, 5 runs aligned against 5 baselines, all metrics (twin-pair
// shares included: most unanswerable items have an answerable twin), slices "all" + categories, 1,000
// resamples. Then what the page's worker does on a filter change: one filter slice scored from per-run
// columns (built once, as from Arrow vectors), for all runs and for 2 runs, and the slice finder. Prints
// seconds and peak RSS (sampled from a worker thread, since the main thread is busy for the whole call).
// Figures only; nothing is asserted.
import { randomLcg } from "d3-random";
import { availableParallelism, loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import type { Category } from "../loaders/items/schema.ts";
import type { Run } from "../loaders/items/records.ts";
import {
  canonicalSlice, compareRuns, findDifferenceSlices, findRefusalSlices, indexItems, indexSlices, runColumns, scoreColumns, scoreRuns,
  type JudgedRow, type MetricItem, type RunColumns,
} from "../loaders/metrics/index.ts";

const ITEMS = 100_000;
const MODELS = 5;
const SEED = 7;

function synthesize(): { items: MetricItem[]; rows: JudgedRow[]; runs: Run[] } {
  const random = randomLcg(SEED);
  const categories: Category[] = ["answerable", "object", "relation", "attribute"];
  const items: MetricItem[] = Array.from({ length: ITEMS }, (_, i) => {
    const u = random();
    // Flags as the UVQA readers set them: a few items carry one or two.
    const flags = i % 11 === 0 ? ["edited-question"] : i % 13 === 0 ? ["edited-question", "self-swap"] : [];
    return { id: `item-${i}`, category: categories[u < 0.5 ? 0 : u < 0.7 ? 1 : u < 0.85 ? 2 : 3]!, question_type: `q${i % 7}`, flags, video: `video-${i >> 2}` };
  });
  // Twins: 90% of the unanswerable items are paired with the next answerable item not yet paired.
  let next = 0;
  items.forEach((item, i) => {
    if (item.category === "answerable" || i % 10 === 9) return;
    while (next < ITEMS && (items[next]!.category !== "answerable" || items[next]!.pair !== undefined)) next++;
    if (next >= ITEMS) return;
    item.pair = items[next]!.id;
    items[next]!.pair = item.id;
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
async function measure<T>(work: () => T): Promise<{ result: T; seconds: number; median: number; cpu: number; peakMb: number }> {
  const runs = [];
  for (let k = 0; k < REPEATS; k++) runs.push(await measureOnce(work));
  const seconds = runs.map((r) => r.seconds).sort((a, b) => a - b);
  const cpu = Math.min(...runs.map((r) => r.cpu));
  return { result: runs[0]!.result, seconds: seconds[0]!, median: seconds[REPEATS >> 1]!, cpu, peakMb: Math.max(...runs.map((r) => r.peakMb)) };
}

/**
 * Samples process RSS from a worker every 5 ms while `work` runs on the main thread; also the process's CPU
 * time (user + system: the figure least disturbed when other work shares the cores; the sampler adds ~0).
 */
async function measureOnce<T>(work: () => T): Promise<{ result: T; seconds: number; cpu: number; peakMb: number }> {
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
  const cpuStart = process.cpuUsage();
  const result = work();
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpuStart);
  shared[0] = Math.max(shared[0]!, process.memoryUsage.rss());
  shared[1] = 1;
  await new Promise((resolve) => sampler.once("exit", resolve));
  return { result, seconds, cpu: (used.user + used.system) / 1e6, peakMb: shared[0]! / 2 ** 20 };
}

export default async function (): Promise<void> {
  const t0 = performance.now();
  const { items, rows, runs } = synthesize();
  const built = (performance.now() - t0) / 1000;
  const table: Record<string, string | number>[] = [];
  const add = (phase: string, resamples: number, m: { seconds: number; median: number; cpu: number; peakMb: number }, out: number, n = rows.length) =>
    table.push({ phase, rows: n, resamples, "best s": +m.seconds.toFixed(2), "median s": +m.median.toFixed(2), "best cpu s": +m.cpu.toFixed(2), "peak RSS MB": Math.round(m.peakMb), "output rows": out });
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

  // The page's worker: items indexed and columns filled once (here from arrays, there from Arrow vectors),
  // then per filter change a slice index and scoreColumns.
  const t1 = performance.now();
  const index = indexItems(items);
  const position = index.position;
  const byRun = new Map<string, JudgedRow[]>();
  for (const r of rows) { let list = byRun.get(r.run); if (!list) byRun.set(r.run, (list = [])); list.push(r); }
  const judged = [...byRun].map(([run, list]) => [run, {
    item: Int32Array.from(list, (r) => position.get(r.item)!), refused: list.map((r) => r.refused), correct: list.map((r) => r.correct),
    score: Float64Array.from(list, (r) => r.score ?? NaN), scoreKind: list.map((r) => r.score_kind),
  }] as const);
  const prepared = (performance.now() - t1) / 1000;
  const fill = await measure(() => new Map<string, RunColumns>(judged.map(([run, columns]) => [run, runColumns(index, run, columns)])));
  add("worker, once: runColumns for every run", 0, fill, fill.result.size);
  const columns = fill.result;
  const expr = "category=object,relation&question_type=q1,q3&flags=edited-question";
  const name = canonicalSlice(expr);
  // As the page calls it: only the filter slice's rows (the same figures as `uvqa score --slice`).
  const filter = (only?: string[], onlySlices: string[] | null = [name]) => () =>
    scoreColumns(indexSlices(index, { slices: [expr] }), columns, runs, { resamples: 1000, ...(only ? { only } : {}), ...(onlySlices ? { onlySlices } : {}) });
  const allRuns = await measure(filter());
  add("filter slice (page): indexSlices + scoreColumns, all 10 runs", 1000, allRuns, allRuns.result.scores.length);
  const twoRuns = await measure(filter(["model0-unaligned", "model0-dpo"]));
  add("filter slice (page), 2 runs (a run and its baseline)", 1000, twoRuns, twoRuns.result.scores.length);
  const everySlice = await measure(filter(undefined, null));
  add("filter slice with all, category slices too (uvqa score --slice)", 1000, everySlice, everySlice.result.scores.length);
  const slicesOnly = await measure(() => indexSlices(index, { slices: [expr] }));
  add("  of which indexSlices (the filter over 100k items)", 0, slicesOnly, slicesOnly.result.names.length, items.length);
  const finder = await measure(() => findRefusalSlices(index, columns.get("model0-dpo")!, "over_refusal", { fields: ["category", "question_type", "flags", "video"] }));
  add("slice finder, one run, over-refusal, 4 fields + pairs", 0, finder, finder.result.length, items.length);
  const finder2 = await measure(() => findDifferenceSlices(index, columns.get("model0-unaligned")!, columns.get("model0-dpo")!, { fields: ["category", "question_type", "flags", "video"] }));
  add("slice finder, two runs, McNemar, 4 fields + pairs", 0, finder2, finder2.result.length, items.length);
  console.table(table);
  console.log(`worker inputs: ${(prepared).toFixed(2)} s to lay the rows out as per-run arrays (the page reads them from Arrow instead); filter: ${expr}`);
  console.log(`best / median of ${REPEATS}; peak RSS of the process (getrusage): ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; load average ${loadavg().map((x) => x.toFixed(1)).join(" ")} on ${availableParallelism()} cores`);
}
