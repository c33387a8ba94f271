#!/usr/bin/env node
// `npm run build` / `npm run dev`: the report site, built with no network.
//   node scripts/build.js [--clean] [--offline] [--dev] [extra observable args]
// Every build, in this order:
//   1. the report: `uvqa report --out data/cache/report` (the config, its datasets, the response cache and the
//      code as they are now; UVQA_CONFIG names another config, UVQA_CACHE_DIR another response cache). The folder
//      is replaced whole, so a failure leaves the last good report; the build then stops with its exit status.
//      The pages read its files through src/data/report (a link to it): Framework's loader cache plays no part.
//      Beside it, on the other core: the site's other files (scripts/site-data.ts -> data/cache/site, read through
//      src/data/site: /model's items and model, onnxruntime-web's engine, /notebook's table docs), replaced whole;
//   2. the browser bundles of project code (scripts/bundles.js -> src/lib/);
//   3. Framework's data-loader cache dropped (src/.observablehq/cache/data), the npm cache pre-filled;
//   4. `observable build` into a staging folder that replaces dist/ only when the build succeeded.
// --clean: also drop the rest of Framework's cache (bundled client code, the npm cache) first.
// --offline (implied by CI=true): refuse every non-loopback connection in the build and the report.
// --dev: `observable preview` (live) instead of `observable build`, after the same steps 1 to 3.
// --keep-report: skip step 1's report and build from the report folder already there (one made by
//   `uvqa report --out data/cache/report`, e.g. a long one made once on a bigger machine); refused when none is.
//   The site's other files are made all the same (they follow the config and the code).
import { spawn } from "node:child_process";
import { readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";
import { makeBundles } from "./bundles.js";
import { prefillNpmCache } from "./npm-cache.js";

// The project root is the working directory (`npm run` sets it), so a copy of the project builds itself.
const repo = process.cwd();
const root = join(repo, "src");
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const ci = process.env.CI === "true";
const rest = args.filter((a) => !["--clean", "--offline", "--dev", "--keep-report"].includes(a));

/** The report folder the pages read (src/data/report links to it). */
const REPORT_DIR = join("data", "cache", "report");

const env = { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" };
if (flag("--offline") || ci) {
  const guard = `--import=${pathToFileURL(join(repo, "scripts", "deny-network.js")).href}`;
  env.NODE_OPTIONS = [process.env.NODE_OPTIONS, guard].filter(Boolean).join(" ");
}

const children = new Set();
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
    process.exitCode = 130;
  });
}

/** Runs a command with inherited output; resolves to its exit code (1 when killed by a signal). */
function run(command, commandArgs, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd: repo, env: { ...env, ...extraEnv }, stdio: "inherit" });
    children.add(child);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      children.delete(child);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const exists = (path) => stat(path).then(() => true, () => false);

