#!/usr/bin/env node
// `npm run build` / `npm run dev`: the report site, built with no network.
//   node scripts/build.js [--clean] [--offline] [--dev] [extra observable args]
// --clean (implied by CI=true): drop cached data-loader output first; Framework otherwise reuses it even when a
//   loader's source changed ("[using stale]").
// --offline (implied by CI=true): refuse every non-loopback connection in the build and its loaders.
// --dev: `observable preview` instead of `observable build`.
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { prefillNpmCache } from "./npm-cache.js";
import { makeBundles } from "./bundles.js";

// The project root is the working directory (`npm run` sets it), so a copy of the project builds itself.
const repo = process.cwd();
const root = join(repo, "src");
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const ci = process.env.CI === "true";
const rest = args.filter((a) => !["--clean", "--offline", "--dev"].includes(a));

const env = { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" };
if (flag("--offline") || ci) {
  const guard = `--import=${pathToFileURL(join(repo, "scripts", "deny-network.js")).href}`;
  env.NODE_OPTIONS = [process.env.NODE_OPTIONS, guard].filter(Boolean).join(" ");
}

if (flag("--clean") || ci) await rm(join(root, ".observablehq", "cache", "data"), { recursive: true, force: true });
const started = performance.now();
await prefillNpmCache(root, { log: (line) => console.log(line) });
await makeBundles(repo, { log: (line) => console.log(line) });
console.log(`npm cache ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const bin = join(repo, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
const command = flag("--dev") ? ["preview", ...rest] : ["build", ...rest];
const child = spawn(process.execPath, [bin, ...command], { cwd: repo, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
