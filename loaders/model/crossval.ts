// Cross-validation grouped by video: the public videos are split into folds (by a hash of the video id);
// for each fold a model is trained exactly as `npm run train` does, but with the scene facts of the other
// folds' videos only, and answers the public items (questions and twins) of the fold's videos. The pooled
// answers measure what the recipe does on videos whose facts it never saw, the situation of other videos.
import type { Item } from "../items/schema.ts";
import { nodeOrt } from "./node.ts";
import { loadModel } from "./runtime.ts";
import { trainingExamples, type VideoFacts } from "./train/data.ts";
import { trainModel } from "./train/train.ts";

/** The fold of a video: FNV-1a of its id, modulo the number of folds. */
export function foldOf(video: string, folds: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < video.length; i++) h = Math.imul(h ^ video.charCodeAt(i), 0x01000193) >>> 0;
  return h % folds;
}

export interface CrossValidation {
  /** Item id -> the response of the model that did not see its video's facts. */
  responses: Map<string, string>;
  folds: Array<{ fold: number; videos: number; items: number; examples: number; seconds: number }>;
}

export async function crossValidate(items: readonly Item[], facts: readonly VideoFacts[], options: {
  folds: number; seed: number; epochs?: number; log?: (line: string) => void;
}): Promise<CrossValidation> {
  const log = options.log ?? (() => {});
  const responses = new Map<string, string>();
  const folds: CrossValidation["folds"] = [];
  for (let fold = 0; fold < options.folds; fold++) {
    const started = performance.now();
    const test = items.filter((item) => foldOf(item.video, options.folds) === fold);
    const trainFacts = facts.filter((f) => foldOf(f.video, options.folds) !== fold);
    const examples = await trainingExamples({ seed: options.seed, facts: trainFacts });
    const { bytes } = trainModel(examples, { seed: options.seed, ...(options.epochs !== undefined ? { epochs: options.epochs } : {}) });
    const model = await loadModel(nodeOrt(), bytes);
    const verdicts = await model.predict(test.map((item) => ({ question: item.question, scene: item.scene ?? { objects: [], relations: [], triples: [], attributes: [], captions: [] } })));
    await model.release();
    test.forEach((item, i) => responses.set(item.id, verdicts[i]!.response));
    const seconds = (performance.now() - started) / 1000;
    const videos = new Set(test.map((item) => item.video)).size;
    folds.push({ fold, videos, items: test.length, examples: examples.length, seconds });
    log(`fold ${fold + 1}/${options.folds}: ${videos} videos, ${test.length} items held out; trained on ${examples.length} examples in ${seconds.toFixed(0)} s`);
  }
  return { responses, folds };
}
