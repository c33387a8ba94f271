// `uvqa import` throughput: a JSONL of N predictions (with --items, into a fresh response cache and an
// --out file), 20k and 200k rows, in-process (`importPredictions`) and as the CLI a user runs (process
// start-up included), against the target of 100k rows/s. Prints user and system CPU time too (the
// import used to spend most of its time in the kernel) and rows per CPU second, the figure that holds on
// a machine shared with other work. Figures only; nothing is asserted.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { importPredictions } from "../loaders/inference/import/predictions.ts";
import type { Item } from "../loaders/items/schema.ts";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const TARGET = 100_000;

async function inputs(dir: string, n: number): Promise<{ file: string; itemsFile: string; items: Item[] }> {
  const items: Item[] = [];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    items.push({ id: `i${i}`, dataset: "bench", category: i % 2 ? "object" : "answerable", video: `v${i % 500}`, question: `What happens in clip ${i}?`, reference: `Reference ${i}.` });
    lines.push(JSON.stringify({ question_id: `i${i}`, prediction: `The person in clip ${i} is doing something ordinary for a while.` }));
  }
  const file = join(dir, `preds-${n}.jsonl`);
  const itemsFile = join(dir, `items-${n}.jsonl`);
  await writeFile(file, lines.join("\n") + "\n");
  await writeFile(itemsFile, items.map((item) => JSON.stringify(item)).join("\n") + "\n");
  return { file, itemsFile, items };
}

/** The CLI as a child process; its CPU time from /usr/bin/time when the machine has it. */
async function cli(args: string[], dir: string): Promise<{ seconds: number; cpu?: NodeJS.CpuUsage; code: number | null; stderr: string }> {
  const timeFile = join(dir, "time.txt");
  const timed = existsSync("/usr/bin/time");
  const command = timed ? ["/usr/bin/time", "-o", timeFile, "-f", "%U %S", process.execPath] : [process.execPath];
  const started = performance.now();
  const child = spawn(command[0]!, [...command.slice(1), join(root, "bin/uvqa.js"), ...args], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((done) => child.on("close", done));
  const seconds = (performance.now() - started) / 1000;
  if (!timed) return { seconds, code, stderr };
  const [user, system] = (await readFile(timeFile, "utf8")).trim().split(/\s+/).slice(-2).map(Number) as [number, number];
  return { seconds, cpu: { user: user * 1e6, system: system * 1e6 }, code, stderr };
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

export default async function (): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "uvqa-bench-import-"));
  const table: Record<string, unknown>[] = [];
  const row = (phase: string, n: number, seconds: number, cpu?: NodeJS.CpuUsage) => ({
    phase, rows: n, "wall s": Number(seconds.toFixed(3)), "rows/s (wall)": Math.round(n / seconds),
    "user s": cpu ? Number((cpu.user / 1e6).toFixed(2)) : "", "system s": cpu ? Number((cpu.system / 1e6).toFixed(2)) : "",
    "rows/s (CPU)": cpu ? Math.round(n / cpuSeconds(cpu)) : "",
    [`>= ${TARGET} rows/s`]: n / seconds >= TARGET ? "met" : "missed",
  });
  try {
    for (const n of [20_000, 200_000]) {
      const { file, itemsFile, items } = await inputs(dir, n);
      for (const out of [false, true]) {
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const report = await importPredictions({
          from: "jsonl", file, run: `bench/${n}/${out}`, items, cacheDir: join(dir, "cache"), progress: false,
          ...(out ? { out: join(dir, `out-${n}.jsonl`) } : {}),
        });
        const seconds = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        if (report.added !== n) throw new Error(`imported ${report.added} of ${n}`);
        table.push(row(`importPredictions: read, check, cache${out ? ", --out" : ""}`, n, seconds, cpu));
      }
      for (const withItems of [false, true]) {
        const run = await cli([
          "import", "--from", "jsonl", "--file", file, "--run", `bench-cli/${n}/${withItems}`, "--cache", join(dir, "cache"), "--out", join(dir, `cli-out-${n}.jsonl`),
          ...(withItems ? ["--items", itemsFile] : []),
        ], dir);
        if (run.code !== 0) throw new Error(`uvqa import failed: ${run.stderr}`);
        table.push(row(`uvqa import --out${withItems ? " --items" : ""} (CLI, start-up included)`, n, run.seconds, run.cpu));
      }
    }
    console.table(table);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
