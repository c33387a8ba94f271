// Pure helpers of the page bench (bench/pages.bench.ts): the sizes to measure (PAGES_N), percentiles, the walk of
// filter states that the build did not precompute, and the printed rows. No I/O here; tested in
// tests/bench/page-stats.test.ts.

/** One size the page bench measures: the repository's own build, or N generated responses. */
export type PageSize = { kind: "default" } | { kind: "generated"; responses: number };

/** Default when PAGES_N is unset: the default build, then 1M responses. */
export const DEFAULT_PAGES_N = "default,1000000";

/**
 * PAGES_N: a comma-separated list of sizes, each `default` (the repository's own `npm run build`, no generation) or
 * a number of responses (`100000`, `1e6`, `1_000_000`). Throws `invalid PAGES_N: <value>` on anything else.
 */
export function parsePagesN(value: string | undefined): PageSize[] {
  const text = value === undefined || value.trim() === "" ? DEFAULT_PAGES_N : value;
  const sizes: PageSize[] = [];
  for (const part of text.split(",").map((p) => p.trim())) {
    if (part === "default") {
      sizes.push({ kind: "default" });
      continue;
    }
    const n = /^[0-9][0-9_]*(\.[0-9]+)?(e[0-9]+)?$/i.test(part) ? Number(part.replace(/_/g, "")) : NaN;
    if (!Number.isInteger(n) || n < 1) throw new Error(`invalid PAGES_N: ${value}`);
    sizes.push({ kind: "generated", responses: n });
  }
  return sizes;
}

/** Items per run for `responses` responses over `runs` runs (the generator rounds items up to groups of five). */
export function itemsFor(responses: number, runs: number): number {
  return Math.max(5, Math.round(responses / runs));
}

/**
 * The p-th percentile (0..100) of `values`, linear between closest ranks (numpy's default, "linear"): p50 of
 * [1, 2, 3, 4] is 2.5. NaN for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  if (p < 0 || p > 100) throw new Error(`invalid percentile: ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export const median = (values: readonly number[]) => percentile(values, 50);

/** Facet states of the filter bar: for each facet, the indexes of its checked options. */
export type FacetState = Record<string, number[]>;

/** The facets that restrict items (the others choose runs). */
export const ITEM_FACETS = ["dataset", "category"] as const;

/**
 * True when the filter bar's items condition has no precomputed slice, so the page scores it in the worker: two
 * or more item facets restricted, or one facet restricted to two or more (but not all) of its values. The build
 * precomputes `all` and every single `field:value` (docs/report-data.md).
 */
export function isAdhoc(state: FacetState, sizes: Record<string, number>): boolean {
  const restricted = ITEM_FACETS.filter((f) => sizes[f] !== undefined && state[f]!.length < sizes[f]!);
  if (restricted.length >= 2) return true;
  return restricted.length === 1 && state[restricted[0]!]!.length >= 2;
}

const keyOf = (state: FacetState) => JSON.stringify(Object.keys(state).sort().map((f) => [f, [...state[f]!].sort((a, b) => a - b)]));

export interface Toggle { facet: string; option: number }

/**
 * A walk of `steps` single checkbox toggles from every option checked, each step landing on a state not visited
 * before whose items condition is ad hoc (so neither the build's slices nor the worker's cache answer it), no
 * facet left empty. Item facets are toggled first; a model (or other run facet) toggle is used when no item
 * toggle leads anywhere new. Stops early when no step is possible.
 */
export function adhocWalk(sizes: Record<string, number>, steps: number, runFacets: readonly string[] = ["model"]): Toggle[] {
  const facets = [...ITEM_FACETS.filter((f) => (sizes[f] ?? 0) > 1), ...runFacets.filter((f) => (sizes[f] ?? 0) > 1)];
  let state: FacetState = Object.fromEntries(Object.entries(sizes).map(([f, n]) => [f, Array.from({ length: n }, (_, i) => i)]));
  const seen = new Set([keyOf(state)]);
  const out: Toggle[] = [];
  const toggled = (s: FacetState, t: Toggle): FacetState => {
    const has = s[t.facet]!.includes(t.option);
    return { ...s, [t.facet]: has ? s[t.facet]!.filter((o) => o !== t.option) : [...s[t.facet]!, t.option].sort((a, b) => a - b) };
  };
  while (out.length < steps) {
    let step: Toggle | null = null;
    for (const facet of facets) {
      for (let option = 0; option < sizes[facet]! && !step; option++) {
        const next = toggled(state, { facet, option });
        if (next[facet]!.length === 0 || seen.has(keyOf(next)) || !isAdhoc(next, sizes)) continue;
        step = { facet, option };
      }
      if (step) break;
    }
    if (!step) break;
    state = toggled(state, step);
    seen.add(keyOf(state));
    out.push(step);
  }
  return out;
}

/** Milliseconds as printed: whole ms from 10 ms up, one decimal below. */
export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return value >= 10 ? String(Math.round(value)) : value.toFixed(1);
}

/** "p50 / p95 (n)" of a list of ms. */
export function spread(values: readonly number[]): string {
  if (!values.length) return "–";
  return `p50 ${ms(percentile(values, 50))} / p95 ${ms(percentile(values, 95))} (n=${values.length})`;
}

/** Whether a measured figure meets its target ("<= 1000"), as printed beside it. */
export function verdict(value: number, limit: number | null): string {
  if (limit === null || !Number.isFinite(value)) return "";
  return value <= limit ? "met" : "missed";
}
