// The item categories of the paper, without zod: code bundled for the browser (loaders/metrics, through
// scripts/bundles.js) imports them from here, so the bundle does not carry the schema library.
export const CATEGORIES = ["answerable", "object", "relation", "attribute"] as const;
export const UNANSWERABLE_CATEGORIES = ["object", "relation", "attribute"] as const;
export type Category = (typeof CATEGORIES)[number];
export type UnanswerableCategory = (typeof UNANSWERABLE_CATEGORIES)[number];

export function isUnanswerable(category: Category): category is UnanswerableCategory {
  return category !== "answerable";
}
