// `npm run bench -- build`: `npm run build` on N imported responses (default 1M: 10 runs x 100k items), as a user
// gets there: items and prediction files written, `uvqa import` per run into a response cache, a config whose
// models have `backend: "import"` (bench/generate.ts; the data set is kept under data/cache/bench), then the real
// build of this tree (dist/, data/cache/report). Prints the build's wall time, the peak RSS of its process tree,
// dist/'s size and its largest files, whether the JSONL inputs were shipped, and the load average.
// Size: UVQA_BENCH_RESPONSES=100000 (or `npm run bench -- build --responses=100000`), UVQA_BENCH_RUNS (default 10).
// Targets (issue 11, item 6): <= 60 s and <= 2 GB. Figures only; nothing is asserted.
import { readFile } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { buildAt } from "./build-at.ts";
import { generate, sizeFromEnv, REPO } from "./generate.ts";

const mb = (bytes: number) => Number((bytes / 1e6).toFixed(1));
const load = () => loadavg().map((x) => x.toFixed(1)).join(" ");

/** `--responses=N` on the command line wins over UVQA_BENCH_RESPONSES. */
function size(): { items: number; runs: number } {
  const arg = process.argv.find((a) => a.startsWith("--responses="));
  return sizeFromEnv(arg ? { ...process.env, UVQA_BENCH_RESPONSES: arg.slice("--responses=".length) } : process.env);
}

export default async function (): Promise<void> {
  const { items, runs } = size();
  const generated = await generate({ items, runs });
  if (generated.seconds.import) console.log(`data set: ${generated.predictions} predictions generated in ${generated.seconds.generate.toFixed(1)} s, imported in ${generated.seconds.import.toFixed(1)} s`);
  console.log(`data set: ${generated.items} items x ${generated.runs} runs, ${generated.predictions} predictions (${generated.dir})`);
  const before = load();
  const build = await buildAt(generated);
  const meta = JSON.parse(await readFile(join(REPO, "data", "cache", "report", "meta.json"), "utf8")) as { inputs?: string };
  console.table([{
    phase: "npm run build", responses: generated.predictions, seconds: Number(build.seconds.toFixed(1)),
    "CPU s (tree)": build.cpuSeconds === null ? "n/a" : Number(build.cpuSeconds.toFixed(1)),
    "peak RSS MB (tree)": Math.round(build.peakRssMb), "peak RSS MB (one process)": Math.round(build.peakProcessRssMb),
    "dist MB": mb(build.distBytes), target: "<= 60 s, <= 2,000 MB",
  }]);
  console.log(`largest process: ${build.peakProcess}`);
  for (const line of build.phases) console.log(`build: ${line}`);
  console.table(build.distFiles.slice(0, 12).map((f) => ({ file: f.path, MB: mb(f.bytes) })));
  console.log(`JSONL inputs: ${meta.inputs ?? "(meta.json has no inputs field)"}`);
  console.log(`load average ${before} before, ${load()} after, on ${availableParallelism()} cores`);
}
