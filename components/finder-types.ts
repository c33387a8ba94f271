// The shapes the slice worker's finder and pair-list messages exchange (workers/slices.worker.ts), as the pages
// read them. They mirror loaders/metrics (FinderOptions, FinderRow, DifferenceRow; pair classes) without importing
// it, since page modules cannot import from loaders/; worker-finder.ts returns these types, so the type check
// holds them to the loaders' own.

/** Options of a finder request (loaders/metrics/slice-finder.ts#FinderOptions). */
export interface FindOptions {
  fields?: string[];
  pairs?: boolean;
  minSupport?: number;
  level?: number;
}

/** One run's over- or under-refusal, or where two runs differ (b minus a). */
export type FindRequest =
  | ({ kind: "over_refusal" | "under_refusal"; run: string } & FindOptions)
  | ({ kind: "difference"; a: string; b: string; outcome?: "correct" | "refused" } & FindOptions);

export type FindKind = FindRequest["kind"];

/** A finder row (README, "Slice finder"); `mcnemar_b`/`mcnemar_c` only for two runs. */
export interface FoundRow {
  fields: string[];
  values: string[];
  /** The slice as a filter expression in canonical form. */
  slice: string;
  n: number;
  count: number;
  rate: number;
  ci_low: number;
  ci_high: number;
  baseline: number;
  lift: number | null;
  p: number;
  q: number;
  mcnemar_b?: number;
  mcnemar_c?: number;
}

/** The four pair classes (README, "Twin pairs"), as the URL names them. */
export type PairClassName = "apart" | "refuse_both" | "answer_both" | "other";

/** One twin pair of a run: its unanswerable item u, its answerable twin t (item indices), their outcomes, its class. */
export interface PairListRow {
  u: number;
  t: number;
  /** Their item ids, and the unanswerable item's category. */
  u_id: string;
  t_id: string;
  category: string;
  u_outcome: string;
  t_outcome: string;
  class: PairClassName;
  /** Either judgment failed (the pair counts in pair_other and in judge_failures). */
  failed: boolean;
}
