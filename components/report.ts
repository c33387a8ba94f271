// The report as every analysis page reads it first: meta, runs, precomputed scores and the paper's rows, plus
// what the filter bar needs to know about them (facet values, slices, split fields). Pure.
import { domainsOf, splitValuesFromSlices, type Domains } from "./filters.js";
import { CATEGORIES, plainRecords, toReferenceRows, toRunRows, toScoreRows, type ReferenceRow, type RunRow, type ScoreRow } from "./scores.js";
import type { MetaLike } from "./provenance.js";

export interface ReportMeta extends MetaLike {
  reproduce: string;
  slice_fields?: string[];
  inference_failures?: Record<string, number>;
  inputs?: string;
}

export interface Report {
  meta: ReportMeta;
  runs: RunRow[];
  scores: ScoreRow[];
  reference: ReferenceRow[];
  /** Every precomputed slice name. */
  slices: Set<string>;
  /** Datasets that were loaded (skipped ones left out). */
  datasets: string[];
  /** Categories present in the report, in the paper's order. */
  categories: string[];
  /** Item fields with precomputed slices ("category" first). */
  splitFields: string[];
}

export function reportOf(parts: { meta: ReportMeta; runs: Iterable<unknown>; scores: Iterable<unknown>; reference: Iterable<unknown> }): Report {
  const scores = toScoreRows(plainRecords(parts.scores));
  const slices = new Set(scores.map((s) => s.slice));
  const fields = [...new Set([...slices].filter((s) => s !== "all" && s.includes(":")).map((s) => s.slice(0, s.indexOf(":"))))];
  return {
    meta: parts.meta,
    runs: toRunRows(plainRecords(parts.runs)),
    scores,
    reference: toReferenceRows(plainRecords(parts.reference)),
    slices,
    datasets: parts.meta.datasets.filter((d) => !d.skipped).map((d) => d.id),
    categories: CATEGORIES.filter((c) => slices.has(`category:${c}`)),
    splitFields: ["category", ...fields.filter((f) => f !== "category").sort()],
  };
}

export function reportDomains(report: Report): Domains {
  return domainsOf(report.runs, report.datasets, report.categories, report.splitFields);
}

/** The values of a split field in this report (categories in the paper's order). */
export function splitValues(report: Report, field: string): string[] {
  if (field === "category") return report.categories;
  return splitValuesFromSlices(report.slices, field).sort();
}
