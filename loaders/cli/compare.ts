// `uvqa compare --items <f> --predictions <f> --a <run> --b <run> [--runs <f>] --out <dir>`: run b against
// run a on the items both have: every metric's paired difference (b - a) with a paired bootstrap interval,
// and the exact McNemar test on `correct`.
import type { Command } from "commander";
import { readItemsJsonl } from "../datasets/items-jsonl.ts";
import { bootstrapOptions, checkSliceFields, scoreOptions } from "./args.ts";
import { UvqaError } from "../errors.ts";
import { isFailureRow } from "../items/records.ts";
import { compareRuns } from "../metrics/index.ts";
import { completeRuns, judgeLocated, type LocatedPrediction } from "../pipeline/score.ts";
import { checkOutputFolder, writeFolder } from "../storage/folder.ts";
import * as S from "../storage/schemas.ts";
import { toParquet } from "../storage/tables.ts";
import { readLocatedPredictions, readRunsFile } from "./score.ts";

/** A compared run must have responses: a run with none, or with failure rows only, is named in one line. */
function checkCompared(predictions: readonly LocatedPrediction[], run: string, flag: string, file: string): void {
  const rows = predictions.filter((p) => p.prediction.run === run);
  if (rows.length === 0) {
    const known = [...new Set(predictions.map((p) => p.prediction.run))];
    throw new UvqaError(`invalid ${flag}: ${JSON.stringify(run)} (no prediction of this run in ${file}; runs: ${known.join(", ")})`, 2);
  }
  if (rows.every((p) => isFailureRow(p.prediction))) {
    throw new UvqaError(`run ${run} has no responses in ${file}: its ${rows.length} rows are failure rows (response null)`, 2);
  }
}

export function register(program: Command): void {
  bootstrapOptions(program
    .command("compare")
    .description("run b against run a on the same items: paired differences of every metric with intervals, and McNemar on correct")
    .requiredOption("--items <file.jsonl>", "items, one per line")
    .requiredOption("--predictions <file.jsonl>", "predictions of both runs (judged or not)")
    .requiredOption("--a <run>", "the reference run")
    .requiredOption("--b <run>", "the run compared with it")
    .option("--runs <file.json>", "runs file (alignment scores are compared when both runs name a baseline)")
    .requiredOption("--out <dir>", "output directory (comparisons.json, comparisons.parquet), replaced whole"))
    .action(async (options) => {
      await checkOutputFolder(options.out);
      const items = await readItemsJsonl(options.items);
      const predictions = await readLocatedPredictions(options.predictions);
      const score = scoreOptions(options);
      checkSliceFields(items, score.sliceFields, options.items);
      for (const flag of ["a", "b"] as const) checkCompared(predictions, options[flag], `--${flag}`, options.predictions);
      const runs = completeRuns(predictions.map((p) => p.prediction), options.runs ? await readRunsFile(options.runs) : null, options.runs);
      const rows = compareRuns(items as never, judgeLocated(items, predictions), options.a, options.b, { ...score, runs });
      await writeFolder(options.out, {
        "comparisons.json": JSON.stringify(rows, null, 1) + "\n",
        "comparisons.parquet": toParquet(rows as never, S.COMPARISONS),
      });
      const all = rows.find((r) => r.slice === "all" && r.metric === "s_acc");
      process.stderr.write(`compared ${options.b} with ${options.a}${all ? `: S_acc ${all.value_b.toFixed(3)} vs ${all.value_a.toFixed(3)}, McNemar p = ${all.mcnemar_p.toPrecision(3)} (n = ${all.n})` : ""} -> ${options.out}/comparisons.json\n`);
    });
}
