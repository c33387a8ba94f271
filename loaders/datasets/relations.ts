// MOMA-LRG relation strings -> subject-predicate-object triples.
// Two shapes occur: plain ("award winner grabbing card from someone", parsed with the lexicon) and the
// UVQA relation file's generated ones, which separate the parts with two spaces
// ("match official  carrying  on their back chair") and so give the split directly.
// Given the video's scene objects, a plain string whose subject and object are both scene objects parses
// whatever lies between them ("table covered by cloth", a passive predicate no lexicon lists). Where the
// source lists every object of the video, that split also wins over a lexicon split naming a non-object
// ("cup placed on table": not "cup placed" + "on"); objects only gathered from other relations are used
// for strings the lexicon cannot split at all (an incomplete list would cut "cook assistant" short).
import type { Triple } from "../items/schema.ts";
import { MOMA_LEXICON, extendLexicon, type Arity, type Lexicon, type PredicateEntry } from "./lexicon.ts";

export { MOMA_LEXICON, extendLexicon, type Lexicon, type PredicateEntry, type Arity } from "./lexicon.ts";

const words = (text: string) => text.trim().split(/\s+/).filter(Boolean);
const same = (a: readonly string[], b: readonly string[], at: number) =>
  b.every((w, k) => a[at + k]?.toLowerCase() === w);

/** The video's scene objects, and whether the source lists all of them (the UVQA object prompt does). */
export interface SceneContext {
  objects: SceneObjects;
  listed?: boolean;
}

/**
 * Parses one relation string; null when no predicate of the lexicon fits and (given the scene's objects)
 * the string is not <scene object> <words> <scene object> (the caller flags it).
 */
export function parseRelation(text: string, lexicon: Lexicon = MOMA_LEXICON, scene?: SceneContext): Triple | null {
  const trimmed = text.trim();
  if (/\S\s{2,}\S/.test(trimmed)) return parseSpaced(trimmed, lexicon);
  const tokens = words(trimmed);
  const plain = parsePlain(tokens, lexicon);
  if (!scene || scene.objects.size === 0) return plain;
  if (plain && !scene.listed) return plain;
  const { objects } = scene;
  const key = (part: string) => part.toLowerCase();
  if (plain && objects.has(key(plain.subject)) && (plain.object === null || objects.has(key(plain.object)))) return plain;
  return betweenObjects(tokens, objects) ?? plain;
}

/** Scene object names, lower case, single-spaced. */
export type SceneObjects = ReadonlySet<string>;

export function sceneObjects(names: Iterable<string | null | undefined>): Set<string> {
  const set = new Set<string>();
  for (const name of names) if (name) set.add(words(name).join(" ").toLowerCase());
  set.delete("");
  return set;
}

/** <scene object> <one or more words> <scene object>: the longest subject, then the longest object. */
function betweenObjects(tokens: string[], objects: SceneObjects): Triple | null {
  const lower = tokens.map((t) => t.toLowerCase());
  for (let i = tokens.length - 2; i >= 1; i--) {
    if (!objects.has(lower.slice(0, i).join(" "))) continue;
    for (let j = tokens.length - i - 1; j >= 1; j--) {
      if (!objects.has(lower.slice(tokens.length - j).join(" "))) continue;
      return { subject: tokens.slice(0, i).join(" "), predicate: lower.slice(i, tokens.length - j).join(" "), object: tokens.slice(tokens.length - j).join(" ") };
    }
  }
  return null;
}

/**
 * A video's relation strings, parsed together: first with the lexicon (and the `listed` objects, when the
 * source lists every object of the video), then the ones left unparsed again between every object known:
 * listed, `named` elsewhere (the generated relation's), or named by the relations that parsed.
 */
export function parseRelations(
  texts: readonly string[], lexicon: Lexicon = MOMA_LEXICON, objects: { listed?: Iterable<string>; named?: Iterable<string> } = {},
): Array<Triple | null> {
  const listed = objects.listed ? sceneObjects(objects.listed) : undefined;
  const first = texts.map((text) => parseRelation(text, lexicon, listed ? { objects: listed, listed: true } : undefined));
  if (!first.includes(null)) return first;
  const known = sceneObjects([...(listed ?? []), ...(objects.named ?? []), ...first.flatMap((t) => (t ? [t.subject, t.object] : []))]);
  return first.map((triple, i) => triple ?? parseRelation(texts[i]!, lexicon, { objects: known }));
}

