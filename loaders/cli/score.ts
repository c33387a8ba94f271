// `uvqa score --items <file.jsonl> --predictions <file.jsonl> [--runs <file.json>] --out <dir>` (a contract).
// The predictions are read line by line into columns (pipeline/prediction-columns.ts), scored from the columns
// (loaders/metrics: scoreColumns) and the large tables written row group by row group (storage/parquet-stream.ts):
// the same files as scoring row objects (pipeline/score.ts#scorePredictions, pipeline/tables.ts#scoreFiles).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { readItemsJsonl } from "../datasets/items-jsonl.ts";
import { bootstrapOptions, checkSliceFields, scoreOptions } from "./args.ts";
import { UvqaError, invalid, parseAt } from "../errors.ts";
import { type Item as ItemT } from "../items/schema.ts";
import { Prediction, Run } from "../items/records.ts";
import { indexItems, indexSlices, scoreColumns, type ScoreOptions } from "../metrics/index.ts";
import { parseJsonlLines, readJson, readText } from "../storage/jsonl.ts";
import { checkOutputFolder, replaceFolder } from "../storage/folder.ts";
import { ParquetTableWriter } from "../storage/parquet-stream.ts";
import * as S from "../storage/schemas.ts";
import { toParquet } from "../storage/tables.ts";
import {
  failedByRun, judgmentColumns, readPredictionColumns, responseColumns, scoreColumnsOf, type PredictionColumns,
} from "../pipeline/prediction-columns.ts";
import { completeRuns, type LocatedPrediction } from "../pipeline/score.ts";
import { itemRows, summaryFiles } from "../pipeline/tables.ts";

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
      const { predictions, runs, score } = await readScoreInputs(items, options);
      await replaceFolder(options.out, (staging) => writeScoreFolder(staging, items, predictions, runs, score));
      const failed = [...failedByRun(predictions).values()].reduce((sum, n) => sum + n, 0);
      process.stderr.write(`scored ${predictions.rows} predictions of ${runs.length} run(s) over ${items.length} items` +
        `${failed ? ` (${failed} failure rows left out, counted as failed in coverage.json)` : ""} -> ${options.out}/scores.json\n`);
    });
}

/**
 * The predictions (as columns), the runs and the options, with every input error `uvqa score` gives, in its
 * order: the predictions file's own, the runs file's, the slice fields', an unknown baseline, then the first
 * prediction naming an unknown item, repeating a run and item, or with nothing to judge.
 */
async function readScoreInputs(items: ItemT[], options: { predictions: string; runs?: string; items: string; resamples: number; seed?: number; sliceBy?: string; slice?: string[] }) {
  const position = new Map(items.map((item, i) => [item.id, i]));
  const { columns: predictions, check } = await readPredictionColumns(options.predictions, items, position);
  const runsFile = options.runs ? await readRunsFile(options.runs) : null;
  const score = scoreOptions(options);
  checkSliceFields(items, score.sliceFields, options.items);
  const runs = completeRuns(predictions.runs.map((run) => ({ run, item: "" })), runsFile, options.runs);
  check();
  return { predictions, runs, score };
}

/** The output folder's files (pipeline/tables.ts#scoreFiles), the large tables written row group by row group. */
async function writeScoreFolder(dir: string, items: readonly ItemT[], predictions: PredictionColumns, runs: Run[], options: ScoreOptions): Promise<void> {
  const index = indexItems(items as never);
  const result = scoreColumns(indexSlices(index, options), scoreColumnsOf(predictions, index), runs, options);
  const failed = failedByRun(predictions);
  const coverage = result.coverage.map((row) => ({ ...row, failed: failed.get(row.run) ?? 0 }));
  const files = {
    ...summaryFiles({ ...result, coverage }),
    "runs.json": JSON.stringify(runs, null, 1) + "\n",
    "items.parquet": toParquet(itemRows(items), S.ITEMS),
  };
  for (const [name, data] of Object.entries(files)) await writeFile(join(dir, name), data);
  const judgments = new ParquetTableWriter(join(dir, "judgments.parquet"), S.JUDGMENTS);
  const responses = new ParquetTableWriter(join(dir, "responses.parquet"), S.RESPONSES);
  try {
    const STEP = 100_000;
    for (let from = 0; from < predictions.rows; from += STEP) {
      const to = Math.min(predictions.rows, from + STEP);
      responses.append(to - from, responseColumns(predictions, items, from, to));
      const judged: number[] = [];
      for (let r = from; r < to; r++) if (!predictions.failure[r]) judged.push(r);
      judgments.append(judged.length, judgmentColumns(predictions, items, Int32Array.from(judged)));
    }
  } catch (error) {
    judgments.abort();
    responses.abort();
    throw error;
  }
  judgments.close();
  responses.close();
}
