// `uvqa score` end to end, as a user runs it: 1M predictions (10 runs x 100k items, 5 aligned against
// baselines) read from JSONL, validated, scored with 1,000-resample intervals, written as JSON + Parquet.
// Prints wall time, the child's CPU time (user + system, from /proc: on a shared machine the figure that
// reproduces, wall time grows with the load) and peak RSS (VmHWM). Figures only; nothing is asserted.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { randomLcg } from "d3-random";

const ITEMS = 100_000;
const RUNS = 10;
const CATEGORIES = ["answerable", "object", "relation", "attribute"] as const;

export async function writeInputs(dir: string): Promise<void> {
  const random = randomLcg(7);
  const items: string[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const category = i % 2 === 0 ? "answerable" : CATEGORIES[1 + (i % 3)]!;
    items.push(JSON.stringify({ id: `i${i}`, dataset: "bench", category, video: `v${i % 5000}`, question: `Question ${i}?`, reference: `Reference ${i}.` }));
  }
  await writeFile(join(dir, "items.jsonl"), items.join("\n") + "\n");
  const lines: string[] = [];
  const runs: unknown[] = [];
  for (let r = 0; r < RUNS; r++) {
    const aligned = r % 2 === 1;
    runs.push({ id: `run${r}`, model: `m${r >> 1}`, prompt: aligned ? "prompt-aligned" : "unaligned", variant: aligned ? "prompt-aligned" : "unaligned", baseline: aligned ? `run${r - 1}` : null });
    const refuseRate = aligned ? 0.5 : 0.05;
    for (let i = 0; i < ITEMS; i++) {
      const refused = random() < refuseRate;
      const correct = i % 2 === 0 ? !refused && random() < 0.6 : refused;
      lines.push(JSON.stringify({ run: `run${r}`, item: `i${i}`, refused, correct, score: Math.floor(random() * 6) }));
    }
  }
  await writeFile(join(dir, "predictions.jsonl"), lines.join("\n") + "\n");
  await writeFile(join(dir, "runs.json"), JSON.stringify(runs));
}

async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** User + system CPU seconds of a running process (utime and stime of /proc/<pid>/stat, 100 ticks a second). */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields.length > 12 ? (Number(fields[11]) + Number(fields[12])) / 100 : 0;
}

export default async function (): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "uvqa-bench-score-"));
  try {
    const t0 = performance.now();
    await writeInputs(dir);
    console.log(`inputs: ${ITEMS} items, ${RUNS * ITEMS} predictions written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const started = performance.now();
    const child = spawn(process.execPath, ["bin/uvqa.js", "score", "--items", join(dir, "items.jsonl"), "--predictions", join(dir, "predictions.jsonl"), "--runs", join(dir, "runs.json"), "--out", join(dir, "out")], { stdio: ["ignore", "ignore", "pipe"] });
    let peak = 0, cpu = 0;
    const timer = setInterval(async () => {
      peak = Math.max(peak, await peakRss(child.pid!));
      cpu = Math.max(cpu, await cpuSeconds(child.pid!));
    }, 50);
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    clearInterval(timer);
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`uvqa score failed: ${stderr}`);
    console.table([{ phase: "uvqa score (JSONL in, scores.json + Parquet out)", predictions: RUNS * ITEMS, resamples: 1000, seconds: Number(seconds.toFixed(2)),
      "CPU s (last 50 ms sample)": Number(cpu.toFixed(2)), "peak RSS MB": Math.round(peak), target: "<= 4 s, <= 600 MB" }]);
    console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(" ")} on ${availableParallelism()} cores`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
