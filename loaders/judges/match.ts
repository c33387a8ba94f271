// Answer matching for answerable items (docs/judges.md, "correct" and "match_score").
// Rule: the reference's answer words are its content words that the question does not already hold
// (stemmed, synonyms merged, colours as families, numbers as digits). overlap = answer words found in the
// response / min(#answer words, KEY_CAP), at most 1. correct = overlap >= MATCH_THRESHOLD and no conflict,
// where numbers, colours, named entities, opposite pairs (man/woman, left/right) and yes/no must agree.
import { OPPOSITES } from "./lexicon.ts";
import { canonical, coloursIn, contentStems, entitiesIn, isYesNoQuestion, numbersIn, polarity, words } from "./normalize.ts";

export const MATCH_THRESHOLD = 0.5;
/** Long descriptive references: a response need not repeat more than this many of their answer words. */
export const KEY_CAP = 8;

export interface MatchResult {
  /** The reference's answer words (canonical stems). */
  key: string[];
  matched: string[];
  overlap: number;
  /** Why the response disagrees with the reference, e.g. "number: 3 vs 4". */
  conflicts: string[];
  correct: boolean;
  /** Heuristic 0..5: 5 x overlap, at most 1 with a conflict. Never an LLM score. */
  match_score: number;
}

function stems(text: string): Set<string> {
  return new Set(contentStems(text).map(canonical));
}

function minus<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): Set<T> {
  return new Set([...a].filter((x) => !b.has(x)));
}

function intersects<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** Each opposite pair both ways, in the order the check reports them (built once: not two arrays per pair per call). */
const DIRECTED_OPPOSITES: ReadonlyArray<readonly [string, string]> = OPPOSITES.flatMap(([a, b]) => [[a, b], [b, a]] as const);

const ASKS_COUNT = /\b(?:how many|how much|number of|how long|how old|what time|what year|how far|how often|how fast)\b/i;
const ASKS_COLOUR = /\bcolou?rs?\b/i;

export function conflictsOf(question: string, reference: string, response: string): string[] {
  const out: string[] = [];
  // Each check reads the response only where the reference gives it something to disagree with (most references
  // name no number, colour or entity): the same conflicts, without tokenizing the response for nothing.
  const qNums = numbersIn(question);
  const refNums = minus(numbersIn(reference), qNums);
  if (refNums.size) {
    const resNums = minus(numbersIn(response), qNums);
    if (resNums.size && !intersects(refNums, resNums)) out.push(`number: ${[...refNums].join("/")} vs ${[...resNums].join("/")}`);
    else if (!resNums.size && ASKS_COUNT.test(question)) out.push(`number: ${[...refNums].join("/")} missing`);
  }

  const qCol = coloursIn(question);
  const refCol = coloursIn(reference);
  const keyCol = minus(refCol, qCol);
  // With no key colour nothing is missing, so neither colour conflict can hold.
  if (keyCol.size) {
    const resCol = coloursIn(response);
    const extra = minus(resCol, new Set([...refCol, ...qCol]));
    const missing = minus(keyCol, resCol);
    if (extra.size && missing.size) out.push(`colour: ${[...keyCol].join("/")} vs ${[...resCol].join("/")}`);
    else if (ASKS_COLOUR.test(question) && !intersects(keyCol, resCol)) out.push(`colour: ${[...keyCol].join("/")} missing`);
  }

  const qEnt = entitiesIn(question);
  const refEnt = minus(entitiesIn(reference), qEnt);
  if (refEnt.size) {
    const resEnt = minus(entitiesIn(response), qEnt);
    if (resEnt.size && !intersects(refEnt, resEnt)) out.push(`entity: ${[...refEnt].join("/")} vs ${[...resEnt].join("/")}`);
  }

  const refWords = new Set(words(reference));
  const resWords = new Set(words(response));
  for (const [x, y] of DIRECTED_OPPOSITES) {
    if (refWords.has(x) && !refWords.has(y) && resWords.has(y) && !resWords.has(x)) out.push(`opposite: ${x} vs ${y}`);
  }
  if (isYesNoQuestion(question)) {
    const r = polarity(reference);
    const p = polarity(response);
    if (r && p && r !== p) out.push(`yes/no: ${r} vs ${p}`);
  }
  return out;
}

export function matchAnswer(question: string, reference: string, response: string): MatchResult {
  const q = stems(question);
  const refStems = stems(reference);
  let key = minus(refStems, q);
  if (key.size === 0) key = refStems;
  const res = stems(response);
  const matched = [...key].filter((k) => res.has(k));
  let overlap = key.size ? Math.min(1, matched.length / Math.min(key.size, KEY_CAP)) : 0;
  // A yes/no reference is answered by its polarity: "Yes." fully matches "Yes, he is wearing a hat."
  if (isYesNoQuestion(question) && polarity(reference) && polarity(reference) === polarity(response)) overlap = Math.max(overlap, 0.8);
  // A count or colour question is answered by its number or colour: "Red." matches "He wears a red shirt."
  if ((ASKS_COUNT.test(question) && intersects(minus(numbersIn(reference), numbersIn(question)), numbersIn(response))) ||
      (ASKS_COLOUR.test(question) && intersects(minus(coloursIn(reference), coloursIn(question)), coloursIn(response)))) overlap = Math.max(overlap, 0.8);
  const conflicts = conflictsOf(question, reference, response);
  const raw = 5 * overlap;
  const match_score = Math.round((conflicts.length ? Math.min(raw, 1) : raw) * 100) / 100;
  return { key: [...key], matched, overlap, conflicts, correct: overlap >= MATCH_THRESHOLD && conflicts.length === 0, match_score };
}
