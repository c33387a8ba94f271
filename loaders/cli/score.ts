// `uvqa score --items <file.jsonl> --predictions <file.jsonl> [--runs <file.json>] --out <dir>` (a contract).
import type { Command } from "commander";
import { readItemsJsonl } from "../datasets/items-jsonl.ts";
import { bootstrapOptions, scoreOptions } from "./args.ts";
import { parseAt } from "../errors.ts";
import { type Item as ItemT } from "../items/schema.ts";
import { Prediction, Runs, type Run } from "../items/records.ts";
import { parseJsonlLines, readJson, readText } from "../storage/jsonl.ts";
import { writeFilesAtomic } from "../storage/atomic.ts";
import { scorePredictions, type LocatedPrediction } from "../pipeline/score.ts";
import { scoreFiles } from "../pipeline/tables.ts";

export async function readLocatedPredictions(file: string): Promise<LocatedPrediction[]> {
  return parseJsonlLines(await readText(file), Prediction, file).map(({ value, line }) => ({ prediction: value, loc: { file, line } }));
}

export async function readRunsFile(file: string): Promise<Run[]> {
  return parseAt(Runs, await readJson(file), { file });
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
    .requiredOption("--out <dir>", "output directory (scores.json and Parquet tables)"))
    .action(async (options) => {
      const items: ItemT[] = await readItemsJsonl(options.items);
      const predictions = await readLocatedPredictions(options.predictions);
      const runs = options.runs ? await readRunsFile(options.runs) : null;
      const scored = scorePredictions(items, predictions, runs, scoreOptions(options), options.runs);
      await writeFilesAtomic(options.out, scoreFiles(scored, items, predictions.map((p) => p.prediction)));
      const runsCount = scored.runs.length;
      process.stderr.write(`scored ${predictions.length} predictions of ${runsCount} run(s) over ${items.length} items -> ${options.out}/scores.json\n`);
    });
}
