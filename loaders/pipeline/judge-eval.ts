// judge-eval.json: the built-in judge's validation figures, the sets `uvqa judge-eval` measures, as rows.
// The project's hard set always; the public reference answers when their folder is given (UVQA_DATA_DIR).
import { readUvqaDir, readVcgbenchDir } from "../datasets/index.ts";
import { BUILTIN_JUDGE_ID } from "../judges/builtin.ts";
import { HardCase, evaluateSet, hardCaseToLabelled, referenceCases, type SetReport } from "../judges/validation.ts";
import { readJsonl } from "../storage/jsonl.ts";

/** A `uvqa judge-eval` set report as a row: the set's name as `set`, the judge, and the number of misjudged cases
 * (`uvqa judge-eval` lists them; the report keeps their number). */
export type JudgeEvalRow = Omit<SetReport, "name" | "errors"> & { judge: string; set: string; errors: number };

/** One `uvqa judge-eval` set report as a row. */
export function judgeEvalRow(report: SetReport, judge = BUILTIN_JUDGE_ID): JudgeEvalRow {
  const { name, errors, ...figures } = report;
  return { judge, set: name, ...figures, errors: errors.length };
}

/** The sets `uvqa judge-eval --uvqa <dir> --hardset <file>` measures (without `referencesDir`: the hard set only). */
export async function judgeEvalRows(options: { hardset: string; referencesDir?: string }): Promise<JudgeEvalRow[]> {
  const sets: SetReport[] = [];
  if (options.referencesDir) {
    const uvqa = await readUvqaDir(options.referencesDir);
    const vcg = await readVcgbenchDir(options.referencesDir);
    sets.push(evaluateSet("uvqa-reference-refusals", referenceCases(uvqa.items)));
    sets.push(evaluateSet("vcgbench-reference-answers", referenceCases(vcg.items)));
  }
  sets.push(evaluateSet("hardset", (await readJsonl(options.hardset, HardCase)).map(hardCaseToLabelled)));
  return sets.map((set) => judgeEvalRow(set));
}
