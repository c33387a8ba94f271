// Which items the model panel (/model) holds: all of them up to a limit, else that many spread evenly over the
// item list (every dataset and category keeps its share, since the list runs dataset by dataset).
import { invalid } from "../errors.ts";

export const DEFAULT_PANEL_ITEMS = 5000;

/** UVQA_MODEL_PANEL_ITEMS: a positive whole number; unset or empty gives the default. */
export function panelLimit(value: string | undefined): number {
  if (value === undefined || value === "") return DEFAULT_PANEL_ITEMS;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw invalid("UVQA_MODEL_PANEL_ITEMS", value, { file: "environment" });
  return n;
}

/** `limit` of `items` at evenly spaced positions, in their order (all of them when they fit). */
export function spread<T>(items: readonly T[], limit: number): T[] {
  if (items.length <= limit) return [...items];
  return Array.from({ length: limit }, (_, k) => items[Math.floor((k * items.length) / limit)]!);
}
