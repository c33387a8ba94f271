// `uvqa batch export --config <file> --run <id> --out <requests.jsonl> [--items <f>] [--retry-failed]`
// `uvqa batch import --config <file> --run <id> --file <output.jsonl> [--items <f>]`
// Run an experiment through the OpenAI Batch API or vLLM's `run_batch` (same file formats): export the
// requests the cache does not answer yet, run them elsewhere, import the output into the same cache.
// `uvqa infer` for that run then sends nothing for the imported items.
import type { Command } from "commander";
import { loadConfig } from "../config/load.ts";
import { DEFAULT_CACHE_DIR } from "../inference/cache.ts";
import { exportBatch } from "../inference/batch/export.ts";
import { importBatchOutput } from "../inference/batch/import.ts";
import { runItems } from "../inference/batch/items.ts";
import { where } from "../errors.ts";

interface Common {
  config: string;
  run: string;
  items?: string;
  cache: string;
  framesDir?: string;
  progress?: boolean;
}

export function register(program: Command): void {
  const batch = program.command("batch").description("OpenAI Batch API / vLLM run_batch files: export a run's requests, import the output");
  const common = (command: Command) => command
    .requiredOption("--config <file>", "experiment config (uvqa.config.ts)")
    .requiredOption("--run <id>", "a configured run (its model must be an openai-backend model)")
    .option("--items <items.jsonl>", "items (default: the run's datasets)")
    .option("--cache <dir>", "response cache folder", DEFAULT_CACHE_DIR)
    .option("--frames-dir <dir>", "overrides the model's video.frames.dir")
    .option("--progress", "show the progress bar even when stderr is not a terminal");

  common(batch.command("export").description("write one request line per item the cache does not answer yet"))
    .requiredOption("--out <requests.jsonl>", "Batch API input file")
    .option("--retry-failed", "also export items whose cached row is a failure")
    .action(async (options: Common & { out: string; retryFailed?: boolean }) => {
      const config = await loadConfig(options.config);
      const items = await runItems(config, options.config, options.run, options.items);
      const report = await exportBatch({
        config, runId: options.run, items, out: options.out, cacheDir: options.cache, retryFailed: Boolean(options.retryFailed),
        ...(options.framesDir ? { framesDir: options.framesDir } : {}),
        ...(options.progress !== undefined ? { progress: options.progress } : {}),
      });
      const unsendable = report.unsendable.length ? `, ${report.unsendable.length} without a request (frames)` : "";
      process.stderr.write(`uvqa batch export: ${options.run}: ${report.items} items, ${report.cached} cached, ${report.requests} requests${unsendable} -> ${options.out}\n`);
    });

  common(batch.command("import").description("append a Batch API (or vLLM run_batch) output file's answers to the run's cache"))
    .requiredOption("--file <output.jsonl>", "Batch API output (or error) file")
    .action(async (options: Common & { file: string }) => {
      const config = await loadConfig(options.config);
      const items = await runItems(config, options.config, options.run, options.items);
      const report = await importBatchOutput({
        config, runId: options.run, items, file: options.file, cacheDir: options.cache,
        ...(options.framesDir ? { framesDir: options.framesDir } : {}),
        ...(options.progress !== undefined ? { progress: options.progress } : {}),
      });
      for (const { item, loc } of report.stale.slice(0, 5)) process.stderr.write(`uvqa batch import: ${item} (${where(loc)}): the config changed since export; not imported\n`);
      const stale = report.stale.length ? `, ${report.stale.length} stale (re-export them)` : "";
      process.stderr.write(`uvqa batch import: ${options.run}: ${report.lines} lines, ${report.added} added (${report.failed} failures), ${report.unchanged} already cached${stale}\n`);
    });
}
