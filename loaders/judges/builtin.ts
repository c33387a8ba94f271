// The built-in judge: no network, deterministic, pure (runs in Node and in the browser).
// Its score is `match_score` (score_kind "match"), a heuristic, never presented as an LLM score.
import { invalid, type Location } from "../errors.ts";
import type { Judgment, Prediction } from "../items/records.ts";
import type { Item } from "../items/schema.ts";
import { matchAnswer } from "./match.ts";
import { reasonOk } from "./reason.ts";
import { analyzeRefusal, detectRefusal } from "./refusal.ts";

export { detectRefusal, analyzeRefusal };

/** Bump the version whenever a rule or a word list changes: judgments record it. */
export const BUILTIN_JUDGE = { name: "builtin", version: "1.1.1" } as const;
export const BUILTIN_JUDGE_ID = `${BUILTIN_JUDGE.name}@${BUILTIN_JUDGE.version}`;

export interface BuiltinVerdict {
  refused: boolean;
  correct: boolean;
  reason_ok: boolean | null;
  match_score: number;
}

/**
 * Unanswerable item: correct = refused; match_score 5 for a refusal naming the perturbed element, 3 for
 * a refusal that does not (4 when there is nothing to check), 0 for an answer.
 * Answerable item: correct = not refused and the response matches the reference (match.ts);
 * match_score 0 for a refusal, else the matcher's score.
 */
export function judgeBuiltin(item: Item, response: string): BuiltinVerdict {
  const refused = detectRefusal(response, item.question);
  if (item.category !== "answerable") {
    const reason_ok = reasonOk(item, response, refused);
    const match_score = !refused ? 0 : reason_ok === null ? 4 : reason_ok ? 5 : 3;
    return { refused, correct: refused, reason_ok, match_score };
  }
  if (refused) return { refused, correct: false, reason_ok: null, match_score: 0 };
  const m = matchAnswer(item.question, item.reference, response);
  return { refused, correct: m.correct, reason_ok: null, match_score: m.match_score };
}

export interface JudgeOptions {
  /** Where the predictions came from, for error messages: a file and, per row index, its line. */
  file?: string;
  lineOf?: (index: number) => number;
}

/**
 * A prediction that carries both `refused` and `correct` is an imported judgment: it is kept as is.
 * So is the output of `uvqa judge`: its `judge` name, its `match_score` (score_kind "match") or `score`
 * ("llm"), and its recorded failures (`error`, with refused/correct null), never re-judged silently.
 */
export function isImported(p: Prediction): boolean {
  const extra = p as Record<string, unknown>;
  if (typeof p.refused === "boolean" && typeof p.correct === "boolean") return true;
  return typeof extra.judge === "string" && typeof extra.error === "string" && extra.error.length > 0;
}

function importedJudgment(p: Prediction): Judgment {
  const extra = p as Record<string, unknown>;
  const match = typeof extra.match_score === "number" ? extra.match_score : null;
  const llm = typeof p.score === "number" ? p.score : null;
  const score = match ?? llm;
  const kind = match !== null ? "match" : llm !== null ? (extra.score_kind === "match" ? "match" : "llm") : null;
  return {
    run: p.run, item: p.item,
    judge: typeof extra.judge === "string" && extra.judge ? extra.judge : "imported",
    refused: typeof p.refused === "boolean" ? p.refused : null,
    correct: typeof p.correct === "boolean" ? p.correct : null,
    score, score_kind: kind,
    reason_ok: typeof extra.reason_ok === "boolean" ? extra.reason_ok : null,
    error: typeof extra.error === "string" && extra.error ? extra.error : null,
  };
}

export function judgePredictions(items: Map<string, Item> | Item[], predictions: Prediction[], options: JudgeOptions = {}): Judgment[] {
  const byId = items instanceof Map ? items : new Map(items.map((item) => [item.id, item]));
  return predictions.map((p, i) => {
    const item = byId.get(p.item);
    if (!item) {
      const file = options.file ?? "predictions";
      const loc: Location = options.lineOf ? { file, line: options.lineOf(i) } : { file, record: i };
      throw invalid("item", p.item, loc);
    }
    if (isImported(p)) return importedJudgment(p);
    if (typeof p.response !== "string") {
      return { run: p.run, item: p.item, judge: BUILTIN_JUDGE_ID, refused: null, correct: null, score: null, score_kind: null, reason_ok: null, error: "no response to judge" };
    }
    const v = judgeBuiltin(item, p.response);
    return {
      run: p.run, item: p.item, judge: BUILTIN_JUDGE_ID, refused: v.refused, correct: v.correct,
      score: v.match_score, score_kind: "match", reason_ok: v.reason_ok, error: null,
    };
  });
}
