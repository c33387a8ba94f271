// The fields the report precomputes slices for (besides "all" and "category:<c>"): `dataset` when there
// are several datasets, then `question_type`, `source` and `flags` where some item has them.
import type { Item } from "../items/schema.ts";
import { scoreRuns } from "../metrics/index.ts";

/** The scalar item fields the report slices by, in this order (after `dataset`). */
export const REPORT_SLICE_FIELDS = ["question_type", "source"] as const;

let arraySlices: boolean | undefined;

/**
 * Whether loaders/metrics slices by an array field the way the report needs for `flags` (an item with
 * several flags is in each flag's slice). Asked of scoreRuns itself on a one-item example, so the report
 * switches `flags` on by itself once metrics supports it (until then a flags list would be one slice).
 */
export function slicesByArrayFields(): boolean {
  if (arraySlices === undefined) {
    const { scores } = scoreRuns(
      [{ id: "x", category: "answerable", flags: ["a", "b"] }],
      [{ run: "r", item: "x", refused: false, correct: true, score: null, score_kind: null }],
      [], { resamples: 0, sliceFields: ["flags"] },
    );
    const slices = new Set(scores.map((s) => s.slice));
    arraySlices = slices.has("flags:a") && slices.has("flags:b") && !slices.has("flags:a,b");
  }
  return arraySlices;
}

const has = (value: unknown) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);

/** The report's slice fields for these items (loaded from `datasets` datasets). */
export function reportSliceFields(items: readonly Item[], datasets: number): string[] {
  const fields: string[] = datasets > 1 ? ["dataset"] : [];
  for (const field of REPORT_SLICE_FIELDS) if (items.some((item) => has(item[field]))) fields.push(field);
  if (items.some((item) => has(item.flags)) && slicesByArrayFields()) fields.push("flags");
  return fields;
}
