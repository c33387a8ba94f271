// What LLM mode asks a model about: per scene, facts to perturb, each with one replacement drawn by the
// template generator's perturbation rules (loaders/generate/perturb.ts): an absent object of the same kind,
// a predicate of the same group that does not hold, another value of the attribute's class. Seeded per scene.
import { randomLcg } from "d3-random";
import type { UnanswerableCategory } from "../../items/schema.ts";
import { absentObjects, falsePredicates, otherValues } from "../perturb.ts";
import { relationText, type SceneGraph, type SceneRelation } from "../scene-graph.ts";
import type { Vocabulary } from "../vocabulary.ts";

export interface Candidate {
  /** `<scene>/<kind>-<n>`: stable for a seed, the cache's item id. */
  id: string;
  graph: SceneGraph;
  kind: UnanswerableCategory;
  /** The true fact that was changed. */
  fact: SceneRelation;
  /** The changed fact as text ("woman throwing mug", "woman holding red mug"). */
  perturbed: string;
  /** The element that holds (predicate, object name or attribute value). */
  original: string;
  /** The element that does not hold. */
  replacedWith: string;
}

export interface CandidateOptions {
  seed: number;
  /** Perturbations per kind and scene (fewer when the scene offers fewer). */
  perKind: number;
  vocabulary: Vocabulary;
}

/** A scene's own stream, so adding a scene does not change the others. */
function sceneSeed(seed: number, id: string): number {
  let h = (seed ^ 0x85ebca6b) >>> 0;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h / 2 ** 32;
}

function shuffled<T>(values: readonly T[], random: () => number): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function sceneCandidates(graph: SceneGraph, options: CandidateOptions): Candidate[] {
  const random = randomLcg(sceneSeed(options.seed, graph.id));
  const pick = <T>(list: readonly T[]): T | undefined => (list.length ? list[Math.floor(random() * list.length)] : undefined);
  const kindOf = (name: string) => graph.objects.find((o) => o.name === name)?.kind;
  const out: Candidate[] = [];
  const add = (kind: UnanswerableCategory, fact: SceneRelation, perturbed: string, original: string, replacedWith: string) => {
    const n = out.filter((c) => c.kind === kind).length;
    out.push({ id: `${graph.id}/${kind}-${n}`, graph, kind, fact, perturbed, original, replacedWith });
  };
  const relations = shuffled(graph.relations, random);

  for (const r of relations.filter((x) => x.object !== null).slice(0, options.perKind * 2)) {
    if (out.filter((c) => c.kind === "object").length >= options.perKind) break;
    const absent = pick(absentObjects(graph, kindOf(r.object!) ?? "", options.vocabulary));
    if (absent) add("object", r, relationText({ ...r, object: absent }), r.object!, absent);
  }
  for (const r of relations) {
    if (out.filter((c) => c.kind === "relation").length >= options.perKind) break;
    const predicate = pick(falsePredicates(graph, r, options.vocabulary));
    if (predicate) add("relation", r, relationText({ ...r, predicate }), r.predicate, predicate);
  }
  for (const r of relations.filter((x) => x.object !== null)) {
    if (out.filter((c) => c.kind === "attribute").length >= options.perKind) break;
    const object = graph.objects.find((o) => o.name === r.object)!;
    const cls = pick(Object.keys(object.attributes).sort());
    if (!cls) continue;
    const value = pick(otherValues(cls, object.attributes[cls]!, options.vocabulary));
    if (value) add("attribute", r, `${r.subject} ${r.predicate} ${value} ${r.object}`, object.attributes[cls]!, value);
  }
  return out;
}
