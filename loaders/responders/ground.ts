// Grounding a question in a video's scene facts: which known things it names, which noun phrases
// name nothing known, which attribute words contradict the facts, and which relation it asserts.
import type { Attribute, Scene, Triple } from "../items/schema.ts";
import { singular, stem, tokens } from "../generate/words.ts";
import { BOUNDARY, GENERIC, MINOR, STOP, attributeLexicon, contentWords, predicateLexicon } from "./lexicon.ts";

export interface Mention {
  /** The scene's name for the thing ("shot glass"). */
  entity: string;
  start: number;
  end: number;
}

export interface AttributeMismatch {
  object: string;
  said: string;
  actual: Attribute;
}

export interface Grounding {
  /** Question words, singular ("glasses" -> "glass"). */
  words: string[];
  mentions: Mention[];
  /** Noun phrases that name nothing in the scene ("rocking horse"). */
  absent: string[];
  mismatches: AttributeMismatch[];
  /** The relation words the question asserts (verbs, spatial prepositions), e.g. ["throwing"]. */
  asserted: string[];
  /** Asserted words no fact about the named things explains ("kneeling" when the cook stands). */
  unexplained: string[];
  /** Triples about a mentioned thing whose predicate the question states. */
  held: Triple[];
  /** Triples about a mentioned thing. */
  related: Triple[];
  /** The fact the question is most likely about, if the scene has any triple. */
  closest?: Triple;
  /** Where in `words` each finding is: the word indices of each absent phrase, of each mismatched attribute word, of each unexplained word. */
  at: { absent: number[][]; mismatches: number[]; unexplained: number[] };
}

const DETERMINERS = new Set(["the", "a", "an", "any", "some", "many", "several", "two", "three", "four", "five", "another", "other"]);

/** Every thing the scene names: objects, triple ends, attribute holders. */
export function sceneEntities(scene: Scene): string[] {
  const names = [
    ...scene.objects,
    ...scene.triples.flatMap((t) => (t.object === null ? [t.subject] : [t.subject, t.object])),
    ...scene.attributes.map((a) => a.object),
  ];
  return [...new Set(names.map((name) => name.trim()).filter(Boolean))];
}

const wordsOf = (text: string) => tokens(text).map(singular);

/** Finds scene things in the question: whole names first, longest first, then a multi-word name's last word. */
export function findMentions(words: string[], entities: string[]): Mention[] {
  const taken = new Array<boolean>(words.length).fill(false);
  const mentions: Mention[] = [];
  const aliases = entities.flatMap((entity) => [entity, ...(entity.includes("/") ? entity.split("/") : [])]
    .map((alias) => ({ entity, words: wordsOf(alias) })))
    .filter((alias) => alias.words.length > 0)
    .sort((a, b) => b.words.length - a.words.length);
  const place = (entity: string, target: string[]) => {
    for (let i = 0; i + target.length <= words.length; i++) {
      if (target.every((word, j) => words[i + j] === word && !taken[i + j])) {
        for (let j = 0; j < target.length; j++) taken[i + j] = true;
        mentions.push({ entity, start: i, end: i + target.length });
      }
    }
  };
  for (const alias of aliases) place(alias.entity, alias.words);
  for (const alias of aliases) if (alias.words.length > 1) place(alias.entity, alias.words.slice(-1));
  return mentions.sort((a, b) => a.start - b.start);
}

const preparedScenes = new WeakMap<Scene, { entities: string[]; known: Set<string> }>();

/** What grounding needs of a scene whatever the question: its things and every word of its facts (kept per scene object). */
function prepared(scene: Scene): { entities: string[]; known: Set<string> } {
  let out = preparedScenes.get(scene);
  if (!out) {
    const entities = sceneEntities(scene);
    const known = new Set([...entities.flatMap(wordsOf), ...scene.captions.flatMap(wordsOf), ...scene.relations.flatMap(wordsOf)]);
    preparedScenes.set(scene, (out = { entities, known }));
  }
  return out;
}

