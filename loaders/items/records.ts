// Row contracts between stages: predictions in, judgments out, runs, score rows.
import { z } from "zod";
import { refuseMisspelledKeys } from "../keys.ts";

const PREDICTION_FIELDS = {
  run: z.string().min(1),
  item: z.string().min(1),
  response: z.string().nullable().optional(),
  refused: z.boolean().nullable().optional(),
  correct: z.boolean().nullable().optional(),
  score: z.number().min(0).max(5).nullable().optional(),
};

/**
 * Keys a prediction row may carry besides its own: the provenance of a response row (`uvqa infer`,
 * `uvqa import`, `uvqa batch import`: loaders/inference/row.ts) and the fields a judge writes (`uvqa judge`).
 * Other extra keys are allowed (README, *File formats*) unless they read as a misspelling of one of these.
 */
export const PREDICTION_KEYS = [
  ...Object.keys(PREDICTION_FIELDS),
  "error", "backend", "base_url", "model", "prompt", "prompt_hash", "settings", "frames", "video_url", "usage",
  "attempts", "latency_ms", "cache_key", "created_at", "source",
  "match_score", "score_kind", "reason_ok", "judge", "judge_reason", "judge_model", "judge_prompt", "judge_prompt_hash",
] as const;

/**
 * `uvqa score --predictions`: refused/correct given together mean an imported judgment. A row with
 * `response: null` and no judgment is a failure row (`uvqa infer` writes one per failed request).
 */
export const Prediction = z.object(PREDICTION_FIELDS).passthrough().superRefine(refuseMisspelledKeys(PREDICTION_KEYS));
export type Prediction = z.infer<typeof Prediction>;

/** A failure row of `uvqa infer` (or any prediction whose response is null and that carries no judgment). */
export function isFailureRow(p: Prediction): boolean {
  return p.response === null && !(typeof p.refused === "boolean" && typeof p.correct === "boolean");
}

export const VARIANTS = ["unaligned", "prompt-aligned", "sft", "dpo"] as const;

/** `uvqa score --runs`: an aligned run names its baseline (same model, unaligned, same items). */
export const Run = z.object({
  id: z.string().min(1),
  model: z.string().min(1),
  prompt: z.string().min(1),
  /** unaligned | prompt-aligned | sft | dpo | a user label */
  variant: z.string().min(1),
  baseline: z.string().min(1).nullable().optional(),
}).strict();
export type Run = z.infer<typeof Run>;
export const Runs = z.array(Run);

/** `score_kind` keeps a heuristic match score from ever being shown as an LLM score. */
export type ScoreKind = "llm" | "match";

export interface Judgment {
  run: string;
  item: string;
  judge: string;
  refused: boolean | null;
  correct: boolean | null;
  score: number | null;
  score_kind: ScoreKind | null;
  reason_ok: boolean | null;
  /** Set when the judge failed on this response: recorded, counted, shown. */
  error: string | null;
}

/** The paper's metrics, then the twin-pair shares (beyond the paper: README, "Twin pairs"). */
export const METRICS = [
  "f1", "s_acc", "llm_score", "match_score", "s_ex_ref", "s_permis", "s_disc", "s_align",
  "pair_acc", "pair_refuse_both", "pair_answer_both", "pair_other",
] as const;
export type Metric = (typeof METRICS)[number];

/** One row of `scores.json`. `n` is the metric's denominator. */
export interface ScoreRow {
  run: string;
  slice: string;
  metric: Metric;
  value: number;
  n: number;
  ci_low: number;
  ci_high: number;
  /** Items in this slice whose judgment failed (still in the denominator). */
  judge_failures: number;
}
