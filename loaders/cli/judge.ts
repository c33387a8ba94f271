// `uvqa judge --judge builtin|<llm judge id> --items <file.jsonl> --predictions <file.jsonl> --out <file.jsonl>`
// (a contract): each prediction comes back with refused, correct, score (LLM judge) or match_score
// (built-in), reason_ok, judge and error. `uvqa score` reads the output as judged predictions.
import type { Command } from "commander";
import { z } from "zod";
import { DEFAULT_CONFIG, loadConfig } from "../config/load.ts";
import { UvqaError, invalid } from "../errors.ts";
import { generationSettings } from "../inference/backend.ts";
import { ResponseCache } from "../inference/cache.ts";
import { DEFAULT_RETRY } from "../inference/retry.ts";
import { makeBackend } from "../inference/run.ts";
import { Prediction } from "../items/records.ts";
import { Item } from "../items/schema.ts";
import { BUILTIN_JUDGE_ID, judgeBuiltin } from "../judges/builtin.ts";
import { loadJudgePrompt, DEFAULT_JUDGE_PROMPT } from "../judges/llm-prompt.ts";
import { judgeWithLlm } from "../judges/llm.ts";
import { writeFileAtomic } from "../storage/atomic.ts";
import { parseJsonl, parseJsonlLines, readText, toJsonl } from "../storage/jsonl.ts";

export const DEFAULT_JUDGE_CACHE = "data/cache/judge";

/** Fields a judge writes: an input that already has them (an earlier judgment) gets them replaced. */
const JUDGMENT_FIELDS = ["refused", "correct", "score", "match_score", "score_kind", "reason_ok", "judge", "error",
  "judge_reason", "judge_model", "judge_prompt", "judge_prompt_hash"] as const;

function withoutJudgment(p: Prediction): Prediction {
  const copy: Record<string, unknown> = { ...p };
  for (const field of JUDGMENT_FIELDS) delete copy[field];
  return copy as Prediction;
}

export interface JudgeCommandOptions {
  judge: string;
  items: string;
  predictions: string;
  out: string;
  config?: string;
  prompt?: string;
  cacheDir?: string;
  cache?: boolean;
  concurrency?: number;
  log?: (line: string) => void;
}

export async function runJudgeCommand(options: JudgeCommandOptions): Promise<Record<string, unknown>[]> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const items = new Map(parseJsonl(await readText(options.items), Item, options.items).map((item) => [item.id, item]));
  const located = parseJsonlLines(await readText(options.predictions), Prediction, options.predictions);
  for (const { value, line } of located) {
    if (!items.has(value.item)) throw invalid("item", value.item, { file: options.predictions, line });
    if (typeof value.response !== "string") throw invalid("response", value.response ?? null, { file: options.predictions, line });
  }
  const predictions = located.map(({ value }) => withoutJudgment(value));

  let rows: Record<string, unknown>[];
  const judgeConfig = options.judge === "builtin" ? null : await findJudge(options);
  if (!judgeConfig || judgeConfig.kind === "builtin") {
    rows = predictions.map((p) => {
      const v = judgeBuiltin(items.get(p.item)!, p.response!);
      return { ...p, refused: v.refused, correct: v.correct, match_score: v.match_score, reason_ok: v.reason_ok, judge: BUILTIN_JUDGE_ID, error: null };
    });
  } else {
    const { judge, model } = judgeConfig;
    const prompt = await loadJudgePrompt(options.prompt ?? DEFAULT_JUDGE_PROMPT);
    const cache = options.cache === false ? undefined : await ResponseCache.open(options.cacheDir ?? DEFAULT_JUDGE_CACHE, `judge-${judge}`);
    try {
      const judged = await judgeWithLlm(items, predictions, {
        judgeId: judge, backend: makeBackend(model), settings: generationSettings(model), prompt,
        retry: { ...DEFAULT_RETRY, ...(model.retries !== undefined ? { retries: model.retries } : {}) },
        concurrency: options.concurrency ?? model.concurrency ?? 8,
        ...(cache ? { cache } : {}),
      });
      rows = predictions.map((p, i) => {
        const j = judged[i]!;
        return {
          ...p, refused: j.refused, correct: j.correct, score: j.score, reason_ok: j.reason_ok, judge: j.judge, error: j.error,
          judge_reason: j.judge_reason, judge_model: j.judge_model, judge_prompt: j.judge_prompt, judge_prompt_hash: j.judge_prompt_hash,
        };
      });
      const repaired = judged.filter((j) => j.repaired).length;
      if (repaired) log(`${repaired} repair request(s) after replies that did not parse`);
    } finally {
      await cache?.close();
    }
  }
  const failures = rows.filter((r) => r.error).length;
  const refused = rows.filter((r) => r.refused === true).length;
  log(`judged ${rows.length} predictions with ${rows[0]?.judge ?? options.judge}: ${refused} refused, ${failures} judge failure(s)${failures ? " (kept as rows with error; they count in every denominator)" : ""}`);
  await writeFileAtomic(options.out, toJsonl(rows));
  return rows;
}

async function findJudge(options: JudgeCommandOptions) {
  const config = await loadConfig(options.config ?? DEFAULT_CONFIG);
  const judge = config.judges.find((j) => j.id === options.judge);
  if (!judge) throw new UvqaError(`unknown judge: ${options.judge} (known: builtin${config.judges.map((j) => `, ${j.id}`).join("")})`, 2);
  if (judge.kind === "builtin") return { kind: "builtin" as const, judge: judge.id };
  const model = config.models.find((m) => m.id === judge.model)!;
  return { kind: "llm" as const, judge: judge.id, model };
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
    .option("--cache-dir <dir>", "cache of judge replies", DEFAULT_JUDGE_CACHE)
    .option("--no-cache", "do not read or write the judge cache")
    .option("--concurrency <n>", "requests in flight (LLM judges)", (v) => z.coerce.number().int().min(1).parse(v))
    .action(async (options: JudgeCommandOptions) => {
      await runJudgeCommand(options);
    });
}
