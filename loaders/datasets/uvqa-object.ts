// UVQA object category: an absent object put into a relation of the video.
// The scene facts live only inside the generation prompt, in one of two wordings:
//  (a) a Python list of related relations and "the objects mentioned in the video are '[...]'
//      and the object not appear is 'X'";
//  (b) one related relation and "the obejct mentioned in the video is 'A' and the obejct not appear
//      is 'B'" (the typo is the source's), which also names the object that was replaced.
import type { Item, Triple } from "../items/schema.ts";
import { invalid, type Location } from "../errors.ts";
import { parsePythonStringList } from "./python-literal.ts";
import { parseRelation, parseRelations, sceneObjects, type Lexicon } from "./relations.ts";
import { mentions } from "./mentions.ts";
import { unique, uvqaItem, withFlags } from "./uvqa-item.ts";
import type { ObjectRecord } from "./uvqa-records.ts";

const RELATED = /<\|Start of Related Relation\|>([\s\S]*?)<\|End of Related Relation\|>/;
const OBJECT_LIST = /objects mentioned in the video are '(\[[\s\S]*?\])' and the object not appear is '([\s\S]*?)'\./;
const OBJECT_PAIR = /ob(?:je|ej)ct mentioned in the video is '([\s\S]*?)' and the ob(?:je|ej)ct not appear is '([\s\S]*?)'\./;

interface ObjectPrompt {
  relations: string[];
  /** The video's objects as listed (format a), or null (format b). */
  objects: string[] | null;
  /** The object that was replaced (format b only). */
  original: string | null;
}

/** Reads the scene facts out of the prompt; throws `invalid prompt` when neither wording is there. */
export function parseObjectPrompt(prompt: string, loc: Location): ObjectPrompt {
  const block = RELATED.exec(prompt)?.[1]?.trim();
  if (block === undefined) throw invalid("prompt", prompt, loc);
  const relations = block.startsWith("[") ? parsePythonStringList(block) : [block];
  if (!relations) throw invalid("prompt", block, loc);
  const list = OBJECT_LIST.exec(prompt);
  if (list) {
    const objects = parsePythonStringList(list[1]!);
    if (!objects) throw invalid("prompt", list[1], loc);
    return { relations: relations.map((r) => r.trim()), objects: objects.map((o) => o.trim()), original: null };
  }
  const pair = OBJECT_PAIR.exec(prompt);
  if (pair) return { relations: relations.map((r) => r.trim()), objects: null, original: pair[1]!.trim() };
  throw invalid("prompt", prompt, loc);
}

export function objectItem(record: ObjectRecord, index: number, loc: Location, lexicon?: Lexicon): Item {
  const prompt = parseObjectPrompt(record.prompt, loc);
  // The video's objects (listed by format a, named by the relations in format b) let a relation whose
  // predicate no lexicon lists still parse; the generated relation may also name the absent object.
  const parsed = parseRelations(prompt.relations, lexicon, {
    ...(prompt.objects ? { listed: prompt.objects } : {}),
    named: prompt.original ? [prompt.original] : [],
  });
  const triples = parsed.filter((t): t is Triple => t !== null);
  const named = sceneObjects([...(prompt.objects ?? []), ...(prompt.original ? [prompt.original] : []), ...triples.flatMap((t) => [t.subject, t.object]), record.generated_actor_or_object]);
  const objects = prompt.objects ?? unique([
    ...triples.flatMap((t) => (t.object ? [t.subject, t.object] : [t.subject])),
    ...(prompt.original ? [prompt.original] : []),
  ]);
  const item = uvqaItem("object", index, record);
  const replaced = record.generated_actor_or_object;
  const inQuestion = mentions(item.question, replaced);
  const unparsed = parsed.includes(null) || parseRelation(record.generated_relation, lexicon, { objects: named }) === null;
  return withFlags(
    {
      ...item,
      scene: { objects: unique(objects), relations: prompt.relations, triples, attributes: [], captions: [] },
      perturbation: {
        kind: "object",
        original: prompt.original,
        replaced_with: replaced,
        fact: record.generated_relation,
        in_question: inQuestion,
      },
    },
    [...(inQuestion ? [] : ["edited-question"]), ...(unparsed ? ["unparsed-relation"] : [])],
  );
}