/**
 * The longest predicate at the earliest position after at least one subject word. A predicate that
 * matches but leaves the wrong remainder (an intransitive one followed by words) does not count.
 */
function parsePlain(tokens: string[], lexicon: Lexicon): Triple | null {
  const byLength = longestFirst(lexicon);
  for (let i = 1; i < tokens.length; i++) {
    for (const entry of byLength) {
      if (!same(tokens, entry.head, i)) continue;
      const object = objectOf(tokens.slice(i + entry.head.length), entry);
      if (object === undefined) continue;
      return { subject: tokens.slice(0, i).join(" "), predicate: entry.predicate, object };
    }
  }
  return null;
}

const sorted = new WeakMap<Lexicon, PredicateEntry[]>();
function longestFirst(lexicon: Lexicon): PredicateEntry[] {
  let entries = sorted.get(lexicon);
  if (!entries) {
    const size = (e: PredicateEntry) => e.head.length + e.tail.length;
    entries = [...lexicon].sort((a, b) => size(b) - size(a));
    sorted.set(lexicon, entries);
  }
  return entries;
}

/** The object words left after the head, or undefined when they do not fit the entry. */
function objectOf(rest: string[], entry: PredicateEntry): string | null | undefined {
  if (entry.arity === "intransitive") return rest.length === 0 ? null : undefined;
  const { tail } = entry;
  if (rest.length <= tail.length) return undefined;
  if (tail.length === 0) return rest.join(" ");
  // "carrying sock on their back" (tail last) or "carrying on their back sock" (tail first).
  if (same(rest, tail, rest.length - tail.length)) return rest.slice(0, rest.length - tail.length).join(" ");
  if (same(rest, tail, 0)) return rest.slice(tail.length).join(" ");
  return undefined;
}

function parseSpaced(text: string, lexicon: Lexicon): Triple | null {
  const parts = text.split(/\s{2,}/).map((p) => words(p).join(" "));
  if (parts.length === 3) {
    const [subject, predicate, object] = parts as [string, string, string];
    return joinTail({ subject, predicate: predicate.toLowerCase(), object }, lexicon);
  }
  if (parts.length !== 2) return null;
  const [subject, predicate] = parts as [string, string];
  // A stray double space inside a plain relation ("barber holding  towel") is not a separator.
  const known = lexicon.some((e) => e.predicate === predicate.toLowerCase());
  const plain = known ? null : parsePlain(words(text), lexicon);
  return plain ?? { subject, predicate: predicate.toLowerCase(), object: null };
}

/** "carrying" + "on their back chair" -> "carrying on their back" + "chair". */
function joinTail(triple: Triple & { object: string }, lexicon: Lexicon): Triple {
  const head = words(triple.predicate);
  const object = words(triple.object);
  for (const entry of lexicon) {
    if (!entry.tail.length || !same(head, entry.head, 0) || head.length !== entry.head.length) continue;
    if (object.length > entry.tail.length && same(object, entry.tail, 0)) {
      return { ...triple, predicate: entry.predicate, object: object.slice(entry.tail.length).join(" ") };
    }
  }
  return triple;
}

/** Predicates that double-spaced relations name, to parse the plain relations beside them. */
export function learnPredicates(relations: Iterable<string>, lexicon: Lexicon = MOMA_LEXICON): Lexicon {
  const learnt: Array<{ predicate: string; arity: Arity }> = [];
  for (const text of relations) {
    const trimmed = text.trim();
    if (!/\S\s{2,}\S/.test(trimmed)) continue;
    const triple = parseSpaced(trimmed, lexicon);
    if (!triple) continue;
    // A discontinuous predicate is already known in its split form.
    if (lexicon.some((e) => e.tail.length && e.predicate === triple.predicate)) continue;
    learnt.push({ predicate: triple.predicate, arity: triple.object === null ? "intransitive" : "transitive" });
  }
  return extendLexicon(lexicon, learnt);
}

/** "waiter  installing  shot glass" -> "waiter installing shot glass". */
export function normalizeSpaces(text: string): string {
  return words(text).join(" ");
}
