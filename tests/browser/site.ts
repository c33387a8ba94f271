// Helpers for the browser tests: build the site, find built report members, run the uvqa CLI, open Chromium.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/** The project to build: this checkout, unless UVQA_SITE_ROOT names another copy of it. */
export const siteRoot = process.env.UVQA_SITE_ROOT ?? process.cwd();

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf-8", maxBuffer: 64 << 20, env: { ...process.env } });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status ?? result.signal}):\n${output.slice(-4000)}`);
  return output;
}

/** `npm run build` from a clean loader cache, with every non-loopback connection refused. */
export function buildSite(root = siteRoot): { output: string; seconds: number } {
  const started = performance.now();
  const output = run("npm", ["run", "build", "--", "--clean", "--offline"], root);
  return { output, seconds: (performance.now() - started) / 1000 };
}

/** A report member as the build wrote it: `dist/_file/data/report/<stem>.<hash><ext>`. */
export function builtReportFile(dist: string, name: string, folder: "report" | "site" = "report"): string {
  const dir = join(dist, "_file", "data", folder);
  // Framework puts the hash before the last extension: ort-wasm-simd-threaded.jsep.<hash>.wasm.
  const dot = name.lastIndexOf(".");
  const [stem, ext] = [name.slice(0, dot), name.slice(dot)];
  const matches = existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith(`${stem}.`) && f.endsWith(ext) && /^\.[0-9a-f]{8}$/.test(f.slice(stem.length, -ext.length))) : [];
  if (matches.length !== 1) throw new Error(`expected one built ${name} in ${dir}, found ${matches.length}: ${matches.join(", ")}`);
  return join(dir, matches[0]);
}

/** `uvqa score` exactly as a user runs it (plus any extra flags); returns the output folder. */
export function uvqaScore(root: string, inputs: { items: string; predictions: string; runs: string }, extra: string[] = []): string {
  const out = join(mkdtempSync(join(tmpdir(), "uvqa-score-")), "out");
  run(process.execPath, [join(root, "bin", "uvqa.js"), "score", "--items", inputs.items, "--predictions", inputs.predictions, "--runs", inputs.runs, ...extra, "--out", out], root);
  return out;
}

/**
 * A site built once per test run and shared by every test file that asks for the same `key`: a private copy of
 * the project (so it races no other build), built with `env` added. The first caller builds; the others wait for
 * it. Returns the copy's root (its dist/ is the site).
 */
export async function sharedBuild(key: string, env: Record<string, string> = {}): Promise<{ root: string; dist: string; seconds: number }> {
  const { mkdirSync, writeFileSync, readFileSync } = await import("node:fs");
  const runId = process.env.UVQA_TEST_RUN ?? String(process.pid);
  const base = join(tmpdir(), `uvqa-site-${runId}-${key}`);
  const done = `${base}.json`;
  let mine = false;
  try {
    mkdirSync(`${base}.lock`);
    mine = true;
  } catch {
    // another test file is building it
  }
  if (mine) {
    try {
      const root = await projectCopy();
      const started = performance.now();
      const result = spawnSync("npm", ["run", "build", "--", "--clean", "--offline"], {
        cwd: root, encoding: "utf-8", maxBuffer: 64 << 20, env: { ...process.env, ...env },
      });
      if (result.status !== 0) throw new Error(`site build (${key}) failed:\n${`${result.stdout}${result.stderr}`.slice(-4000)}`);
      writeFileSync(done, JSON.stringify({ root, dist: join(root, "dist"), seconds: (performance.now() - started) / 1000 }));
    } catch (error) {
      writeFileSync(done, JSON.stringify({ error: (error as Error).message }));
      throw error;
    }
  }
  for (;;) {
    if (existsSync(done)) {
      const result = JSON.parse(readFileSync(done, "utf-8")) as { root: string; dist: string; seconds: number; error?: string };
      if (result.error) throw new Error(result.error);
      return result;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Debian's Chromium, headless, with no background networking; `extra` adds flags (e.g. --enable-unsafe-webgpu). */
export async function launchChromium(extra: string[] = []): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "uvqa-chromium-")), {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    args: ["--no-sandbox", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", ...extra],
  });
}

/**
 * A private copy of the project (node_modules linked, not copied), so a test can build the site with its own
 * config and caches without racing the other build in this test run over `dist/` and Framework's cache.
 */
export async function projectCopy(): Promise<string> {
  const { cp, symlink } = await import("node:fs/promises");
  const { relative } = await import("node:path");
  const to = mkdtempSync(join(tmpdir(), "uvqa-project-"));
  const skip = new Set(["node_modules", "dist", ".git", join("src", ".observablehq"), join("data", "cache")]);
  await cp(siteRoot, to, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => !skip.has(relative(siteRoot, source)),
  });
  await symlink(join(siteRoot, "node_modules"), join(to, "node_modules"));
  return to;
}
