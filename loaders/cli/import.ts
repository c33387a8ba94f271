// `uvqa import --from jsonl|json|csv|lmms-eval --file <f> [--run <id>] [--map item=<col>,response=<col>,run=<col>]
//              [--items <items.jsonl>] [--doc-index] [--filter <name>] [--model <name>] [--prompt <name>]
//              [--out <file.jsonl>] [--cache <dir> | --no-cache]`
// Predictions made elsewhere become response rows (backend "import") in the run's response cache, and/or
// an `--out` JSONL for `uvqa score --predictions`. The report and `uvqa infer --config` use the cached rows
// of a run whose model has `backend: "import"` (docs/inference.md, "Imported predictions in the report").
// Warnings (most responses equal the references; lmms-eval repeats dropped) go to stderr, one line each.
import { Option, type Command } from "commander";
import { readItemsJsonl } from "../datasets/items-jsonl.ts";
import { DEFAULT_CACHE_DIR } from "../inference/cache.ts";
import { parseFieldMap } from "../inference/import/fields.ts";
import { importPredictions } from "../inference/import/predictions.ts";
import { IMPORT_FORMATS, type ImportFormat } from "../inference/import/rows.ts";

interface ImportCliOptions {
  from: ImportFormat;
  file: string;
  run?: string;
  map?: string;
  items?: string;
  docIndex?: boolean;
  filter?: string;
  model?: string;
  prompt?: string;
  delimiter?: string;
  out?: string;
  /** false with --no-cache */
  cache: string | false;
  progress?: boolean;
}

export function register(program: Command): void {
  program
    .command("import")
    .description("import predictions made elsewhere (JSONL, a JSON array, CSV, lmms-eval --log_samples) into a run's response cache (read by runs whose model has backend \"import\") and/or a predictions file")
    .addOption(new Option("--from <format>", "input format (json: an array of records, as Video-ChatGPT and LLaVA write them)").choices([...IMPORT_FORMATS]).makeOptionMandatory())
    .requiredOption("--file <file>", "predictions file (lmms-eval: a *_samples_<task>.jsonl, or the <task>.json of v0.1-v0.2.3)")
    .option("--run <id>", "run id of the rows (unless a run column is mapped)")
    .option("--map <pairs>", "fields: item=<col>,response=<col>,run=<col> (dot paths into JSON, e.g. item=doc.video_id); needed where a record has two candidate fields (pred and answer)")
    .option("--items <items.jsonl>", "known items: an unknown id is an error naming file and line")
    .option("--doc-index", "lmms-eval: doc_id is the 0-based position of the item in --items (each sample's target and input are checked against it)")
    .option("--filter <name>", "lmms-eval: keep samples of this filter only (logs that name filters)")
    .option("--model <name>", "the model that made the predictions (recorded in each row)", "import")
    .option("--prompt <name>", "the prompt it was asked with (recorded in each row)", "import")
    .option("--delimiter <c>", "csv: field delimiter", ",")
    .option("--out <file.jsonl>", "predictions file: the imported runs' rows replace their earlier ones")
    .option("--cache <dir>", "response cache folder", DEFAULT_CACHE_DIR)
    .option("--no-cache", "write only --out")
    .option("--progress", "show the progress bar even when stderr is not a terminal")
    .action(async (options: ImportCliOptions) => {
      const items = options.items ? await readItemsJsonl(options.items) : undefined;
      const report = await importPredictions({
        from: options.from,
        file: options.file,
        ...(options.run ? { run: options.run } : {}),
        map: parseFieldMap(options.map),
        ...(items ? { items } : {}),
        docIndex: Boolean(options.docIndex),
        ...(options.filter !== undefined ? { filter: options.filter } : {}),
        ...(options.model ? { model: options.model } : {}),
        ...(options.prompt ? { prompt: options.prompt } : {}),
        ...(options.delimiter ? { delimiter: options.delimiter } : {}),
        cacheDir: options.cache === false ? null : options.cache,
        ...(options.out ? { out: options.out } : {}),
        ...(options.progress !== undefined ? { progress: options.progress } : {}),
      });
      for (const warning of report.warnings) process.stderr.write(`uvqa import: warning: ${warning}\n`);
      const runs = Object.entries(report.runs).map(([run, n]) => `${run} ${n}`).join(", ");
      const cached = options.cache === false ? "" : `; cache: ${report.added} added, ${report.unchanged} already there`;
      process.stderr.write(`uvqa import: ${report.rows.length} rows (${runs || "none"})${cached}${options.out ? ` -> ${options.out}` : ""}\n`);
    });
}
