// What `uvqa model-eval` computes and prints (loaders/cli/model-eval.ts loads it when the command runs):
// the learned model and the rule set side by side on the public UVQA items with their answerable twins,
// under the paper's instruction, judged by the built-in judge: F1, S_acc, false refusals on the twins,
// refusals per category and on the edited-question items apart, with intervals; then the learned recipe
// cross-validated with folds grouped by video. It reports; its exit status does not depend on the target.
import { readUvqaDir } from "../datasets/index.ts";
import { withTwins } from "../generate/twins.ts";
import { BUILTIN_JUDGE_ID } from "../judges/builtin.ts";
import type { Item } from "../items/schema.ts";
import { crossValidate } from "./crossval.ts";
import { formatScores, scoreModels, type ModelScores } from "./evaluate.ts";
import { MODEL_PATH } from "./files.ts";
import { loadNodeModel } from "./node.ts";
import { publicFacts } from "./train/data.ts";
import { PAPER_INSTRUCTION } from "../prompts/index.ts";
import { respond } from "../responders/index.ts";
import { defaultDataDir } from "../cli/judge-eval.ts";

export const RULE_SET_RUN = "rule set";
export const LEARNED_RUN = "learned model";
export const TARGET = { f1: 0.9, falseRefusals: 0.08 };

export interface ModelEvalOptions {
  uvqa?: string;
  model?: string;
  folds: number;
  cvEpochs: number;
  resamples: number;
  seed?: number;
}

const EMPTY = { objects: [], relations: [], triples: [], attributes: [], captions: [] };

export interface ModelEvalReport {
  data: string;
  judge: string;
  model: { file: string; sha256: string };
  items: { total: number; unanswerable: number; twins: number; edited: number };
  models: ModelScores[];
  cross_validation: { folds: number; epochs: number; scores: ModelScores[]; fold_sizes: Array<{ fold: number; videos: number; items: number; examples: number; seconds: number }> } | null;
  target: { f1: number; false_refusals: number; reached: boolean; cross_validation_reached: boolean | null };
}

export async function runModelEval(options: ModelEvalOptions, log: (line: string) => void = () => {}): Promise<ModelEvalReport> {
  const dir = options.uvqa ?? defaultDataDir();
  const items: Item[] = withTwins((await readUvqaDir(dir)).items);
  const ruleSet = new Map(items.map((item) => [item.id, respond({ question: item.question, scene: item.scene ?? EMPTY, instruction: PAPER_INSTRUCTION })]));
  const model = await loadNodeModel(options.model ?? MODEL_PATH);
  const verdicts = await model.predict(items.map((item) => ({ question: item.question, scene: item.scene ?? EMPTY })));
  const learned = new Map(items.map((item, i) => [item.id, verdicts[i]!.response]));
  const bootstrap = { resamples: options.resamples, ...(options.seed !== undefined ? { seed: options.seed } : {}) };
  const models = scoreModels(items, new Map([[RULE_SET_RUN, ruleSet], [LEARNED_RUN, learned]]), bootstrap);
  let crossValidation: ModelEvalReport["cross_validation"] = null;
  if (options.folds > 1) {
    const facts = await publicFacts(dir);
    const seed = Number(model.metadata.seed);
    const cv = await crossValidate(items, facts, { folds: options.folds, seed: Number.isFinite(seed) ? seed : 0, epochs: options.cvEpochs, log });
    crossValidation = {
      folds: options.folds, epochs: options.cvEpochs,
      scores: scoreModels(items, new Map([[RULE_SET_RUN, ruleSet], [`${LEARNED_RUN} (cv)`, cv.responses]]), bootstrap),
      fold_sizes: cv.folds,
    };
  }
  const reached = (m: ModelScores | undefined) => m !== undefined && m.f1.value >= TARGET.f1 && m.false_refusals.value <= TARGET.falseRefusals;
  return {
    data: dir,
    judge: BUILTIN_JUDGE_ID,
    model: { file: model.file, sha256: model.sha256 },
    items: {
      total: items.length,
      unanswerable: items.filter((i) => i.category !== "answerable").length,
      twins: items.filter((i) => i.category === "answerable").length,
      edited: items.filter((i) => (i.flags ?? []).includes("edited-question")).length,
    },
    models,
    cross_validation: crossValidation,
    target: {
      f1: TARGET.f1, false_refusals: TARGET.falseRefusals,
      reached: reached(models[1]),
      cross_validation_reached: crossValidation ? reached(crossValidation.scores[1]) : null,
    },
  };
}

export function formatModelEval(report: ModelEvalReport): string {
  const yes = (b: boolean) => (b ? "reached" : "not reached");
  const lines = [
    `uvqa model-eval: ${report.items.total} public items from ${report.data} (${report.items.unanswerable} unanswerable, ${report.items.edited} of them edited-question; ${report.items.twins} answerable twins)`,
    `prompt: the paper's instruction; judge: ${report.judge}; model: ${report.model.file} (sha256 ${report.model.sha256.slice(0, 12)})`,
    `intervals: F1 and S_acc 95% bootstrap (stratified by category); rates 95% Wilson`,
    "",
    formatScores("committed model (trained with these videos' scene facts, never their questions):", report.models),
  ];
  if (report.cross_validation) {
    const cv = report.cross_validation;
    lines.push("", formatScores(`cross-validation, ${cv.folds} folds grouped by video (each fold's model trained without its videos' facts, ${cv.epochs} epochs):`, cv.scores));
  }
  lines.push("", `target F1 >= ${report.target.f1} with false refusals <= ${(report.target.false_refusals * 100).toFixed(0)}%: committed model ${yes(report.target.reached)}`
    + (report.target.cross_validation_reached === null ? "" : `; cross-validation ${yes(report.target.cross_validation_reached)}`));
  return lines.join("\n") + "\n";
}