export function ground(question: string, scene: Scene): Grounding {
  const words = wordsOf(question);
  const { entities, known } = prepared(scene);
  const mentions = findMentions(words, entities);
  const mentionAt = new Map<number, Mention>();
  for (const m of mentions) for (let i = m.start; i < m.end; i++) mentionAt.set(i, m);
  const lexicon = attributeLexicon();
  const isAttributeWord = (word: string) => lexicon.has(word) || (/ish$/.test(word) && word.length > 5);

  const absent: string[] = [];
  const absentAt: number[][] = [];
  const mismatches: AttributeMismatch[] = [];
  const mismatchAt: number[] = [];
  for (let i = 0; i < words.length; i++) {
    if (!DETERMINERS.has(words[i]!)) continue;
    const run: number[] = [];
    for (let j = i + 1; j < words.length; j++) {
      const word = words[j]!;
      if (mentionAt.has(j)) { run.push(j); continue; }
      if (BOUNDARY.has(word) || DETERMINERS.has(word)) break;
      // A verb after the noun ends the phrase ("the man holding the cup"), a modifier does not ("dining table").
      const next = words[j + 1];
      if (word.endsWith("ing") && run.length > 0 && (next === undefined || BOUNDARY.has(next) || DETERMINERS.has(next))) break;
      run.push(j);
    }
    const mention = run.map((j) => mentionAt.get(j)).find((m) => m !== undefined);
    if (mention) {
      for (const j of run) {
        if (j >= mention.start) break;
        const mismatch = attributeMismatch(words[j]!, mention.entity, scene.attributes, lexicon.get(words[j]!));
        if (mismatch && isAttributeWord(words[j]!)) {
          mismatches.push(mismatch);
          mismatchAt.push(j);
        }
      }
    } else {
      // Leading attribute words are modifiers; the last word is the noun even when it is "orange".
      const nounAt = run.filter((j, k) => k === run.length - 1 || !isAttributeWord(words[j]!));
      const noun = nounAt.map((j) => words[j]!);
      const head = noun[noun.length - 1];
      if (head && !GENERIC.has(head) && !known.has(head) && !/^\d+$/.test(head)) {
        absent.push(noun.join(" "));
        absentAt.push(nounAt);
      }
    }
    i += Math.max(0, run.length - 1);
  }

  const mentioned = new Set(mentions.map((m) => m.entity));
  const assertedAt = words.flatMap((word, i) => !mentionAt.has(i) && !STOP.has(word) && !GENERIC.has(word) && !isAttributeWord(word)
    && (predicateLexicon().has(stem(word)) || (word.endsWith("ing") && word.length > 4)) ? [i] : []);
  const asserted = assertedAt.map((i) => words[i]!);
  const questionStems = new Set(words.map(stem));
  const states = (t: Triple) => contentWords(t.predicate).every((word) => questionStems.has(stem(word)));
  const related = scene.triples.filter((t) => mentioned.has(t.subject) || (t.object !== null && mentioned.has(t.object)));
  const held = related.filter(states);
  // With two things named, only facts between them can explain the question's verb.
  const between = related.filter((t) => mentioned.has(t.subject) && (t.object === null || mentioned.has(t.object)));
  const explaining = mentioned.size >= 2 && between.length > 0 ? between : related;
  const explained = new Set(explaining.flatMap((t) => tokens(t.predicate).map(stem)));
  const unexplainedAt = assertedAt.filter((i) => !explained.has(stem(words[i]!)));
  const unexplained = unexplainedAt.map((i) => words[i]!);
  const firstSubject = mentions[0]?.entity;
  const score = (t: Triple) => (mentioned.has(t.subject) ? 3 : 0) + (t.object !== null && mentioned.has(t.object) ? 3 : 0)
    + contentWords(t.predicate).filter((word) => questionStems.has(stem(word))).length * 2 + (t.subject === firstSubject ? 1 : 0);
  let closest: Triple | undefined;
  for (const t of scene.triples) if (!closest || score(t) > score(closest)) closest = t;
  return {
    words, mentions, absent, mismatches, asserted, unexplained, held, related, ...(closest ? { closest } : {}),
    at: { absent: absentAt, mismatches: mismatchAt, unexplained: unexplainedAt },
  };
}

function attributeMismatch(word: string, object: string, attributes: Attribute[], cls: string | undefined): AttributeMismatch | undefined {
  const own = attributes.filter((a) => a.object === object && a.class !== "count");
  if (own.some((a) => a.attribute.toLowerCase() === word)) return undefined;
  const sameClass = own.find((a) => cls === undefined || a.class === undefined || sameName(a.class, cls));
  return sameClass ? { object, said: word, actual: sameClass } : undefined;
}

const sameName = (a: string, b: string) => a.replace("color", "colour") === b.replace("color", "colour");

/** Whether the question states a relation that no fact about the things it names explains. */
export function relationFails(g: Grounding): boolean {
  return g.unexplained.length > 0 && g.related.length > 0;
}

/** The relation the question claims, with the prepositions that follow it ("kneeling on"). */
export function claimedRelation(g: Grounding): string {
  const first = g.words.indexOf(g.unexplained[0]!);
  let end = first + 1;
  while (end < g.words.length && (g.asserted.includes(g.words[end]!) || MINOR.has(g.words[end]!)) && !g.mentions.some((m) => m.start === end)) end++;
  return g.words.slice(first, end).filter((w) => w !== "the").join(" ");
}
