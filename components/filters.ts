// The filter bar's model (pure): which runs and which items a view shows, read from and written to the URL.
// Run facets (model, prompt, variant) choose runs; item facets (dataset, category) and "split by" choose the
// slices the scores are read from: a precomputed slice of the report when one matches, otherwise a filter
// slice (docs/report-data.md, "Ad-hoc slices") that the page computes in a worker.
import { checkState, type Checked, type QueryState } from "./url-state.js";

export const FACETS = ["dataset", "model", "prompt", "variant", "category"] as const;
export type Facet = (typeof FACETS)[number];
/** The query keys the filter bar owns, in the order links are written. */
export const FILTER_KEYS = [...FACETS, "by"] as const;

/** `null`: no filter (everything); `[]`: nothing selected. */
export type Filters = Record<Facet, string[] | null> & { by: string | null };

export type Domains = Record<Facet, readonly string[]> & { by: readonly string[] };

export interface RunLike {
  id: string;
  model: string;
  prompt: string;
  variant: string;
  baseline: string | null;
  /** Comma-joined dataset ids the run covers (runs.json). */
  dataset: string | null;
}

const uniq = (values: Iterable<string>) => [...new Set(values)];

/** The values each facet can take in this report, in the runs' order (the config's). */
export function domainsOf(runs: readonly RunLike[], datasets: readonly string[], categories: readonly string[], splitFields: readonly string[]): Domains {
  return {
    dataset: uniq(datasets),
    model: uniq(runs.map((r) => r.model)),
    prompt: uniq(runs.map((r) => r.prompt)),
    variant: uniq(runs.map((r) => r.variant)),
    category: uniq(categories),
    by: uniq(splitFields),
  };
}

export function noFilters(): Filters {
  return { dataset: null, model: null, prompt: null, variant: null, category: null, by: null };
}

/** Reads the filters from the URL state; values the report lacks are reported in `checked`, not dropped silently. */
export function filtersFromState(state: Readonly<QueryState>, domains: Domains, pageKeys: Readonly<Record<string, readonly string[] | null>> = {}): { filters: Filters; checked: Checked } {
  const checked = checkState(state, { ...domains, ...pageKeys });
  const filters = noFilters();
  for (const facet of FACETS) {
    const values = checked.state[facet];
    if (values === undefined) continue;
    // Keep the domain's order, so the same selection always gives the same link and slice.
    filters[facet] = domains[facet].filter((v) => values.includes(v));
    // A link that named only unknown values selects nothing it can show: treat it as no filter, and say so.
    if (!filters[facet]!.length && state[facet]!.length) filters[facet] = null;
  }
  const by = checked.state.by?.[0];
  filters.by = by ?? null;
  return { filters, checked };
}

/** Every value selected is the same as no filter: normalised to `null` so the link stays short. */
export function normalise(filters: Filters, domains: Domains): Filters {
  const out = { ...filters };
  for (const facet of FACETS) {
    const values = out[facet];
    if (values && values.length === domains[facet].length && domains[facet].every((v) => values.includes(v))) out[facet] = null;
  }
  return out;
}

/** The URL patch for these filters (`null` removes a key). */
export function stateOf(filters: Filters): Record<string, string[] | null> {
  const patch: Record<string, string[] | null> = {};
  for (const facet of FACETS) patch[facet] = filters[facet];
  patch.by = filters.by ? [filters.by] : null;
  return patch;
}

const pick = (list: readonly string[] | null, value: string | null) => list === null || (value !== null && list.includes(value));

/** Runs the run facets keep; a run's datasets must meet the dataset facet. */
export function selectRuns<R extends RunLike>(runs: readonly R[], filters: Filters): R[] {
  return runs.filter((run) => pick(filters.model, run.model) && pick(filters.prompt, run.prompt) && pick(filters.variant, run.variant)
    && (filters.dataset === null || (run.dataset ?? "").split(",").some((d) => filters.dataset!.includes(d))));
}

// ---- slices ---------------------------------------------------------------------------------------------------

/** Fields in this order first in a filter slice's canonical form (the same order as loaders/metrics). */
export const SLICE_FIELD_ORDER = ["dataset", "category", "question_type", "source", "flags"];

/**
 * The canonical filter slice `field=v1,v2&field2=v3`: fields in SLICE_FIELD_ORDER then alphabetically, values
 * sorted and percent-encoded. Pinned to loaders/metrics' canonical form by tests/site/contract.test.ts.
 */
export function sliceExpression(conditions: Readonly<Record<string, readonly string[]>>): string {
  const rank = (f: string) => (SLICE_FIELD_ORDER.includes(f) ? SLICE_FIELD_ORDER.indexOf(f) : SLICE_FIELD_ORDER.length);
  const fields = Object.keys(conditions).filter((f) => conditions[f]!.length)
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return fields.map((f) => `${encodeURIComponent(f)}=${[...new Set(conditions[f]!)].sort().map(encodeURIComponent).join(",")}`).join("&");
}

export interface SliceSpec {
  /** The slice name in scores (precomputed) or the filter slice expression (ad hoc). */
  slice: string;
  /** True when the report does not hold this slice: the page computes it. */
  adhoc: boolean;
  /** The split value this spec is for (null without "split by"). */
  split: string | null;
  /** What a reader sees: "all items", "object", "question_type: what" ... */
  label: string;
}

/** The item conditions of the filters (dataset and category facets). */
export function itemConditions(filters: Filters): Record<string, string[]> {
  const conditions: Record<string, string[]> = {};
  if (filters.dataset !== null) conditions.dataset = [...filters.dataset];
  if (filters.category !== null) conditions.category = [...filters.category];
  return conditions;
}

/**
 * The slices a view reads for these filters: one, or one per split value. A precomputed slice is used when it
 * holds exactly the filtered items (`all`, `category:<c>`, `<field>:<v>`), otherwise a filter slice.
 */
export function sliceSpecs(filters: Filters, precomputed: ReadonlySet<string>, splitValues: readonly string[] = []): SliceSpec[] {
  const base = itemConditions(filters);
  const single = (conditions: Record<string, string[]>): string | null => {
    const fields = Object.keys(conditions);
    if (fields.length === 0) return "all";
    if (fields.length === 1 && conditions[fields[0]!]!.length === 1) {
      const name = `${fields[0]}:${conditions[fields[0]!]![0]}`;
      return precomputed.has(name) ? name : null;
    }
    return null;
  };
  const spec = (conditions: Record<string, string[]>, split: string | null, label: string): SliceSpec => {
    const known = single(conditions);
    return known !== null ? { slice: known, adhoc: false, split, label } : { slice: sliceExpression(conditions), adhoc: true, split, label };
  };
  const filterLabel = Object.keys(base).length ? Object.entries(base).map(([f, v]) => `${f}: ${v.join(", ") || "none"}`).join("; ") : "all items";
  if (!filters.by) return [spec(base, null, filterLabel)];
  return splitValues.map((value) => {
    const conditions = { ...base };
    // Splitting by a field the filter also names keeps only the split values the filter allows.
    conditions[filters.by!] = base[filters.by!] ? base[filters.by!]!.filter((v) => v === value) : [value];
    return spec(conditions, value, `${filters.by}: ${value}`);
  }).filter((s, i) => !base[filters.by!] || base[filters.by!]!.includes(splitValues[i]!));
}

/** Values of a split field, read from the precomputed slice names (`field:value`). */
export function splitValuesFromSlices(slices: Iterable<string>, field: string): string[] {
  const prefix = `${field}:`;
  return uniq([...slices].filter((s) => s.startsWith(prefix)).map((s) => s.slice(prefix.length)));
}
