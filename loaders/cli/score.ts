// `uvqa score --items <file.jsonl> --predictions <file.jsonl> [--runs <file.json>] --out <dir>` (a contract).
import type { Command } from "commander";
import { readItemsJsonl } from "../datasets/items-jsonl.ts";
import { bootstrapOptions, checkSliceFields, scoreOptions } from "./args.ts";
import { UvqaError, invalid, parseAt } from "../errors.ts";
import { type Item as ItemT } from "../items/schema.ts";
import { Prediction, Run } from "../items/records.ts";
import { parseJsonlLines, readJson, readText } from "../storage/jsonl.ts";
import { checkOutputFolder, writeFolder } from "../storage/folder.ts";
import { scorePredictions, type LocatedPrediction } from "../pipeline/score.ts";
import { scoreFiles } from "../pipeline/tables.ts";

export function parseLocatedPredictions(text: string, file: string): LocatedPrediction[] {
  const rows = parseJsonlLines(text, Prediction, file).map(({ value, line }) => ({ prediction: value, loc: { file, line } }));
  if (rows.length === 0) throw new UvqaError(`no predictions in ${file}: the file is empty`, 2);
  return rows;
}

export async function readLocatedPredictions(file: string): Promise<LocatedPrediction[]> {
  return parseLocatedPredictions(await readText(file), file);
}

/** A runs file: a JSON array of strict run records (README, *File formats*), ids unique. */
export async function readRunsFile(file: string): Promise<Run[]> {
  const value = await readJson(file);
  if (!Array.isArray(value)) throw invalid("runs", value, { file });
  const seen = new Set<string>();
  return value.map((record, i) => {
    const run = parseAt(Run, record, { file, record: i });
    if (seen.has(run.id)) throw invalid("id", run.id, { file, record: i });
    seen.add(run.id);
    return run;
  });
}

export function register(program: Command): void {
  bootstrapOptions(program
    .command("score")
    .description("judge predictions (unless they carry a judgment) and compute the paper's metrics and the twin-pair shares with 95% intervals")
    .addHelpText("after", [
      "",
      "Metrics (README, Metrics): f1, s_acc, llm_score | match_score; with a baseline s_ex_ref, s_permis, s_disc, s_align;",
      "over twin pairs (an unanswerable item and its answerable twin, both in the run) pair_acc, pair_refuse_both,",
      "pair_answer_both, pair_other. Slices: all, category:<c>, <field>:<value> (--slice-by), and each --slice,",
      "e.g. --slice 'category=object,relation&flags=edited-question' (named category=object,relation&flags=edited-question).",
    ].join("\n"))
    .requiredOption("--items <file.jsonl>", "items, one per line")
    .requiredOption("--predictions <file.jsonl>", 'predictions: {"run", "item", "response"?, "refused"?, "correct"?, "score"?}')
    .option("--runs <file.json>", 'runs: [{"id", "model", "prompt", "variant", "baseline"?}]')
    .requiredOption("--out <dir>", "output directory (scores.json and Parquet tables), replaced whole"))
    .action(async (options) => {
      await checkOutputFolder(options.out);
      const items: ItemT[] = await readItemsJsonl(options.items);
      const predictions = await readLocatedPredictions(options.predictions);
      const runs = options.runs ? await readRunsFile(options.runs) : null;
      const score = scoreOptions(options);
      checkSliceFields(items, score.sliceFields, options.items);
      const scored = scorePredictions(items, predictions, runs, score, options.runs);
      await writeFolder(options.out, scoreFiles(scored, items, predictions.map((p) => p.prediction)));
      const runsCount = scored.runs.length;
      const failed = scored.result.coverage.reduce((sum, row) => sum + row.failed, 0);
      process.stderr.write(`scored ${predictions.length} predictions of ${runsCount} run(s) over ${items.length} items` +
        `${failed ? ` (${failed} failure rows left out, counted as failed in coverage.json)` : ""} -> ${options.out}/scores.json\n`);
    });
}
