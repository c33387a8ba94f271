// Judge responses with a configured judge: the built-in one, or an LLM judge through the inference
// backend (same cache, retries, concurrency). Shared by `uvqa judge` and the report build.
import type { ExperimentConfig, JudgeConfig } from "../config/schema.ts";
import { UvqaError } from "../errors.ts";
import { generationSettings } from "../inference/backend.ts";
import { ResponseCache } from "../inference/cache.ts";
import { DEFAULT_RETRY } from "../inference/retry.ts";
import { makeBackend } from "../inference/run.ts";
import type { Item } from "../items/schema.ts";
import { isFailureRow, type Prediction } from "../items/records.ts";
import { BUILTIN_JUDGE_ID, judgeBuiltin } from "./builtin.ts";
import { DEFAULT_JUDGE_PROMPT, loadJudgePrompt } from "./llm-prompt.ts";
import { judgeWithLlm } from "./llm.ts";

export const DEFAULT_JUDGE_CACHE = "data/cache/judge";

/** Fields a judge writes: an input that already has them (an earlier judgment) gets them replaced. */
const JUDGMENT_FIELDS = ["refused", "correct", "score", "match_score", "score_kind", "reason_ok", "judge", "error",
  "judge_reason", "judge_model", "judge_prompt", "judge_prompt_hash"] as const;

export function withoutJudgment(p: Prediction): Prediction {
  const copy: Record<string, unknown> = { ...p };
  for (const field of JUDGMENT_FIELDS) delete copy[field];
  // A failure row's `error` is the inference failure ({class, message, attempts}), not a judgment: kept.
  const error = (p as Record<string, unknown>).error;
  if (isFailureRow(p) && error !== null && typeof error === "object") copy.error = error;
  return copy as Prediction;
}

export const BUILTIN_JUDGE_CONFIG: JudgeConfig = { id: "builtin", kind: "builtin" };

/** The judge named `id` in `config` ("builtin" always exists). */
export function findJudge(config: ExperimentConfig | null, id: string): JudgeConfig {
  if (id === "builtin") return config?.judges.find((j) => j.id === id) ?? BUILTIN_JUDGE_CONFIG;
  const judge = config?.judges.find((j) => j.id === id);
  if (!judge) throw new UvqaError(`unknown judge: ${id} (known: builtin${(config?.judges ?? []).filter((j) => j.id !== "builtin").map((j) => `, ${j.id}`).join("")})`, 2);
  return judge;
}

export interface JudgeResponsesOptions {
  config: ExperimentConfig | null;
  judge: JudgeConfig;
  /** The LLM judge's prompt file (default: the versioned prompt shipped with the project). */
  prompt?: string;
  /** Cache of judge replies; `null` turns it off. */
  cacheDir?: string | null;
  concurrency?: number;
  log?: (line: string) => void;
}

/**
 * Each prediction with a response comes back with refused, correct, score or match_score, reason_ok, judge,
 * error. A failure row (`response: null`) comes back as it is, unjudged: `uvqa score` leaves it out of the
 * scores and counts it as failed.
 */
export async function judgeResponses(items: Map<string, Item>, input: readonly Prediction[], options: JudgeResponsesOptions): Promise<Record<string, unknown>[]> {
  const all = input.map(withoutJudgment);
  const answered = all.filter((p) => !isFailureRow(p));
  if (answered.length === all.length) return judgeAnswered(items, all, options);
  const judged = await judgeAnswered(items, answered, options);
  let next = 0;
  return all.map((p) => (isFailureRow(p) ? p : judged[next++]!));
}

async function judgeAnswered(items: Map<string, Item>, predictions: Prediction[], options: JudgeResponsesOptions): Promise<Record<string, unknown>[]> {
  const { judge } = options;
  if (predictions.length === 0) return [];
  if (judge.kind === "builtin") {
    return predictions.map((p) => {
      const v = judgeBuiltin(items.get(p.item)!, p.response!);
      return { ...p, refused: v.refused, correct: v.correct, match_score: v.match_score, reason_ok: v.reason_ok, judge: BUILTIN_JUDGE_ID, error: null };
    });
  }
  const model = options.config?.models.find((m) => m.id === judge.model);
  if (!model) throw new UvqaError(`judge ${judge.id}: unknown model ${judge.model ?? "(none)"}`, 2);
  const prompt = await loadJudgePrompt(options.prompt ?? DEFAULT_JUDGE_PROMPT);
  const cacheDir = options.cacheDir === undefined ? DEFAULT_JUDGE_CACHE : options.cacheDir;
  const cache = cacheDir === null ? undefined : await ResponseCache.open(cacheDir, `judge-${judge.id}`);
  const backend = makeBackend(model);
  try {
    const judged = await judgeWithLlm(items, predictions, {
      judgeId: judge.id, backend, settings: generationSettings(model), prompt,
      retry: { ...DEFAULT_RETRY, ...(model.retries !== undefined ? { retries: model.retries } : {}) },
      concurrency: options.concurrency ?? model.concurrency ?? 8,
      ...(cache ? { cache } : {}),
    });
    const repaired = judged.filter((j) => j.repaired).length;
    if (repaired) options.log?.(`${repaired} repair request(s) after replies that did not parse`);
    return predictions.map((p, i) => {
      const j = judged[i]!;
      return {
        ...p, refused: j.refused, correct: j.correct, score: j.score, reason_ok: j.reason_ok, judge: j.judge, error: j.error,
        judge_reason: j.judge_reason, judge_model: j.judge_model, judge_prompt: j.judge_prompt, judge_prompt_hash: j.judge_prompt_hash,
      };
    });
  } finally {
    await cache?.close();
    await backend.close?.();
  }
}
