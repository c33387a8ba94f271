// `uvqa report [--config <file>] --out <dir>`: the report the site build makes (every configured run inferred
// through its cache, judged by every configured judge, scored), written as the report folder the pages read
// (docs/report-data.md), replaced whole. `npm run build` runs exactly this into data/cache/report/.
// `--config` is resolved like every other command's: a path from the working directory, by default the
// repository's uvqa.config.ts (as `uvqa judge` does).
// Environment: UVQA_DATA_DIR (the default config's public datasets; judge-eval.json's reference sets),
// UVQA_INPUTS_LIMIT (bytes, default 50 MB) and UVQA_INPUTS=always (the JSONL inputs), UVQA_GROUP_RESPONSES
// (responses read and judged together, default 1.5M: memory against speed), UVQA_WORKERS=0 (no worker thread:
// the judge and the scoring on the main thread only), SOURCE_DATE_EPOCH.
import { relative, resolve } from "node:path";
import type { Command } from "commander";
import { DEFAULT_CONFIG } from "../config/load.ts";
import { UvqaError } from "../errors.ts";
import { DEFAULT_GROUP_RESPONSES, DEFAULT_INPUTS_LIMIT, writeReport, type ReportOptions } from "../pipeline/report.ts";
import { memoryLimitOf } from "../storage/duckdb-table.ts";
import { checkOutputFolder } from "../storage/folder.ts";
import { integer } from "./args.ts";

/** The report options the environment sets; a bad value is one line naming the variable. */
type EnvironmentOptions = Pick<ReportOptions, "generatedAt" | "referencesDir" | "inputsLimit" | "inputs" | "groupResponses" | "workers">;

export function reportEnvironment(env: NodeJS.ProcessEnv = process.env): EnvironmentOptions {
  const options: EnvironmentOptions = {};
  if (env.SOURCE_DATE_EPOCH) {
    if (!/^\d+$/.test(env.SOURCE_DATE_EPOCH)) throw new UvqaError(`invalid SOURCE_DATE_EPOCH: ${JSON.stringify(env.SOURCE_DATE_EPOCH)} (environment)`, 2);
    options.generatedAt = new Date(Number(env.SOURCE_DATE_EPOCH) * 1000);
  }
  if (env.UVQA_DATA_DIR) options.referencesDir = env.UVQA_DATA_DIR;
  if (env.UVQA_INPUTS_LIMIT !== undefined && env.UVQA_INPUTS_LIMIT !== "") {
    if (!/^\d+$/.test(env.UVQA_INPUTS_LIMIT)) throw new UvqaError(`invalid UVQA_INPUTS_LIMIT: ${JSON.stringify(env.UVQA_INPUTS_LIMIT)} (environment; bytes, default ${DEFAULT_INPUTS_LIMIT})`, 2);
    options.inputsLimit = Number(env.UVQA_INPUTS_LIMIT);
  }
  if (env.UVQA_GROUP_RESPONSES !== undefined && env.UVQA_GROUP_RESPONSES !== "") {
    if (!/^[1-9]\d*$/.test(env.UVQA_GROUP_RESPONSES)) throw new UvqaError(`invalid UVQA_GROUP_RESPONSES: ${JSON.stringify(env.UVQA_GROUP_RESPONSES)} (environment; responses, default ${DEFAULT_GROUP_RESPONSES})`, 2);
    options.groupResponses = Number(env.UVQA_GROUP_RESPONSES);
  }
  if (env.UVQA_INPUTS !== undefined && env.UVQA_INPUTS !== "") {
    if (env.UVQA_INPUTS !== "always" && env.UVQA_INPUTS !== "auto") throw new UvqaError(`invalid UVQA_INPUTS: ${JSON.stringify(env.UVQA_INPUTS)} (environment; "always" or "auto")`, 2);
    options.inputs = env.UVQA_INPUTS;
  }
  // Read where the staging table opens (storage/duckdb-table.ts); checked here so a bad value fails at once.
  memoryLimitOf(env);
  if (env.UVQA_WORKERS !== undefined && env.UVQA_WORKERS !== "") {
    if (env.UVQA_WORKERS !== "0" && env.UVQA_WORKERS !== "1") throw new UvqaError(`invalid UVQA_WORKERS: ${JSON.stringify(env.UVQA_WORKERS)} (environment; 0 or 1)`, 2);
    options.workers = env.UVQA_WORKERS === "1";
  }
  return options;
}

export function register(program: Command): void {
  program
    .command("report")
    .description("build the report folder the site reads from the experiment config (what the site build does)")
    .option("--config <file>", "experiment config (default: the repository's uvqa.config.ts)")
    .option("--cache <dir>", "response cache folder (the judge cache goes beside it)")
    .option("--resamples <n>", "bootstrap resamples", integer(0))
    .option("--seed <n>", "bootstrap seed", integer())
    .requiredOption("--out <dir>", "output folder (replaced whole): scores, runs, meta, the slim and text tables, the inputs to reproduce them")
    .action(async (options: { config?: string; cache?: string; resamples?: number; seed?: number; out: string }) => {
      const environment = reportEnvironment();
      await checkOutputFolder(options.out);
      const config = options.config ? resolve(options.config) : DEFAULT_CONFIG;
      const report = await writeReport(options.out, {
        root: process.cwd(), configPath: relative(process.cwd(), config) || config,
        ...(options.cache ? { cacheDir: options.cache } : {}),
        ...(options.resamples !== undefined ? { resamples: options.resamples } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...environment,
      });
      process.stderr.write(`report of ${report.runs.length} run(s): ${report.files.length} files -> ${options.out}\n`);
    });
}
