// The built-in judge on a batch of items and every run's responses to them, as plain data: the report splits
// its items in two such batches, one judged here and one in a worker thread (pipeline/worker.ts).
import { judgeBuiltin } from "../judges/builtin.ts";
import type { Item } from "../items/schema.ts";

export interface BuiltinBatch {
  items: Item[];
  /** Per run: each judged response's item (an index into `items`) and its text. */
  runs: Array<{ item: Int32Array; response: string[] }>;
}

/** Per run of a batch, per response (in the batch's order): codes 1 true, 0 false, -1 null, and match_score. */
export interface BuiltinVerdicts {
  refused: Int8Array;
  correct: Int8Array;
  reasonOk: Int8Array;
  score: Float64Array;
}

/** A judgment's boolean as a column code: 1 true, 0 false, -1 null (or absent). */
export const code = (value: boolean | null | undefined) => (value === true ? 1 : value === false ? 0 : -1);

/**
 * Item by item (all runs' responses to an item one after another, so what the judge derives from the item's
 * question and reference is computed once, not once per run). The same verdicts in any order.
 */
export function judgeBuiltinBatch(batch: BuiltinBatch): BuiltinVerdicts[] {
  const { items, runs } = batch;
  const outs = runs.map(({ item }) => ({
    refused: new Int8Array(item.length), correct: new Int8Array(item.length), reasonOk: new Int8Array(item.length),
    score: new Float64Array(item.length),
  }));
  // Per run, per item of the batch: its response (-1: none).
  const at = runs.map(({ item }) => {
    const byItem = new Int32Array(items.length).fill(-1);
    for (let k = 0; k < item.length; k++) byItem[item[k]!] = k;
    return byItem;
  });
  for (let i = 0; i < items.length; i++) {
    for (let r = 0; r < runs.length; r++) {
      const k = at[r]![i]!;
      if (k < 0) continue;
      const v = judgeBuiltin(items[i]!, runs[r]!.response[k]!);
      const out = outs[r]!;
      out.refused[k] = code(v.refused);
      out.correct[k] = code(v.correct);
      out.reasonOk[k] = code(v.reason_ok);
      out.score[k] = v.match_score;
    }
  }
  return outs;
}

/**
 * judgeBuiltinBatch on the batch posted to the job (pipeline/worker.ts): the worker starts, loading the judge,
 * before the batch is ready. No verdicts if the inbox ends first.
 */
export async function judgePostedBatch(inbox: AsyncIterable<BuiltinBatch>): Promise<BuiltinVerdicts[]> {
  for await (const batch of inbox) return judgeBuiltinBatch(batch);
  return [];
}
