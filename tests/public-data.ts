// Where the public UVQA files are, and whether a test that needs them runs. Outside CI a missing folder
// skips those tests with a warning naming it; in CI (`CI` set) they run and fail naming the missing file,
// since a CI run that skipped them would pass without having checked anything against the real data.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export const dataDir = process.env.UVQA_TEST_DATA_DIR ?? resolve(repoRoot, "../shared/uvqa");

/** True when the tests needing `file` of the public data should be skipped (never in CI). */
export function skipWithoutPublicData(file = "eval_object.json", env: NodeJS.ProcessEnv = process.env, dir = dataDir): boolean {
  if (existsSync(join(dir, file))) return false;
  if (env.CI && env.CI !== "false" && env.CI !== "0") return false;
  console.warn(`skipping the tests that need ${file}: not in ${dir} (set UVQA_DATA_DIR; in CI they fail instead)`);
  return true;
}
