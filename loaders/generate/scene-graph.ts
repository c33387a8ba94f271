// The project's scene-graph format (data/scenes/*.json): objects with a kind and attributes,
// relations as subject-predicate-object (object null for intransitive actions), one caption.
import { z } from "zod";
import { invalid, parseAt } from "../errors.ts";
import type { Scene } from "../items/schema.ts";
import { numberWord } from "./words.ts";
import type { Vocabulary } from "./vocabulary.ts";

export const SceneObject = z.object({
  name: z.string().min(1),
  kind: z.string().min(1),
  /** Attribute class -> value, e.g. {colour: "red", material: "wool"}. */
  attributes: z.record(z.string(), z.string().min(1)).default({}),
  /** How many of this object the scene shows (template "how many" questions). */
  count: z.number().int().min(1).default(1),
});
export type SceneObject = z.infer<typeof SceneObject>;

export const SceneRelation = z.object({
  subject: z.string().min(1),
  predicate: z.string().min(1),
  object: z.string().min(1).nullable(),
});
export type SceneRelation = z.infer<typeof SceneRelation>;

export const SceneGraph = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  caption: z.string().min(1),
  /** Where the scene is (kitchen, park, ...): a slice field of the generated items. */
  setting: z.string().min(1).optional(),
  objects: z.array(SceneObject).min(2),
  relations: z.array(SceneRelation).min(1),
});
export type SceneGraph = z.infer<typeof SceneGraph>;

/**
 * Parses one file's scene graphs (a JSON array, or one graph) and checks what zod cannot:
 * unique names, relations between known objects, kinds, predicates and attribute values the vocabulary knows.
 */
export function parseSceneGraphs(value: unknown, file: string, vocabulary: Vocabulary): SceneGraph[] {
  const records = Array.isArray(value) ? value : [value];
  return records.map((record, i) => {
    const loc = { file, record: i };
    const graph = parseAt(SceneGraph, record, loc);
    checkGraph(graph, vocabulary, loc);
    return graph;
  });
}

function checkGraph(graph: SceneGraph, vocabulary: Vocabulary, loc: { file: string; record: number }): void {
  const names = new Set<string>();
  const predicates = new Set(Object.values(vocabulary.predicates).flatMap((group) => group.members));
  graph.objects.forEach((object, j) => {
    if (names.has(object.name)) throw invalid(`objects.${j}.name`, object.name, loc);
    names.add(object.name);
    if (!vocabulary.kinds[object.kind]) throw invalid(`objects.${j}.kind`, object.kind, loc);
    for (const [cls, value] of Object.entries(object.attributes)) {
      if (!vocabulary.attributes[cls]?.includes(value)) throw invalid(`objects.${j}.attributes.${cls}`, value, loc);
    }
  });
  graph.relations.forEach((relation, j) => {
    if (!names.has(relation.subject)) throw invalid(`relations.${j}.subject`, relation.subject, loc);
    if (relation.object !== null && !names.has(relation.object)) throw invalid(`relations.${j}.object`, relation.object, loc);
    if (!predicates.has(relation.predicate)) throw invalid(`relations.${j}.predicate`, relation.predicate, loc);
  });
}

/** "woman holding umbrella", "dog running". */
export function relationText(relation: SceneRelation): string {
  return relation.object === null
    ? `${relation.subject} ${relation.predicate}`
    : `${relation.subject} ${relation.predicate} ${relation.object}`;
}

/** The graph in the Scene form every item carries (loaders/items/schema.ts); counts become class "count". */
export function sceneOf(graph: SceneGraph): Scene {
  return {
    objects: graph.objects.map((object) => object.name),
    relations: graph.relations.map(relationText),
    triples: graph.relations.map(({ subject, predicate, object }) => ({ subject, predicate, object })),
    attributes: graph.objects.flatMap((object) => [
      ...Object.entries(object.attributes).map(([cls, value]) => ({ object: object.name, attribute: value, class: cls })),
      ...(object.count > 1 ? [{ object: object.name, attribute: numberWord(object.count), class: "count" }] : []),
    ]),
    captions: [graph.caption],
  };
}
