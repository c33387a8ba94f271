// Browser bundles of project code the pages need (Framework refuses imports from outside src/): each entry is
// bundled by esbuild for the browser (ESM, no Node API: an entry that pulls one in fails the build) into
// src/lib/<name>.js, which git ignores. Every build and `--dev` makes them (scripts/build.js).
//   node scripts/bundles.js          (from the project root) makes them on their own
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { isAbsolute, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

/**
 * The bundles: `entry` (relative to the project root) -> src/lib/`name`.js. `optional`: an entry written by
 * someone else that may not exist yet; it is skipped (and said so) until it does. Add a line to add a bundle.
 */
export const BUNDLES = [
  // The paper's metrics (scoreRuns, compareRuns, ...): ad-hoc slices computed in the page exactly as `uvqa score`.
  { name: "metrics", entry: "loaders/metrics/index.ts" },
  // The Web Worker that computes ad-hoc slices off the main thread.
  { name: "slices-worker", entry: "components/workers/slices.worker.ts" },
  // The explorer's search worker: reads the lower-cased search texts and searches them off the main thread.
  { name: "search-worker", entry: "components/workers/search.worker.ts" },
  // The learned answerability model's features, runtime and decoding, for the model panel (/model);
  // onnxruntime-web is not in it (the page imports it and passes it in).
  { name: "model", entry: "loaders/model/browser.ts" },
];

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Fails the bundle on any Node built-in, `node:` prefixed or not (esbuild alone would leave some to the browser). */
const refuseNode = {
  name: "refuse-node",
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (!NODE_BUILTINS.has(args.path) && !args.path.startsWith("node:")) return undefined;
      return { errors: [{ text: `a browser bundle cannot use the Node API ${JSON.stringify(args.path)} (imported by ${args.importer})` }] };
    });
  },
};

/**
 * Bundles one entry (relative to `root`, or absolute) to ESM text for the browser; rejects with esbuild's errors.
 * `minify: false` keeps esbuild's `// <module path>` comments (the tests read which modules a bundle holds).
 */
export async function bundle(entry, root = process.cwd(), { minify = true } = {}) {
  const result = await build({
    entryPoints: [isAbsolute(entry) ? entry : join(root, entry)], absWorkingDir: root, bundle: true, platform: "browser", format: "esm",
    // Minified: the pages ship them as they are (the worker is a file attachment, never rebundled by Framework).
    target: "es2022", write: false, logLevel: "silent", legalComments: "none", minify, plugins: [refuseNode],
  });
  return result.outputFiles[0].text;
}

/** Makes every bundle into `<root>/src/lib/` (each file written whole). Returns the names made. */
export async function makeBundles(root = process.cwd(), { log = () => {}, bundles = BUNDLES } = {}) {
  const dir = join(root, "src", "lib");
  await mkdir(dir, { recursive: true });
  const made = [];
  for (const { name, entry, optional } of bundles) {
    if (!existsSync(join(root, entry))) {
      if (!optional) throw new Error(`bundle ${name}: no such entry ${entry}`);
      log(`bundle ${name}: skipped (${entry} does not exist yet)`);
      await rm(join(dir, `${name}.js`), { force: true });
      continue;
    }
    let text;
    try {
      text = await bundle(entry, root);
    } catch (error) {
      const messages = (error.errors ?? []).map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ""}${e.text}`);
      throw new Error(`bundle ${name} (${entry}) failed:\n${messages.join("\n") || error.message}`);
    }
    const target = join(dir, `${name}.js`);
    const tmp = `${target}.${process.pid}.tmp`;
    await writeFile(tmp, `// Bundled from ${entry} by scripts/bundles.js: do not edit.\n${text}`);
    await rename(tmp, target);
    made.push(name);
    log(`bundle ${name}: ${entry} -> src/lib/${name}.js (${(Buffer.byteLength(text) / 1024).toFixed(0)} kB)`);
  }
  return made;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await makeBundles(process.cwd(), { log: (line) => console.log(line) });
}
