// Pre-fills Framework's npm cache from node_modules, so `observable build` never asks the CDN.
// Framework resolves an `npm:x` import to the highest cached `_npm/x@<version>` that satisfies the range and
// then reads `_esm.js` from disk; with every package the pages (and Framework's own stdlib) use already there,
// the build makes no request. The cache is ignored by git, so this runs before every build (about 1 s).
import { copyFile, mkdir, readFile, readdir, rename, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { build } from "esbuild";

/** Packages bundled into the cache; `entry` is the browser ESM entry inside the package. */
export const PACKAGES = [
  { name: "apache-arrow", entry: "Arrow.dom.mjs" },
  // duckdb-wasm shares apache-arrow with the page: two copies would break its `instanceof Table` checks.
  { name: "@duckdb/duckdb-wasm", entry: "dist/duckdb-browser.mjs", external: ["apache-arrow"] },
  { name: "htl", entry: "dist/index.js" },
  { name: "isoformat", entry: "src/index.js" },
  { name: "@observablehq/inputs", entry: "src/index.js" },
  { name: "d3", entry: "dist/d3.mjs" },
  { name: "d3-dsv", entry: "dist/d3-dsv.mjs" }, // FileAttachment.csv()
  { name: "@observablehq/plot", entry: "src/index.js" },
];

/** DuckDB-WASM's engine and workers, served beside its module (Framework's DuckDBClient asks for both). */
const DUCKDB_FILES = ["duckdb-eh.wasm", "duckdb-browser-mvp.worker.js", "duckdb-browser-eh.worker.js"];
/**
 * The mvp engine (40 MB) is only chosen by browsers without WebAssembly exceptions (none current: Chrome 95,
 * Firefox 100, Safari 15.2 have them); Framework copies whatever is cached under its name, so an empty file keeps
 * it out of dist. (`platforms: { mvp: false }` would be the clean way, but Framework 1.13.4's client breaks with
 * it: see observablehq.config.ts.)
 */
const DUCKDB_OMITTED = ["duckdb-mvp.wasm"];

// By path, not require.resolve: packages with an `exports` map refuse "<name>/package.json".
async function packageInfo(name) {
  const dir = join(process.cwd(), "node_modules", name);
  const pkg = JSON.parse(await readFile(join(dir, "package.json"), "utf-8"));
  return { dir, version: pkg.version };
}

async function exists(path) {
  return stat(path).then(() => true, () => false);
}

/** Placeholder version for the packages Framework's client only names (see `reserveVersions`). */
export const PLACEHOLDER_VERSION = "0.0.0-offline";

/** Package names in `npm:` specifiers of Framework's own client code (main.js, the stdlib's optional libraries). */
export async function frameworkNpmNames() {
  const dir = join(process.cwd(), "node_modules", "@observablehq", "framework", "dist", "client");
  const names = new Set();
  for (const entry of await readdir(dir, { recursive: true })) {
    if (!entry.endsWith(".js")) continue;
    for (const [, spec] of (await readFile(join(dir, entry), "utf-8")).matchAll(/["'`]npm:([^"'`]+)["'`]/g)) {
      const parts = spec.split("/");
      const name = spec.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
      names.add(name.replace(/(?<=.)@.*$/, ""));
    }
  }
  return [...names].sort();
}

/**
 * Framework bundles its client with every `npm:` import it might need (react-dom, lodash, echarts...) and
 * resolves each one's version while bundling, even if no page uses it: with no cached version that is a registry
 * request. An empty `<name>@0.0.0-offline` folder answers it. Nothing is downloaded, so a page that did use one
 * of these would fail to load it: add the package to PACKAGES instead.
 */
async function reserveVersions(cache) {
  const bundled = new Set(PACKAGES.map((p) => p.name));
  for (const name of await frameworkNpmNames()) {
    if (bundled.has(name)) continue;
    const prefix = `${name.split("/").pop()}@`;
    const parent = join(cache, ...name.split("/").slice(0, -1));
    const present = await readdir(parent).then((entries) => entries.some((e) => e.startsWith(prefix)), () => false);
    if (!present) await mkdir(join(cache, `${name}@${PLACEHOLDER_VERSION}`), { recursive: true });
  }
}

/**
 * Writes `<root>/.observablehq/cache/_npm/<name>@<version>/_esm.js` for every package (skipping those already
 * there: the version is in the folder name) and DuckDB-WASM's wasm and worker files.
 * @param {string} root Framework's source root
 * @param {{log?: (line: string) => void}} [effects]
 */
export async function prefillNpmCache(root, { log = () => {} } = {}) {
  const cache = join(root, ".observablehq", "cache", "_npm");
  const versions = new Map();
  for (const { name } of PACKAGES) versions.set(name, (await packageInfo(name)).version);
  for (const { name, entry, external = [] } of PACKAGES) {
    const { dir, version } = await packageInfo(name);
    const outDir = join(cache, `${name}@${version}`);
    const outFile = join(outDir, "_esm.js");
    if (!(await exists(outFile))) {
      await mkdir(outDir, { recursive: true });
      const tmp = `${outFile}.${process.pid}.tmp`;
      await build({
        entryPoints: [join(dir, entry)],
        outfile: tmp,
        bundle: true,
        format: "esm",
        platform: "browser",
        target: "es2022",
        minify: true,
        legalComments: "none",
        logLevel: "error",
        plugins: [{
          name: "npm-cache-externals",
          setup(b) {
            // Point a shared dependency at its own cached bundle, by the relative path Framework would write.
            for (const dep of external) {
              const target = join(cache, `${dep}@${versions.get(dep)}`, "_esm.js");
              b.onResolve({ filter: new RegExp(`^${dep.replace(/[/.]/g, "\\$&")}$`) }, () => ({
                path: relative(outDir, target).replace(/^(?!\.)/, "./"),
                external: true,
              }));
            }
          },
        }],
      });
      await rename(tmp, outFile);
      log(`npm cache: ${name}@${version}`);
    }
    if (name === "@duckdb/duckdb-wasm") {
      await mkdir(join(outDir, "dist"), { recursive: true });
      for (const file of DUCKDB_FILES) {
        const to = join(outDir, "dist", file);
        if (!(await exists(to))) await copyFile(join(dir, "dist", file), to);
      }
      for (const file of DUCKDB_OMITTED) await writeFile(join(outDir, "dist", file), new Uint8Array(0));
    }
  }
  await reserveVersions(cache);
}
