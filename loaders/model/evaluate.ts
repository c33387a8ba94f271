// Scoring models side by side on the same items, the way the report scores runs: each response judged by
// the built-in judge, F1 and S_acc with stratified bootstrap intervals (loaders/metrics), refusal rates
// per category and on the hand-edited public questions apart with Wilson intervals. Pure: responses in,
// table rows out.
import type { Item } from "../items/schema.ts";
import { scorePredictions } from "../pipeline/score.ts";

export interface RateCell {
  /** Refused items. */
  k: number;
  n: number;
  value: number;
  ci_low: number;
  ci_high: number;
}

export interface ScoreCell {
  value: number;
  n: number;
  ci_low: number;
  ci_high: number;
}

export interface ModelScores {
  run: string;
  f1: ScoreCell;
  s_acc: ScoreCell;
  /** Refusals of answerable items (the twins): false refusals. */
  false_refusals: RateCell;
  /** Refusal rate (recall) per unanswerable category. */
  refused: Record<string, RateCell>;
  /** Refusal rate on the hand-edited unanswerable questions (flag edited-question) and on the others. */
  edited: RateCell;
  as_generated: RateCell;
}

/** Wilson score interval for k of n at 95%. */
export function wilson(k: number, n: number, z = 1.959964): RateCell {
  if (n === 0) return { k, n, value: 0, ci_low: 0, ci_high: 0 };
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return { k, n, value: p, ci_low: Math.max(0, centre - half), ci_high: Math.min(1, centre + half) };
}

export const isEdited = (item: Item) => (item.flags ?? []).includes("edited-question");

/** Scores each run's responses (run id -> item id -> response) on the same items. */
export function scoreModels(items: readonly Item[], responses: ReadonlyMap<string, ReadonlyMap<string, string>>, options: { resamples?: number; seed?: number } = {}): ModelScores[] {
  const runs = [...responses.keys()];
  const predictions = runs.flatMap((run) => items.map((item, i) => ({
    prediction: { run, item: item.id, response: responses.get(run)!.get(item.id) ?? "" },
    loc: { file: `run ${run}`, record: i },
  })));
  const scored = scorePredictions(items, predictions, runs.map((id) => ({ id, model: id, prompt: "prompt-aligned", variant: "prompt-aligned", baseline: null })), {
    ...(options.resamples !== undefined ? { resamples: options.resamples } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  const byId = new Map(items.map((item) => [item.id, item]));
  return runs.map((run) => {
    const cell = (metric: string): ScoreCell => {
      const row = scored.result.scores.find((s) => s.run === run && s.slice === "all" && s.metric === metric)!;
      return { value: row.value, n: row.n, ci_low: row.ci_low, ci_high: row.ci_high };
    };
    const judged = scored.judgments.filter((j) => j.run === run);
    const rate = (keep: (item: Item) => boolean) => {
      const chosen = judged.filter((j) => keep(byId.get(j.item)!));
      return wilson(chosen.filter((j) => j.refused).length, chosen.length);
    };
    const categories = [...new Set(items.map((i) => i.category))].filter((c) => c !== "answerable");
    return {
      run,
      f1: cell("f1"),
      s_acc: cell("s_acc"),
      false_refusals: rate((item) => item.category === "answerable"),
      refused: Object.fromEntries(categories.map((c) => [c, rate((item) => item.category === c)])),
      edited: rate((item) => item.category !== "answerable" && isEdited(item)),
      as_generated: rate((item) => item.category !== "answerable" && !isEdited(item)),
    };
  });
}

const f3 = (x: number) => x.toFixed(3);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const score = (c: ScoreCell) => `${f3(c.value)} [${f3(c.ci_low)}, ${f3(c.ci_high)}]`;
const rate = (c: RateCell) => `${c.k}/${c.n} ${pct(c.value)} [${pct(c.ci_low)}, ${pct(c.ci_high)}]`;

/** A plain-text table: one column per model. */
export function formatScores(title: string, models: readonly ModelScores[]): string {
  const rows: Array<[string, (m: ModelScores) => string]> = [
    ["F1", (m) => score(m.f1)],
    ["S_acc", (m) => score(m.s_acc)],
    ["false refusals (twins)", (m) => rate(m.false_refusals)],
    ...Object.keys(models[0]?.refused ?? {}).map((c): [string, (m: ModelScores) => string] => [`refused: ${c}`, (m) => rate(m.refused[c]!)]),
    ["refused: edited-question", (m) => rate(m.edited)],
    ["refused: as generated", (m) => rate(m.as_generated)],
  ];
  const width = 34;
  const lines = [title, `${"".padEnd(26)}${models.map((m) => m.run.padEnd(width)).join("")}`];
  for (const [name, get] of rows) lines.push(`${name.padEnd(26)}${models.map((m) => get(m).padEnd(width)).join("")}`);
  return lines.join("\n");
}
