// With two or more configured judges, the report holds what `uvqa judge-agreement` computes for the first
// (deciding) judge against each other one: agreement.json entries and the disagreement rows.
import { agreementSummary, DISAGREEMENT_TABLE } from "../cli/judge-agreement.ts";
import { compareJudges } from "../judges/agreement.ts";
import type { Judgment, Run } from "../items/records.ts";
import type { Item } from "../items/schema.ts";
import type { TableSpec } from "../storage/tables.ts";

/** disagreements.parquet / .arrow: the CLI's table with the two judges named. */
export const REPORT_DISAGREEMENTS: TableSpec = { judge_a: "category", judge_b: "category", ...DISAGREEMENT_TABLE };

export interface JudgeAgreementInput {
  items: readonly Item[];
  runs: readonly Run[];
  /** The deciding judge's judgments and each other judge's (1-based position in the config, from 2). */
  first: readonly Judgment[];
  other: { position: number; judgments: readonly Judgment[] };
  /** Response text per `${run}\u0000${item}`. */
  responses: ReadonlyMap<string, string>;
  resamples: number;
  seed?: number;
}

/** The file names holding judge k's judged predictions: `predictions.jsonl` for the first. */
export const judgedFile = (position: number) => (position === 1 ? "predictions.jsonl" : `predictions-${position}.jsonl`);

export function judgeAgreement(input: JudgeAgreementInput): { summary: Record<string, unknown>; rows: Record<string, unknown>[] } {
  const { items, runs, resamples, seed } = input;
  const result = compareJudges(items, input.first, input.other.judgments, { runs, score: { resamples, ...(seed !== undefined ? { seed } : {}), sliceFields: [] } });
  const byId = new Map(items.map((item) => [item.id, item]));
  const rows = result.disagreements.map((d) => {
    const item = byId.get(d.item)!;
    return {
      judge_a: result.judge_a, judge_b: result.judge_b, ...d, question: item.question, reference: item.reference,
      response: input.responses.get(`${d.run}\u0000${d.item}`) ?? null,
    };
  });
  const reproduce = [
    `uvqa judge-agreement --items items.jsonl --a ${judgedFile(1)} --b ${judgedFile(input.other.position)} --runs runs-input.json --out agreement-${input.other.position}/`,
    ...(resamples !== 1000 ? [`--resamples ${resamples}`] : []),
    ...(seed !== undefined ? [`--seed ${seed}`] : []),
  ].join(" ");
  return { summary: { judge: input.other.position, reproduce, ...agreementSummary(result) }, rows };
}