/** The report files the pages read: every FileAttachment("data/report/<name>") in src/*.md. */
async function reportFilesRead() {
  const names = new Set();
  for (const page of (await readdir(root)).filter((name) => name.endsWith(".md"))) {
    const text = await readFile(join(root, page), "utf8");
    for (const match of text.matchAll(/FileAttachment\(\s*["'](?:\.\/)?data\/report\/([^"']+)["']/g)) names.add(match[1]);
  }
  return [...names].sort();
}

async function main() {
  // The report and the site's other files at once; the build goes on only when both are made.
  const [reported, siteData] = await Promise.all([report(), makeSiteData()]);
  if (reported !== 0) return reported;
  if (siteData !== 0) return siteData;
  return buildSite();
}

async function makeSiteData() {
  // Into its default folder, data/cache/site (SITE_DATA_DIR there; src/data/site links to it).
  const made = await run(process.execPath, ["--import", "tsx", join(repo, "scripts", "site-data.ts")]);
  if (made !== 0) console.error(`build: the site's files failed (scripts/site-data.ts exited ${made}); dist/ is unchanged`);
  return made;
}

async function report() {
  if (flag("--keep-report")) {
    if (!(await exists(join(repo, REPORT_DIR, "meta.json")))) {
      console.error(`build: --keep-report, but ${REPORT_DIR}/ holds no report (make one: uvqa report --out ${REPORT_DIR})`);
      return 2;
    }
    // A report folder made by an older version can lack a file the pages now read (item-texts-starts.bin came later):
    // Framework would stop on it mid-build with "Not found"; say which, and how to remake the folder.
    const missing = [];
    for (const name of await reportFilesRead()) if (!(await exists(join(repo, REPORT_DIR, name)))) missing.push(name);
    if (missing.length) {
      console.error(`build: --keep-report, but ${REPORT_DIR}/ lacks ${missing.join(", ")}, which the pages read (a report made by an older version): remake it with \`uvqa report --out ${REPORT_DIR}\` or build without --keep-report`);
      return 2;
    }
    console.log(`report kept as it is (${REPORT_DIR}, --keep-report)`);
    return 0;
  }
  return makeReport();
}

async function makeReport() {
  const started = performance.now();
  const report = ["report", "--out", REPORT_DIR, "--config", process.env.UVQA_CONFIG || "uvqa.config.ts",
    ...(process.env.UVQA_CACHE_DIR ? ["--cache", process.env.UVQA_CACHE_DIR] : [])];
  // A larger young generation: the report allocates many short-lived strings and arrays per response, and with
  // V8's default 16 MB semi-space scavenges took ~12% of its CPU at 1M responses (64 MB: 100 -> 91 s, +180 MB RSS).
  const reported = await run(process.execPath, ["--max-semi-space-size=64", join(repo, "bin", "uvqa.js"), ...report]);
  if (reported !== 0) {
    console.error(`build: the report failed (uvqa ${report.join(" ")} exited ${reported}); dist/ and ${REPORT_DIR}/ are unchanged`);
    return reported;
  }
  console.log(`report ready in ${seconds(started)} (${REPORT_DIR})`);
  return 0;
}

async function buildSite() {
  const started = performance.now();
  await makeBundles(repo, { log: (line) => console.log(line) });
  const cache = join(root, ".observablehq", "cache");
  // No page reads a data loader (the report and the site's files are folders made above); what an older version's
  // loaders left in Framework's cache (keyed on loader source mtimes, never trusted) is dropped.
  await rm(flag("--clean") ? cache : join(cache, "data"), { recursive: true, force: true });
  await prefillNpmCache(root, { log: (line) => console.log(line) });
  console.log(`bundles and npm cache ready in ${seconds(started)}`);

  const bin = join(repo, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
  if (flag("--dev")) return run(process.execPath, [bin, "preview", ...rest]);

  // Framework empties its output folder first and writes into it as it goes: build beside dist/, then swap.
  // Named as loaders/storage/folder.ts names its staging folders, so a killed build's are cleared the same way.
  register();
  const { sweepLeftovers } = await import("../loaders/storage/folder.ts");
  await sweepLeftovers(join(repo, "dist"));
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const staging = `.dist.staging-${tag}`;
  const old = `.dist.old-${tag}`;
  const built = await run(process.execPath, [bin, "build", ...rest], { UVQA_DIST: staging });
  if (built !== 0) {
    await rm(join(repo, staging), { recursive: true, force: true });
    console.error(`build: observable build exited ${built}; dist/ is unchanged`);
    return built;
  }
  const dist = join(repo, "dist");
  const hadDist = await exists(dist);
  if (hadDist) await rename(dist, join(repo, old));
  await rename(join(repo, staging), dist);
  if (hadDist) await rm(join(repo, old), { recursive: true, force: true });
  return 0;
}

process.exitCode = await main().catch((error) => {
  console.error(`build: ${error.message}`);
  return 1;
}) || process.exitCode || 0;
