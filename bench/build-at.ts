// `npm run build` as a user runs it, on a generated data set (bench/generate.ts): UVQA_CONFIG names the data
// set's config, UVQA_CACHE_DIR its imported response cache. Measures the build's wall time and the peak resident
// memory of its whole process tree (the build script, `uvqa report`, Framework's build and whatever they start),
// sampled from /proc every 100 ms, and the largest single process's own peak (VmHWM). Shared by the build bench and
// the page bench. Figures only; nothing is asserted.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { REPO, type Generated } from "./generate.ts";

export interface BuildAtOptions {
  /** The project to build (default: this repository); dist/ and data/cache/report are written there. */
  cwd?: string;
  /** Extra environment (e.g. UVQA_INPUTS=always, UVQA_INPUTS_LIMIT). */
  env?: NodeJS.ProcessEnv;
  /** Extra arguments to scripts/build.js (e.g. --offline). */
  args?: string[];
  /** The build's output lines (default: kept, shown only when it fails). */
  log?: (line: string) => void;
  /** Sampling interval in ms (default 100). */
  intervalMs?: number;
}

export interface BuildAt {
  /** Wall-clock seconds of `npm run build` (the report, the bundles, Framework's build). */
  seconds: number;
  /**
   * CPU seconds (user + system) of the whole process tree, from /usr/bin/time (null without it): the figure that
   * reproduces on a shared machine, where wall time grows with the load.
   */
  cpuSeconds: number | null;
  /** Peak of the summed RSS of the build's process tree (MB, 10^6 bytes), sampled. */
  peakRssMb: number;
  /** The largest peak RSS (VmHWM) of any single process of the tree (MB). */
  peakProcessRssMb: number;
  /** The process of that peak (its command line, shortened). */
  peakProcess: string;
  distDir: string;
  distBytes: number;
  /** dist/ files, largest first (path relative to dist/). */
  distFiles: Array<{ path: string; bytes: number }>;
  /** The build's own timing lines ("report ready in ..."). */
  phases: string[];
}

interface Proc { pid: number; ppid: number; rssKb: number; hwmKb: number }

async function processes(): Promise<Map<number, Proc>> {
  const out = new Map<number, Proc>();
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const status = await readFile(`/proc/${name}/status`, "utf8").catch(() => "");
    if (!status) continue;
    const field = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
    out.set(Number(name), { pid: Number(name), ppid: field("PPid"), rssKb: field("VmRSS"), hwmKb: field("VmHWM") });
  }
  return out;
}

/** The pids of `root` and its descendants. */
function tree(all: Map<number, Proc>, root: number): Proc[] {
  const children = new Map<number, number[]>();
  for (const p of all.values()) {
    let list = children.get(p.ppid);
    if (!list) children.set(p.ppid, (list = []));
    list.push(p.pid);
  }
  const out: Proc[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    const p = all.get(pid);
    if (p) out.push(p);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

async function files(dir: string, root = dir): Promise<Array<{ path: string; bytes: number }>> {
  const out: Array<{ path: string; bytes: number }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path, root)));
    else if (entry.isFile()) out.push({ path: relative(root, path), bytes: (await stat(path)).size });
  }
  return out;
}

/** Runs `npm run build` (node scripts/build.js) on the generated data set and measures it. Rejects when the build fails. */
export async function buildAt(generated: Generated, opts: BuildAtOptions = {}): Promise<BuildAt> {
  const cwd = opts.cwd ?? REPO;
  const env = { ...process.env, UVQA_CONFIG: generated.config, UVQA_CACHE_DIR: generated.cache, ...opts.env };
  const timed = existsSync("/usr/bin/time");
  const timeDir = await mkdtemp(join(tmpdir(), "uvqa-build-at-"));
  const timeFile = join(timeDir, "time.txt");
  const command = [process.execPath, join(cwd, "scripts", "build.js"), ...(opts.args ?? [])];
  const started = performance.now();
  // /usr/bin/time reports the user and system time of every process of the tree that was waited for.
  const child = timed
    ? spawn("/usr/bin/time", ["-o", timeFile, "-f", "%U %S", ...command], { cwd, env, stdio: ["ignore", "pipe", "pipe"] })
    : spawn(command[0]!, command.slice(1), { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const phases: string[] = [];
  const take = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-20_000);
    for (const line of text.split("\n")) {
      if (/ready in|built in|report of|inputs left out|Built /i.test(line)) phases.push(line.trim());
      if (line && opts.log) opts.log(line);
    }
  };
  child.stdout.on("data", take);
  child.stderr.on("data", take);
  let peakSum = 0, peakOne = 0, peakProcess = "";
  const hwm = new Map<number, number>();
  let sampling = false;
  const sample = async () => {
    if (sampling) return;
    sampling = true;
    try {
      const members = tree(await processes(), child.pid!);
      peakSum = Math.max(peakSum, members.reduce((sum, p) => sum + p.rssKb, 0));
      for (const p of members) {
        if (p.hwmKb > (hwm.get(p.pid) ?? 0)) hwm.set(p.pid, p.hwmKb);
        if (p.hwmKb > peakOne) {
          peakOne = p.hwmKb;
          peakProcess = (await readFile(`/proc/${p.pid}/cmdline`, "utf8").catch(() => "")).split("\0").filter(Boolean)
            .map((arg) => arg.replace(cwd + "/", "")).join(" ").slice(0, 120);
        }
      }
    } finally {
      sampling = false;
    }
  };
  const timer = setInterval(() => void sample(), opts.intervalMs ?? 100);
  const code = await new Promise<number | null>((done) => child.on("close", done));
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  const cpu = timed ? (await readFile(timeFile, "utf8").catch(() => "")).trim().split(/\s+/).slice(-2).map(Number) : [];
  await rm(timeDir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`npm run build exited ${code}:\n${output.slice(-4000)}`);
  const distDir = join(cwd, "dist");
  const distFiles = (await files(distDir)).sort((a, b) => b.bytes - a.bytes);
  return {
    seconds, cpuSeconds: cpu.length === 2 && cpu.every(Number.isFinite) ? cpu[0]! + cpu[1]! : null, peakRssMb: (peakSum * 1024) / 1e6, peakProcessRssMb: (peakOne * 1024) / 1e6, peakProcess, distDir,
    distBytes: distFiles.reduce((sum, f) => sum + f.bytes, 0), distFiles, phases,
  };
}
