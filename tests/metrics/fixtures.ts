// A hand-made table shared by the metric tests: 8 items, an unaligned run "base" with LLM scores and an
// aligned run "dpo" with match scores, one failed judgment and one missing item. Expected values are
// worked out by hand in each test.
import type { JudgedRow, MetricItem } from "../../loaders/metrics/index.ts";
import type { Run } from "../../loaders/items/records.ts";

export const items: MetricItem[] = [
  { id: "a1", category: "answerable", question_type: "what" },
  { id: "a2", category: "answerable", question_type: "what" },
  { id: "a3", category: "answerable", question_type: "where" },
  { id: "a4", category: "answerable", question_type: "where" },
  { id: "o1", category: "object", question_type: "where" },
  { id: "o2", category: "object" },
  { id: "r1", category: "relation" },
  { id: "t1", category: "attribute" },
];

type Outcome = "C" | "W" | "R" | "A" | "F";
/** A judged row from an outcome: C/W answer (correct or not), R refuses, A answers an unanswerable item, F failed. */
export function row(run: string, item: string, outcome: Outcome, score: number | null = null, kind: "llm" | "match" | null = null): JudgedRow {
  const refused = outcome === "F" ? null : outcome === "R";
  const correct = outcome === "F" ? null : outcome === "C" || (outcome === "R" && !item.startsWith("a"));
  return { run, item, refused, correct, score, score_kind: score === null ? null : kind };
}

// base (unaligned), LLM scores: a1 C 4, a2 C 5, a3 W 1, a4 R 0, o1 A 0, o2 A 1, r1 R 5, t1 A 0.
export const base: JudgedRow[] = [
  row("base", "a1", "C", 4, "llm"), row("base", "a2", "C", 5, "llm"), row("base", "a3", "W", 1, "llm"),
  row("base", "a4", "R", 0, "llm"), row("base", "o1", "A", 0, "llm"), row("base", "o2", "A", 1, "llm"),
  row("base", "r1", "R", 5, "llm"), row("base", "t1", "A", 0, "llm"),
];
// dpo (baseline base), match scores: a1 R 0, a2 C 5, a3 C 2.5, a4 C 3.75, o1 R 5, o2 F (no score), r1 R 5; t1 missing.
export const dpo: JudgedRow[] = [
  row("dpo", "a1", "R", 0, "match"), row("dpo", "a2", "C", 5, "match"), row("dpo", "a3", "C", 2.5, "match"),
  row("dpo", "a4", "C", 3.75, "match"), row("dpo", "o1", "R", 5, "match"), row("dpo", "o2", "F"),
  row("dpo", "r1", "R", 5, "match"),
];
/** The same responses as base, declared as aligned against base. */
export const self: JudgedRow[] = base.map((r) => ({ ...r, run: "self" }));

export const runs: Run[] = [
  { id: "base", model: "m", prompt: "plain", variant: "unaligned", baseline: null },
  { id: "dpo", model: "m", prompt: "plain", variant: "dpo", baseline: "base" },
  { id: "self", model: "m", prompt: "plain", variant: "prompt-aligned", baseline: "base" },
];
