// Validation of the built-in judge's `refused` (and `reason_ok`) against labelled responses:
// the UVQA reference refusals (positives), the Video-ChatGPT reference answers (negatives), the hard set.
import { z } from "zod";
import { Category, type Item } from "../items/schema.ts";
import { judgeBuiltin } from "./builtin.ts";
import { analyzeRefusal } from "./refusal.ts";

/** One labelled response. */
export interface LabelledCase {
  id: string;
  kind: string;
  /** A sub-set reported on its own (the hard set's writing batches). */
  group?: string;
  item: Item;
  response: string;
  refused: boolean;
  reason_ok?: boolean;
}

/** A row of data/judge/hardset.jsonl. */
export const HardCase = z.object({
  id: z.string().min(1),
  /**
   * 1: written before any tuning; 2: written after the first tuning round (then tuned on); 3: held out, never
   * tuned on; 4: the colour cases of the 1.1.0 fix (in-sample); 5: written after that fix, held out.
   */
  batch: z.number().int().min(1).optional(),
  kind: z.string().min(1),
  question: z.string().min(1),
  reference: z.string().optional(),
  category: Category,
  perturbed: z.string().min(1).optional(),
  response: z.string(),
  refused: z.boolean(),
  reason_ok: z.boolean().optional(),
  note: z.string().optional(),
});
export type HardCase = z.infer<typeof HardCase>;

export function hardCaseToLabelled(row: HardCase): LabelledCase {
  const item: Item = {
    id: row.id, dataset: "hardset", category: row.category, video: "", question: row.question, reference: row.reference ?? "",
    ...(row.perturbed && row.category !== "answerable"
      ? { perturbation: { kind: row.category, original: null, replaced_with: row.perturbed } }
      : {}),
  };
  return { id: row.id, kind: row.kind, ...(row.batch === undefined ? {} : { group: `batch ${row.batch}` }), item, response: row.response, refused: row.refused, ...(row.reason_ok === undefined ? {} : { reason_ok: row.reason_ok }) };
}

/** A reference answer judged as the response: refusals for UVQA items, answers for answerable items. */
export function referenceCases(items: Item[]): LabelledCase[] {
  return items.map((item) => ({
    id: item.id, kind: item.category, item, response: item.reference, refused: item.category !== "answerable",
    ...(item.category !== "answerable" && item.perturbation ? { reason_ok: true } : {}),
  }));
}

export interface CaseError {
  id: string;
  kind: string;
  field: "refused" | "reason_ok";
  expected: boolean;
  got: boolean | null;
  question: string;
  response: string;
  why: string;
}

export interface SetReport {
  name: string;
  n: number;
  tp: number; fp: number; fn: number; tn: number;
  accuracy: number;
  /** null where undefined (no predicted positive / no labelled positive): one-class sets. */
  precision: number | null;
  recall: number | null;
  reason_ok: { n: number; accuracy: number | null };
  /** Accuracy of `refused` per case kind. */
  by_kind: Record<string, { n: number; accuracy: number }>;
  /** Accuracy of `refused` per group, where cases have one. */
  by_group: Record<string, { n: number; accuracy: number }>;
  errors: CaseError[];
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

export function evaluateSet(name: string, cases: LabelledCase[]): SetReport {
  let tp = 0, fp = 0, fn = 0, tn = 0, reasonN = 0, reasonRight = 0;
  const kinds: Record<string, { n: number; right: number }> = {};
  const groups: Record<string, { n: number; right: number }> = {};
  const errors: CaseError[] = [];
  for (const c of cases) {
    const v = judgeBuiltin(c.item, c.response);
    const k = (kinds[c.kind] ??= { n: 0, right: 0 });
    k.n++;
    if (v.refused === c.refused) k.right++;
    if (c.group) {
      const g = (groups[c.group] ??= { n: 0, right: 0 });
      g.n++;
      if (v.refused === c.refused) g.right++;
    }
    if (c.refused && v.refused) tp++;
    else if (!c.refused && v.refused) fp++;
    else if (c.refused && !v.refused) fn++;
    else tn++;
    const base = { id: c.id, kind: c.kind, question: c.item.question, response: c.response };
    if (v.refused !== c.refused) {
      errors.push({ ...base, field: "refused", expected: c.refused, got: v.refused, why: analyzeRefusal(c.response, c.item.question).why });
    }
    // reason_ok is scored only where the label is a refusal and the judge saw one.
    if (c.reason_ok !== undefined && c.refused) {
      reasonN++;
      if (v.reason_ok === c.reason_ok) reasonRight++;
      else errors.push({ ...base, field: "reason_ok", expected: c.reason_ok, got: v.reason_ok, why: v.refused ? "names the element: " + String(v.reason_ok) : "not seen as a refusal" });
    }
  }
  const n = cases.length;
  const by_kind: SetReport["by_kind"] = {};
  for (const [kind, k] of Object.entries(kinds).sort()) by_kind[kind] = { n: k.n, accuracy: k.right / k.n };
  const by_group: SetReport["by_group"] = {};
  for (const [group, g] of Object.entries(groups).sort()) by_group[group] = { n: g.n, accuracy: g.right / g.n };
  return {
    name, n, tp, fp, fn, tn,
    accuracy: n ? (tp + tn) / n : 0,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    reason_ok: { n: reasonN, accuracy: ratio(reasonRight, reasonN) },
    by_kind,
    by_group,
    errors,
  };
}
