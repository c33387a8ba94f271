// Replacements that make a fact false while keeping it plausible (the UVQA recipe): an absent object
// of the same kind, a predicate of the same group that does not hold, another value of the same class.
import type { SceneGraph, SceneRelation } from "./scene-graph.ts";
import { related, type Vocabulary } from "./vocabulary.ts";
import { singular, tokens } from "./words.ts";

const head = (name: string) => name.split(" ").pop()!;

/** Objects of `kind` that the scene does not show, does not mention in its caption, and that cannot name a shown object. */
export function absentObjects(graph: SceneGraph, kind: string, vocabulary: Vocabulary): string[] {
  const shown = graph.objects.map((object) => object.name);
  const captionWords = new Set(tokens(graph.caption).map(singular));
  return (vocabulary.kinds[kind] ?? []).filter((candidate) =>
    !shown.some((name) => related(vocabulary.overlaps, name, candidate) || head(name) === head(candidate))
    && !tokens(candidate).map(singular).some((word) => captionWords.has(word)));
}

/** Predicates of the same group and arity that do not hold between the same subject and object. */
export function falsePredicates(graph: SceneGraph, r: SceneRelation, vocabulary: Vocabulary): string[] {
  const intransitive = r.object === null;
  // The subject's own predicates, by first word too: "sitting" holds if "sitting on" does.
  const own = graph.relations.filter((x) => x.subject === r.subject);
  const candidates = Object.values(vocabulary.predicates)
    .filter((group) => group.intransitive === intransitive && group.members.includes(r.predicate))
    .flatMap((group) => group.members);
  return [...new Set(candidates)].filter((p) =>
    !related(vocabulary.synonyms, p, r.predicate)
    && !own.some((x) => x.predicate === p || x.predicate.split(" ")[0] === p.split(" ")[0])
    // Nobody else does it to the object either, so "Who is throwing the cup?" has no answer.
    && !graph.relations.some((x) => x.predicate === p && r.object !== null && x.object === r.object));
}

/** Other values of an attribute's class that cannot describe the same thing ("red" -> "blue", not "pink"). */
export function otherValues(cls: string, value: string, vocabulary: Vocabulary): string[] {
  return (vocabulary.attributes[cls] ?? []).filter((candidate) => !related(vocabulary.overlaps, candidate, value));
}
