// `uvqa compare --items <f> --predictions <f> --a <run> --b <run> [--runs <f>] --out <dir>`: run b against
// run a on the items both have: every metric's paired difference (b - a) with a paired bootstrap interval,
// and the exact McNemar test on `correct`.
import type { Command } from "commander";
import { readItemsJsonl } from "../datasets/items-jsonl.ts";
import { bootstrapOptions, scoreOptions } from "./args.ts";
import { compareRuns } from "../metrics/index.ts";
import { completeRuns, judgeLocated } from "../pipeline/score.ts";
import { writeFilesAtomic } from "../storage/atomic.ts";
import * as S from "../storage/schemas.ts";
import { toParquet } from "../storage/tables.ts";
import { readLocatedPredictions, readRunsFile } from "./score.ts";

export function register(program: Command): void {
  bootstrapOptions(program
    .command("compare")
    .description("run b against run a on the same items: paired differences of every metric with intervals, and McNemar on correct")
    .requiredOption("--items <file.jsonl>", "items, one per line")
    .requiredOption("--predictions <file.jsonl>", "predictions of both runs (judged or not)")
    .requiredOption("--a <run>", "the reference run")
    .requiredOption("--b <run>", "the run compared with it")
    .option("--runs <file.json>", "runs file (alignment scores are compared when both runs name a baseline)")
    .requiredOption("--out <dir>", "output directory (comparisons.json, comparisons.parquet)"))
    .action(async (options) => {
      const items = await readItemsJsonl(options.items);
      const predictions = await readLocatedPredictions(options.predictions);
      const runs = completeRuns(predictions.map((p) => p.prediction), options.runs ? await readRunsFile(options.runs) : null, options.runs);
      const rows = compareRuns(items as never, judgeLocated(items, predictions), options.a, options.b, { ...scoreOptions(options), runs });
      await writeFilesAtomic(options.out, {
        "comparisons.json": JSON.stringify(rows, null, 1) + "\n",
        "comparisons.parquet": toParquet(rows as never, S.COMPARISONS),
      });
      const all = rows.find((r) => r.slice === "all" && r.metric === "s_acc");
      process.stderr.write(`compared ${options.b} with ${options.a}${all ? `: S_acc ${all.value_b.toFixed(3)} vs ${all.value_a.toFixed(3)}, McNemar p = ${all.mcnemar_p.toPrecision(3)} (n = ${all.n})` : ""} -> ${options.out}/comparisons.json\n`);
    });
}
