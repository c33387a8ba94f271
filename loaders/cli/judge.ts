// `uvqa judge --judge builtin|<llm judge id> --items <file.jsonl> --predictions <file.jsonl> --out <file.jsonl>`
// (a contract): each prediction comes back with refused, correct, score (LLM judge) or match_score
// (built-in), reason_ok, judge and error. `uvqa score` reads the output as judged predictions.
import { Option, type Command } from "commander";
import { readItemsJsonl } from "../datasets/items-jsonl.ts";
import { integer } from "./args.ts";
import { DEFAULT_CONFIG, loadConfig } from "../config/load.ts";
import { isFailureRow } from "../items/records.ts";
import { DEFAULT_JUDGE_PROMPT } from "../judges/llm-prompt.ts";
import { DEFAULT_JUDGE_CACHE, findJudge, judgeResponses } from "../judges/run.ts";
import { checkPredictions } from "../pipeline/score.ts";
import { checkOutputFile, writeFileAtomic } from "../storage/atomic.ts";
import { toJsonl } from "../storage/jsonl.ts";
import { readLocatedPredictions } from "./score.ts";

export interface JudgeCommandOptions {
  judge: string;
  items: string;
  predictions: string;
  out: string;
  config?: string;
  prompt?: string;
  /** The judge reply cache; false with --no-cache. */
  cache?: string | false;
  /** --cache-dir, the older name of --cache (kept: a contract). */
  cacheDir?: string;
  concurrency?: number;
  log?: (line: string) => void;
}

export async function runJudgeCommand(options: JudgeCommandOptions): Promise<Record<string, unknown>[]> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  await checkOutputFile(options.out);
  const items = new Map((await readItemsJsonl(options.items)).map((item) => [item.id, item]));
  // The checks of `uvqa score`: a known item, once per run, a response (or null: a failure row, passed through).
  const located = await readLocatedPredictions(options.predictions);
  checkPredictions(items, located);
  const predictions = located.map(({ prediction }) => prediction);
  // The built-in judge needs no config; an LLM judge is looked up in it.
  const config = options.judge === "builtin" ? null : await loadConfig(options.config ?? DEFAULT_CONFIG);
  const rows = await judgeResponses(items, predictions, {
    config, judge: findJudge(config, options.judge), log,
    ...(options.prompt ? { prompt: options.prompt } : {}),
    cacheDir: options.cache === false ? null : options.cacheDir ?? options.cache ?? DEFAULT_JUDGE_CACHE,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  });
  const unjudged = predictions.filter(isFailureRow).length;
  const judged = rows.length - unjudged;
  const failures = rows.filter((r) => typeof r.error === "string" && r.error).length;
  const refused = rows.filter((r) => r.refused === true).length;
  log(`judged ${judged} predictions with ${rows.find((r) => typeof r.judge === "string")?.judge ?? options.judge}: ${refused} refused, ${failures} judge failure(s)` +
    `${failures ? " (kept as rows with error; they count in every denominator)" : ""}` +
    `${unjudged ? `; ${unjudged} failure row(s) without a response passed through unjudged (uvqa score counts them as failed)` : ""}`);
  await writeFileAtomic(options.out, toJsonl(rows));
  return rows;
}

export function register(program: Command): void {
  program
    .command("judge")
    .description("judge predictions: refused, correct, score (LLM judge) or match_score (built-in), per response")
    .requiredOption("--judge <id>", "builtin, or the id of a judge in the config")
    .requiredOption("--items <file.jsonl>", "items, one per line")
    .requiredOption("--predictions <file.jsonl>", 'predictions: {"run", "item", "response"}')
    .requiredOption("--out <file.jsonl>", "judged predictions (accepted by uvqa score)")
    .option("--config <file>", "experiment config (for LLM judges)", DEFAULT_CONFIG)
    .option("--prompt <file>", "judge prompt file", DEFAULT_JUDGE_PROMPT)
    .option("--cache <dir>", "cache of judge replies", DEFAULT_JUDGE_CACHE)
    .addOption(new Option("--cache-dir <dir>", "the older name of --cache").hideHelp())
    .option("--no-cache", "do not read or write the judge cache")
    .option("--concurrency <n>", "requests in flight (LLM judges)", integer(1))
    .action(async (options: JudgeCommandOptions) => {
      await runJudgeCommand(options);
    });
}
