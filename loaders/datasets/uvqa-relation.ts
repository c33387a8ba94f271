// UVQA relation category: a true relation of the video with its predicate swapped for one that does
// not hold. `orig_relation` lists the video's true relations; `generated_relation` is the swapped one,
// usually written with double spaces between subject, predicate and object.
import type { Item, Triple } from "../items/schema.ts";
import { parseRelation, parseRelations, normalizeSpaces, sceneObjects, type Lexicon } from "./relations.ts";
import { MOMA_LEXICON, discontinuousEntry } from "./lexicon.ts";
import { mentions, mentionsAll } from "./mentions.ts";
import { unique, uvqaItem, withFlags } from "./uvqa-item.ts";
import type { RelationRecord } from "./uvqa-records.ts";

const key = (text: string | null) => (text === null ? null : normalizeSpaces(text).toLowerCase());

/** The predicate of a true relation between the same subject and object; itself if it is among them. */
function originalPredicate(generated: Triple, truths: readonly Triple[]): string | null {
  const candidates = truths.filter((t) => key(t.subject) === key(generated.subject) && key(t.object) === key(generated.object));
  return (candidates.find((t) => t.predicate === generated.predicate) ?? candidates[0])?.predicate ?? null;
}

/** Whether the question names the new predicate; a discontinuous one may be split around the object. */
function predicateMentioned(question: string, predicate: string, lexicon?: Lexicon): boolean {
  if (mentions(question, predicate)) return true;
  const entry = discontinuousEntry(lexicon ?? MOMA_LEXICON, predicate);
  return entry !== undefined && mentionsAll(question, [entry.head.join(" "), entry.tail.join(" ")]);
}

export function relationItem(record: RelationRecord, index: number, lexicon?: Lexicon): Item {
  const relations = record.orig_relation.map((r) => r.trim());
  // The generated relation is a true one with its predicate swapped (usually double-spaced, so it splits
  // by itself): its subject and object are scene objects. The true relations are parsed together with
  // them, so one whose predicate no lexicon lists parses between the objects ("table covered by cloth").
  const alone = parseRelation(record.generated_relation, lexicon);
  const parsed = parseRelations(relations, lexicon, { named: alone ? [alone.subject, ...(alone.object ? [alone.object] : [])] : [] });
  const triples = parsed.filter((t): t is Triple => t !== null);
  const generated = alone ?? parseRelation(record.generated_relation, lexicon, { objects: sceneObjects(triples.flatMap((t) => [t.subject, t.object])) });
  const fact = normalizeSpaces(record.generated_relation);
  const item = uvqaItem("relation", index, record);

  // An unparsable swap keeps the whole relation as what was replaced (and is flagged below).
  const replaced = generated?.predicate ?? fact;
  const original = generated ? originalPredicate(generated, triples) : null;
  const inQuestion = predicateMentioned(item.question, replaced, lexicon);
  const flags = [
    ...(inQuestion ? [] : ["edited-question"]),
    ...(original !== null && original === replaced ? ["self-swap"] : []),
    ...(parsed.includes(null) || !generated ? ["unparsed-relation"] : []),
  ];
  const objects = unique(triples.flatMap((t) => (t.object ? [t.subject, t.object] : [t.subject])));
  return withFlags(
    {
      ...item,
      scene: { objects, relations, triples, attributes: [], captions: [] },
      perturbation: { kind: "relation", original, replaced_with: replaced, fact, in_question: inQuestion },
    },
    flags,
  );
}
