// `uvqa report [--config <file>] --out <dir>`: the report the site build makes (every configured run inferred
// through its cache, judged, scored), written as files: for CI, a cron job, or a notebook outside the site.
import type { Command } from "commander";
import { buildReport } from "../pipeline/report.ts";
import { writeFilesAtomic } from "../storage/atomic.ts";
import { integer } from "./args.ts";

export function register(program: Command): void {
  program
    .command("report")
    .description("build the report's tables from the experiment config (what the site build does), into a folder")
    .option("--config <file>", "experiment config", "uvqa.config.ts")
    .option("--cache <dir>", "response cache folder (the judge cache goes beside it)")
    .option("--resamples <n>", "bootstrap resamples", integer(0))
    .requiredOption("--out <dir>", "output folder: scores.json, runs.json, meta.json, Parquet and Arrow tables, the inputs to reproduce them")
    .action(async (options: { config: string; cache?: string; resamples?: number; out: string }) => {
      const { files, runs } = await buildReport({
        root: process.cwd(), configPath: options.config,
        ...(options.cache ? { cacheDir: options.cache } : {}),
        ...(options.resamples !== undefined ? { resamples: options.resamples } : {}),
      });
      await writeFilesAtomic(options.out, files);
      process.stderr.write(`report of ${runs.length} run(s): ${Object.keys(files).length} files -> ${options.out}\n`);
    });
}
