// The hand-written part of the sample data (data/hand-written.jsonl): questions the project wrote about its
// own scene graphs in the style of the real hand-edited UVQA questions (the perturbed element paraphrased
// or implied, answerable questions that mention absent things in passing, typos). Never training data: the
// learned model's training set is made by the generator alone (loaders/model/train/data.ts).
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { invalid } from "../errors.ts";
import { Category, Perturbation, type Item } from "../items/schema.ts";
import { parseJsonlLines, readText } from "../storage/jsonl.ts";
import { sceneOf, type SceneGraph } from "./scene-graph.ts";

export const HAND_WRITTEN_FILE = fileURLToPath(new URL("../../data/hand-written.jsonl", import.meta.url));
export const HAND_WRITTEN_SOURCE = "hand-written";

export const HandWrittenItem = z.object({
  id: z.string().min(1),
  /** The scene graph the question is about. */
  scene: z.string().min(1),
  category: Category,
  question: z.string().min(1),
  reference: z.string().min(1),
  perturbation: Perturbation.optional(),
}).strict();

/** The hand-written items, each with its scene graph's facts; an unknown scene id or a duplicate id is an error. */
export async function readHandWritten(graphs: readonly SceneGraph[], file: string = HAND_WRITTEN_FILE, dataset = "sample"): Promise<Item[]> {
  const byId = new Map(graphs.map((g) => [g.id, g]));
  const seen = new Set<string>();
  return parseJsonlLines(await readText(file), HandWrittenItem, file).map(({ value, line }) => {
    const graph = byId.get(value.scene);
    if (!graph) throw invalid("scene", value.scene, { file, line });
    if (seen.has(value.id)) throw invalid("id", value.id, { file, line });
    seen.add(value.id);
    if ((value.category === "answerable") !== (value.perturbation === undefined)) throw invalid("perturbation", value.perturbation ?? null, { file, line });
    const { scene: _scene, ...rest } = value;
    return { ...rest, dataset, video: graph.id, scene: sceneOf(graph), source: HAND_WRITTEN_SOURCE, question_type: "hand-written" };
  });
}
