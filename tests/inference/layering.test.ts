// The layers: the pipeline (and the CLI) sit above inference, so no module under loaders/inference/ may
// import from loaders/pipeline/ or loaders/cli/. Read from the source: every static and dynamic import.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "../batch/helpers.ts";

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : []));
}

test("loaders/inference imports nothing from the pipeline or the CLI", () => {
  const inference = resolve(repoRoot, "loaders/inference");
  const above = ["loaders/pipeline/", "loaders/cli/"];
  const found: string[] = [];
  for (const file of files(inference)) {
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(/(?:from|import)\s*\(?\s*["'](\.[^"']+)["']/g)) {
      const target = relative(repoRoot, resolve(dirname(file), match[1]!));
      if (above.some((layer) => target.startsWith(layer))) found.push(`${relative(repoRoot, file)} -> ${target}`);
    }
  }
  expect(found).toEqual([]);
});
