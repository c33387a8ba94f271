// An accepted generation -> an unanswerable item (category by perturbation kind) and, when the item's
// scene and perturbation say enough, its answerable twin (loaders/generate/twins.ts), paired both ways.
import { Item } from "../../items/schema.ts";
import { sceneOf } from "../scene-graph.ts";
import { twinQuestion } from "../twins.ts";
import type { Candidate } from "./candidates.ts";

export function generatedItems(candidate: Candidate, question: string, answer: string, dataset: string, model: string): Item[] {
  const { graph } = candidate;
  const id = `${dataset}/${candidate.id}`;
  const item: Item = {
    id,
    dataset,
    category: candidate.kind,
    video: graph.id,
    question,
    reference: answer,
    scene: sceneOf(graph),
    perturbation: {
      kind: candidate.kind,
      original: candidate.original,
      replaced_with: candidate.replacedWith,
      fact: candidate.perturbed,
      in_question: question.toLowerCase().includes(candidate.replacedWith.toLowerCase()),
    },
    question_type: "llm",
    source: graph.setting ?? "scene",
    flags: [`llm:${model}`],
  };
  const twin = twinQuestion(item);
  if (!twin) return [Item.parse(item)];
  const twinId = `${id}/twin`;
  return [
    Item.parse({ ...item, pair: twinId }),
    Item.parse({
      id: twinId, dataset, category: "answerable", video: graph.id, question: twin.question, reference: twin.reference,
      scene: item.scene, pair: id, question_type: twin.question_type, source: item.source, flags: ["twin"],
    }),
  ];
}
