// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and prints their figures.
// Benchmarks print; they never assert.
import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
  .sort();
for (const name of files) {
  console.log(`\n## ${name.replace(".bench.ts", "")}`);
  const module = await import(pathToFileURL(join(here, name)).href);
  await module.default();
}
