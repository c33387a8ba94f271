// Text normalization shared by the refusal detector and the answer matcher. Pure string code:
// runs unchanged in Node and in the browser.
import { COLOUR_FAMILY, NUMBER_WORDS, STOPWORDS, SYNONYM_GROUPS } from "./lexicon.ts";

/**
 * Results of the pure text functions below for the texts seen last: one judgment normalizes its response, question
 * and reference several times over, and every run of a report judges the same questions and references again.
 * Cleared when full, so memory stays bounded; the results are the same with or without it.
 */
const MEMO_SIZE = 4096;
function memo<T>(compute: (text: string) => T): (text: string) => T {
  const seen = new Map<string, T>();
  return (text) => {
    let value = seen.get(text);
    if (value === undefined) {
      if (seen.size >= MEMO_SIZE) seen.clear();
      seen.set(text, (value = compute(text)));
    }
    return value;
  };
}

/** Lower case, straight quotes, contractions expanded ("doesn't" -> "does not"), single spaces. */
export const normalizeText: (text: string) => string = memo(function normalizeTextOf(text: string) {
  // Each step is skipped where it cannot change the text (the same result, a fraction of the time: most
  // responses are plain ASCII without an apostrophe).
  const ascii = !NON_ASCII.test(text);
  let t = (ascii ? text : text.normalize("NFKC")).toLowerCase();
  if (!ascii || t.includes("`")) t = t.replace(/[\u2018\u2019\u02bc`]/g, "'").replace(/[\u201c\u201d]/g, '"');
  if (t.includes("can")) t = t.replace(/\bcan't\b|\bcannot\b/g, "can not");
  if (t.includes("'")) {
    t = t
      .replace(/\bwon't\b/g, "will not")
      .replace(/\b(\w+)n't\b/g, "$1 not")
      .replace(/\bi'm\b/g, "i am")
      .replace(/\b(it|that|there|what|he|she)'s\b/g, "$1 is")
      .replace(/\b(they|we|you)'re\b/g, "$1 are")
      .replace(/\b(i|you|we|they|he|she)'d\b/g, "$1 would")
      .replace(/\b(i|you|we|they)'ve\b/g, "$1 have")
      .replace(/\b(i|you|we|they|he|she|it)'ll\b/g, "$1 will");
  }
  return t.replace(/\s+/g, " ").trim();
});
const NON_ASCII = /[^\x00-\x7f]/;

const wordsOf = memo(function wordsOfText(text: string): readonly string[] {
  const normal = normalizeText(text);
  const out: string[] = [];
  for (const w of (normal.includes("'s") ? normal.replace(/'s\b/g, "") : normal).split(/[^a-z0-9.]+/)) {
    // Dots stay inside a token ("3.5") but not at its ends.
    const word = w.charCodeAt(0) === DOT || w.charCodeAt(w.length - 1) === DOT ? w.replace(/^\.+|\.+$/g, "") : w;
    if (word) out.push(word);
  }
  return Object.freeze(out);
});
const DOT = 46;

/** Word tokens of normalized text (letters, digits, inner hyphens kept apart). A shared array: never change it. */
export function words(text: string): readonly string[] {
  return wordsOf(text);
}

/** A light, deterministic suffix stripper: plural, -ing, -ed. Both sides go through it, so "washing" meets "washes". */
export function stem(word: string): string {
  let w = STEMS.get(word);
  if (w === undefined) {
    if (STEMS.size >= 1 << 16) STEMS.clear();
    STEMS.set(word, (w = stemOf(word)));
  }
  return w;
}
/** Stems of the words seen last (a vocabulary is small, and each stem costs several regular expressions). */
const STEMS = new Map<string, string>();

function stemOf(word: string): string {
  let w = word;
  if (w.length <= 3 || /^\d/.test(w)) return w;
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (/(ches|shes|sses|xes|zes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith("ied") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("ed") && w.length > 4) w = w.slice(0, -2);
  // running -> runn -> run; chopped -> chopp -> chop
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz|ff)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1);
  return w;
}

const SYNONYM_OF = new Map<string, string>();
for (const group of SYNONYM_GROUPS) {
  const head = stem(group[0]!);
  for (const word of group) if (!SYNONYM_OF.has(stem(word))) SYNONYM_OF.set(stem(word), head);
}

/** The synonym-group head of a stem (itself when it has none). */
export function canonical(stemmed: string): string {
  return SYNONYM_OF.get(stemmed) ?? stemmed;
}

/** Content stems: words minus stopwords, stemmed; numbers as digits; colours as their family. A shared array: never change it. */
export const contentStems: (text: string) => readonly string[] = memo(function contentStemsOf(text: string) {
  const out: string[] = [];
  const ws = words(text);
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    const n = numberOf(w);
    if (n !== null) {
      if (w !== "one" || !isPronounOne(ws[i - 1] ?? "", ws[i + 1] ?? "")) out.push(String(n));
      continue;
    }
    if (STOPWORDS.has(w)) continue;
    out.push(COLOUR_FAMILY[w] ?? stem(w));
  }
  return Object.freeze(out);
});

const NUMBER_OF = new Map(Object.entries(NUMBER_WORDS));

/** Numeric value of a token ("3", "3.5", "three"), or null. */
export function numberOf(word: string): number | null {
  const first = word.charCodeAt(0);
  if (first >= 48 && first <= 57) return /^\d+(\.\d+)?$/.test(word) ? Number(word) : null;
  return NUMBER_OF.get(word) ?? null;
}

/** Numbers stated in a text; "one" only where it counts ("one man"), not as a pronoun ("the red one", "one of"). A shared set: never change it. */
export const numbersIn: (text: string) => ReadonlySet<number> = memo(function numbersInOf(text: string) {
  const ws = words(text);
  const found = new Set<number>();
  for (let i = 0; i < ws.length; i++) {
    const n = numberOf(ws[i]!);
    if (n === null) continue;
    if (ws[i] === "one" && isPronounOne(ws[i - 1] ?? "", ws[i + 1] ?? "")) continue;
    found.add(n);
  }
  return found;
});

function isPronounOne(prev: string, next: string): boolean {
  if (COLOUR_FAMILY[prev]) return true;
  return /^(the|a|an|no|each|every|this|that|which|any|another|some|other|last|only|little|big|small|new|old)$/.test(prev) ||
    /^(of|another|by|after|at|side|hand|day|time|point|more|who|that|which|is|are|was|were|has|had|on|in|with|from|to|and|or)$/.test(next);
}

/** Colour families named in a text. A shared set: never change it. */
export const coloursIn: (text: string) => ReadonlySet<string> = memo(function coloursInOf(text: string) {
  const found = new Set<string>();
  for (const w of words(text)) {
    const family = COLOUR_FAMILY[w];
    if (family) found.add(family);
  }
  return found;
});

/** Words between a colour and the thing it colours ("dark blue", "red and white", "bright green"). */
const COLOUR_MODIFIERS = new Set(["dark", "light", "bright", "pale", "deep", "and", "or", "striped", "checked", "colored", "coloured", "ish"]);
/** Words after which a colour is worn or carried by the noun before them ("the girl in pink", "a man wearing red"). */
const WEARS = new Set(["in", "wearing", "wears", "with", "dressed", "has", "having", "holding", "carrying"]);
const DETERMINERS = new Set(["a", "an", "the", "his", "her", "their", "its", "my", "your", "our", "this", "that", "some", "all"]);
const COPULAS = new Set(["is", "are", "was", "were", "looks", "look", "seems", "seem"]);

/**
 * The colours a question asserts, by the (stemmed, synonym-merged) noun they are asserted of: "the girl in
 * pink" (girl: pink), "the man in the red shirt" (man and shirt: red), "the blue cap" (cap: blue), "the car
 * is red" (car: red). What the question asks the colour of ("... a yellow shirt ... What color is the shirt?")
 * is asked, not asserted: it has no claim.
 */
export function colourClaims(question: string): Map<string, Set<string>> {
  const ws = words(question);
  const claims = new Map<string, Set<string>>();
  const claim = (word: string | undefined, family: string) => {
    if (!word || STOPWORDS.has(word) || COLOUR_FAMILY[word] || numberOf(word) !== null) return;
    const key = canonical(stem(word));
    if (asked.has(key)) return;
    const set = claims.get(key) ?? new Set<string>();
    set.add(family);
    claims.set(key, set);
  };
  // What the question asks the colour of ("What color is the shirt?", "the colour of his hat") is asked,
  // not asserted: stating its colour answers, whatever colour a sentence before gave it.
  const asked = new Set<string>();
  for (let i = 0; i < ws.length; i++) {
    if (!/^colou?rs?$/.test(ws[i]!)) continue;
    let j = i + 1;
    if (/^(is|are|was|were|of)$/.test(ws[j] ?? "")) j++;
    while (j < ws.length && (DETERMINERS.has(ws[j]!) || COLOUR_MODIFIERS.has(ws[j]!))) j++;
    if (ws[j] && !STOPWORDS.has(ws[j]!)) asked.add(canonical(stem(ws[j]!)));
  }
  for (let i = 0; i < ws.length; i++) {
    const family = COLOUR_FAMILY[ws[i]!];
    if (!family || /^colou?rs?$/.test(ws[i - 1] ?? "")) continue;
    // The noun it colours: "blue cap", "dark blue car", "red and white shirt".
    let j = i + 1;
    while (j < ws.length && (COLOUR_MODIFIERS.has(ws[j]!) || COLOUR_FAMILY[ws[j]!])) j++;
    if (!COPULAS.has(ws[j] ?? "")) claim(ws[j], family);
    // Its wearer: "the girl in pink", "the man in a red shirt", "a woman wearing a dark green coat".
    let k = i - 1;
    while (k >= 0 && (COLOUR_MODIFIERS.has(ws[k]!) || DETERMINERS.has(ws[k]!))) k--;
    if (k >= 1 && WEARS.has(ws[k]!)) claim(ws[k - 1], family);
    // Its subject: "the car is red".
    if (k >= 1 && COPULAS.has(ws[k]!)) claim(ws[k - 1], family);
  }
  return claims;
}

/**
 * Named entities: capitalized words that do not start a sentence, and quoted titles.
 * Crude on purpose (no tagger in the browser); "I" and words after sentence ends are skipped.
 */
export const entitiesIn: (text: string) => ReadonlySet<string> = memo(function entitiesInOf(text: string) {
  const found = new Set<string>();
  const tokens = text.replace(/[\u2018\u2019]/g, "'").split(/\s+/);
  let sentenceStart = true;
  for (const raw of tokens) {
    const token = raw.replace(/^[("'\u201c]+|[)"',;:!?\u201d]+$/g, "");
    const bare = token.replace(/[.]+$/, "").replace(/'s$/, "");
    if (/^[A-Z][a-zA-Z'-]+$/.test(bare) && !sentenceStart && bare !== "I" && !/^(The|A|An|It|He|She|They|In|On|At|Then|And|But|However)$/.test(bare)) {
      found.add(bare.toLowerCase());
    }
    sentenceStart = /[.!?:]["')\u201d]*$/.test(raw);
  }
  return found;
});

/** True when a text starts with a polar "yes" or "no" (the answer to a yes/no question). */
export function polarity(text: string): "yes" | "no" | null {
  const t = normalizeText(text);
  if (/^(yes|yeah|yep|correct|indeed)\b/.test(t)) return "yes";
  if (/^(no|nope|not really|not at all)\b(?!\s+(one|longer|doubt|matter))/.test(t)) return "no";
  return null;
}

/** Yes/no question: starts with an auxiliary ("Is", "Does", "Can", "Are there", ...). */
export function isYesNoQuestion(question: string): boolean {
  return /^(is|are|was|were|do|does|did|can|could|has|have|had|will|would|should|am)\b/.test(normalizeText(question));
}
