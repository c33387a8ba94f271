// One video's scene facts as word sets the question's words are looked up in: names of things, predicate
// stems, attribute values, caption words, and which attribute values the facts give each thing. Built once
// per scene object (scenes are shared by many items).
import type { Scene } from "../items/schema.ts";
import { COLOUR_FAMILY } from "../judges/lexicon.ts";
import { singular, stem, tokens } from "../generate/words.ts";
import { sceneEntities } from "../responders/ground.ts";
import { BOUNDARY, MINOR, STOP, attributeLexicon } from "./lexicon.ts";

export interface FactIndex {
  /** Singular words of every fact. */
  all: Set<string>;
  /** Words of the names of things (objects, triple ends, attribute holders). */
  entities: Set<string>;
  /** Stems of the words predicates are made of ("pour", "hold"). */
  predicates: Set<string>;
  /** Attribute values ("green", "wood"), lower case. */
  values: Set<string>;
  captions: Set<string>;
  /** Fact words by length, for typo matching. */
  byLength: Map<number, string[]>;
  /** Thing -> attribute class -> values the facts give it (attributes, and "green ... shirt" in captions). */
  valuesOf: Map<string, Map<string, Set<string>>>;
}

/** The attribute class of a word: the vocabulary's, or colour for colour words and "-ish" shades. */
export function attributeClassOf(word: string): string | undefined {
  const cls = attributeLexicon().get(word);
  if (cls) return cls;
  if (COLOUR_FAMILY[word] || (/ish$/.test(word) && word.length > 5)) return "colour";
  return undefined;
}

/** Values of one class compare by family: "navy" is blue, "greyish" is grey. */
export function valueKey(word: string, cls: string): string {
  if (cls !== "colour") return word;
  return COLOUR_FAMILY[word] ?? word.replace(/ish$/, "");
}

const normClass = (cls: string | undefined, value: string) => (cls ? cls.replace("color", "colour") : attributeClassOf(value) ?? "other");

const cache = new WeakMap<Scene, FactIndex>();
const interned = new Map<string, Scene>();

/**
 * One object per distinct scene (at most 5,000 remembered), so what is computed per scene object (this
 * index, the grounding's word sets) is computed once for the many items that share a video's facts.
 */
export function internScene(scene: Scene): Scene {
  const key = JSON.stringify(scene);
  let found = interned.get(key);
  if (!found) {
    if (interned.size >= 5000) interned.clear();
    interned.set(key, (found = scene));
  }
  return found;
}

export function factIndex(scene: Scene): FactIndex {
  let index = cache.get(scene);
  if (!index) cache.set(scene, (index = build(scene)));
  return index;
}

function add(map: Map<string, Map<string, Set<string>>>, thing: string, cls: string, value: string): void {
  let classes = map.get(thing);
  if (!classes) map.set(thing, (classes = new Map()));
  let values = classes.get(cls);
  if (!values) classes.set(cls, (values = new Set()));
  values.add(valueKey(value, cls));
}

function build(scene: Scene): FactIndex {
  const words = (text: string) => tokens(text).map(singular);
  const entityNames = sceneEntities(scene);
  const entities = new Set(entityNames.flatMap(words));
  const predicates = new Set<string>();
  for (const t of scene.triples) for (const w of tokens(t.predicate)) if (!MINOR.has(w)) predicates.add(stem(w));
  for (const relation of scene.relations) for (const w of tokens(relation)) if (!entities.has(singular(w)) && !STOP.has(w)) predicates.add(stem(w));
  const values = new Set(scene.attributes.map((a) => a.attribute.toLowerCase()));
  const captions = new Set(scene.captions.flatMap(words));
  const all = new Set([...entities, ...captions, ...values, ...scene.relations.flatMap(words), ...scene.triples.flatMap((t) => words(t.predicate))]);
  const byLength = new Map<number, string[]>();
  for (const word of all) {
    const list = byLength.get(word.length);
    if (list) list.push(word);
    else byLength.set(word.length, [word]);
  }
  const valuesOf = new Map<string, Map<string, Set<string>>>();
  for (const a of scene.attributes) {
    const cls = normClass(a.class, a.attribute.toLowerCase());
    if (cls === "count") continue;
    const head = words(a.object).pop();
    if (head) add(valuesOf, head, cls, a.attribute.toLowerCase());
  }
  for (const caption of scene.captions) {
    const w = words(caption);
    for (let i = 0; i < w.length; i++) {
      const cls = attributeClassOf(w[i]!);
      if (!cls) continue;
      const noun = modifiedNoun(w, i, entities);
      if (noun !== undefined) add(valuesOf, w[noun]!, cls, w[i]!);
    }
  }
  return { all, entities, predicates, values, captions, byLength, valuesOf };
}

/**
 * The noun an attribute word at `i` modifies: past other attribute words and "and", the first other word,
 * and on through the words of a compound name the facts know ("yoga mat" -> "mat").
 */
export function modifiedNoun(words: readonly string[], i: number, names: ReadonlySet<string> = new Set()): number | undefined {
  for (let j = i + 1; j < Math.min(words.length, i + 5); j++) {
    const w = words[j]!;
    if (w === "and" || w === "or" || attributeClassOf(w)) continue;
    if (STOP.has(w)) return undefined;
    while (j + 1 < words.length && names.has(words[j]!) && names.has(words[j + 1]!) && !BOUNDARY.has(words[j + 1]!)) j++;
    return j;
  }
  return undefined;
}

/** Within one edit (insert, delete, substitute, swap two neighbours) of `b`. */
export function oneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length, lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** A fact word one typo away from `word` (words of 4 letters or more), if any. */
export function typoOf(word: string, index: FactIndex): string | undefined {
  if (word.length < 4) return undefined;
  for (const length of [word.length, word.length - 1, word.length + 1]) {
    for (const candidate of index.byLength.get(length) ?? []) if (candidate.length >= 4 && oneEdit(word, candidate)) return candidate;
  }
  return undefined;
}
