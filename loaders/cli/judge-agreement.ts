// `uvqa judge-agreement --items <file.jsonl> --a <judged.jsonl> --b <judged.jsonl> --out <dir> [--runs <file.json>]`:
// two judges over the same responses (outputs of `uvqa judge`). Writes agreement.json (confusion matrices,
// Cohen's kappa, every metric under each judge with flags) and disagreements.parquet / .arrow (for a page).
import type { Command } from "commander";
import { readItemsJsonl } from "../datasets/items-jsonl.ts";
import { bootstrapOptions, scoreOptions } from "./args.ts";
import { invalid } from "../errors.ts";
import { isFailureRow, type Judgment } from "../items/records.ts";
import { Item } from "../items/schema.ts";
import { compareJudges, type AgreementResult } from "../judges/agreement.ts";
import { isImported, judgePredictions } from "../judges/builtin.ts";
import { checkPredictions } from "../pipeline/score.ts";
import { checkOutputFolder, writeFolder } from "../storage/folder.ts";
import { toArrowStream, toParquet, type TableSpec } from "../storage/tables.ts";
import { readLocatedPredictions, readRunsFile } from "./score.ts";

export const DISAGREEMENT_TABLE: TableSpec = {
  run: "category", item: "string", category: "category", field: "category",
  a_refused: "bool", b_refused: "bool", a_correct: "bool", b_correct: "bool",
  a_score: "double", b_score: "double", a_error: "string", b_error: "string",
  question: "string", reference: "string", response: "string",
};

/**
 * Judged rows as written by `uvqa judge`; a row without a judgment is an error naming its line. Failure rows
 * (no response, passed through unjudged by `uvqa judge`) are left out, as `uvqa score` leaves them out.
 */
export async function readJudged(file: string, items: Map<string, Item>): Promise<{ judgments: Judgment[]; responses: Map<string, string> }> {
  const all = await readLocatedPredictions(file);
  checkPredictions(items, all);
  const located = all.filter(({ prediction }) => !isFailureRow(prediction));
  const responses = new Map<string, string>();
  for (const { prediction: value, loc } of located) {
    if (!isImported(value)) throw invalid("refused", value.refused ?? null, loc);
    if (typeof value.response === "string") responses.set(`${value.run}\u0000${value.item}`, value.response);
  }
  const lines = located.map(({ loc }) => ("line" in loc ? loc.line : 0));
  return { judgments: judgePredictions(items, located.map((l) => l.prediction), { file, lineOf: (i) => lines[i]! }), responses };
}

export function agreementSummary(result: AgreementResult): Record<string, unknown> {
  const { disagreements, ...rest } = result;
  return {
    ...rest,
    disagreements: disagreements.length,
    disagreements_by_field: disagreements.reduce<Record<string, number>>((acc, d) => ({ ...acc, [d.field]: (acc[d.field] ?? 0) + 1 }), {}),
    flagged_metrics: result.metrics.filter((m) => m.flagged).length,
  };
}

export function register(program: Command): void {
  bootstrapOptions(program
    .command("judge-agreement")
    .description("agreement of two judges over the same responses: confusion matrices, Cohen's kappa, disagreements, metrics under each")
    .requiredOption("--items <file.jsonl>", "items, one per line")
    .requiredOption("--a <judged.jsonl>", "judged predictions (uvqa judge output), judge A")
    .requiredOption("--b <judged.jsonl>", "judged predictions of the same responses, judge B")
    .requiredOption("--out <dir>", "output directory, replaced whole")
    .option("--runs <file.json>", 'runs: [{"id", "model", "prompt", "variant", "baseline"?}]'), false)
    .action(async (options) => {
      await checkOutputFolder(options.out);
      const itemList = await readItemsJsonl(options.items);
      const items = new Map(itemList.map((item) => [item.id, item]));
      const a = await readJudged(options.a, items);
      const b = await readJudged(options.b, items);
      const runs = options.runs ? await readRunsFile(options.runs) : [];
      const result = compareJudges(itemList, a.judgments, b.judgments, { runs, score: scoreOptions(options) });
      const rows = result.disagreements.map((d) => {
        const item = items.get(d.item)!;
        const k = `${d.run}\u0000${d.item}`;
        return { ...d, question: item.question, reference: item.reference, response: a.responses.get(k) ?? b.responses.get(k) ?? null };
      });
      await writeFolder(options.out, {
        "agreement.json": JSON.stringify(agreementSummary(result), null, 2) + "\n",
        "disagreements.parquet": toParquet(rows, DISAGREEMENT_TABLE),
        "disagreements.arrow": toArrowStream(rows, DISAGREEMENT_TABLE),
      });
      const k = (x: number | null) => (x === null ? "undefined" : x.toFixed(3));
      process.stderr.write(
        `${result.judge_a} vs ${result.judge_b}: ${result.n} responses; refused kappa ${k(result.refused.kappa)}, correct kappa ${k(result.correct.kappa)}; ` +
        `${result.disagreements.length} disagreement(s); ${result.metrics.filter((m) => m.flagged).length} metric(s) flagged -> ${options.out}\n`,
      );
    });
}
