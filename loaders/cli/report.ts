// `uvqa report [--config <file>] --out <dir>`: the report the site build makes (every configured run inferred
// through its cache, judged, scored), written as files: for CI, a cron job, or a notebook outside the site.
// `--config` is resolved like every other command's: a path from the working directory, by default the
// repository's uvqa.config.ts (as `uvqa judge` does).
import { relative, resolve } from "node:path";
import type { Command } from "commander";
import { DEFAULT_CONFIG } from "../config/load.ts";
import { buildReport } from "../pipeline/report.ts";
import { checkOutputFolder, writeFolder } from "../storage/folder.ts";
import { integer } from "./args.ts";

export function register(program: Command): void {
  program
    .command("report")
    .description("build the report's tables from the experiment config (what the site build does), into a folder")
    .option("--config <file>", "experiment config (default: the repository's uvqa.config.ts)")
    .option("--cache <dir>", "response cache folder (the judge cache goes beside it)")
    .option("--resamples <n>", "bootstrap resamples", integer(0))
    .requiredOption("--out <dir>", "output folder, replaced whole: scores.json, runs.json, meta.json, Parquet and Arrow tables, the inputs to reproduce them")
    .action(async (options: { config?: string; cache?: string; resamples?: number; out: string }) => {
      await checkOutputFolder(options.out);
      const config = options.config ? resolve(options.config) : DEFAULT_CONFIG;
      const { files, runs } = await buildReport({
        root: process.cwd(), configPath: relative(process.cwd(), config) || config,
        ...(options.cache ? { cacheDir: options.cache } : {}),
        ...(options.resamples !== undefined ? { resamples: options.resamples } : {}),
      });
      await writeFolder(options.out, files);
      process.stderr.write(`report of ${runs.length} run(s): ${Object.keys(files).length} files -> ${options.out}\n`);
    });
}
