// The learned model's input: each word of the question described by how it stands to the video's facts
// (named by them, a typo of a fact word, an attribute the facts contradict, a verb no fact about the named
// things explains, part of a phrase that names nothing known, ...) and to English (a function word, an
// abstract noun, an object noun, ...), with its neighbours; plus a few features of the whole question.
// Pure and browser-safe: the same code runs at training time, in `uvqa infer` and in the page.
import type { Scene } from "../items/schema.ts";
import { singular, stem } from "../generate/words.ts";
import { ground, type Grounding } from "../responders/ground.ts";
import { attributeAsked, questionForm } from "../responders/respond.ts";
import { attributeClassOf, factIndex, internScene, modifiedNoun, typoOf, valueKey, type FactIndex } from "./facts.ts";
import {
  ABSTRACT, BOUNDARY, DETERMINERS, GENERIC, NEGATORS, QUESTION_WORDS, SETTINGS, STOP, abstractSuffix, objectLexicon, predicateStems, synonyms,
} from "./lexicon.ts";
import { tokenize, type Token } from "./tokens.ts";

/** Bumped whenever a feature changes meaning: the model file records the version it was trained with. */
export const FEATURE_VERSION = "4";

/** Longest question the model reads, in words (longer ones are cut; the public questions have at most 24). */
export const MAX_TOKENS = 40;

/** What each word is on its own. */
export const WORD_FEATURES = [
  "stop", "determiner", "question_word", "abstract", "negator",
  "fact_word", "fact_entity", "mention", "fact_predicate", "fact_value", "fact_caption", "typo_of_fact", "synonym_of_fact", "compound_of_fact",
  "lex_object", "lex_predicate", "lex_attribute", "colour",
  "attribute_conflict", "attribute_supported", "relation_unexplained", "absent_phrase",
  "suffix_ing", "suffix_abstract", "suffix_ly", "plural", "number", "capitalised", "after_negation",
  "position", "last", "length",
] as const;

/** What the neighbours two before, one before, one after and two after are (a subset of the above). */
export const NEIGHBOUR_FEATURES = ["stop", "determiner", "fact_word", "mention", "lex_object", "lex_attribute", "lex_predicate", "absent_phrase"] as const;
export const NEIGHBOUR_OFFSETS = [-2, -1, 1, 2] as const;

/** What the noun phrase around the word is. */
export const PHRASE_FEATURES = ["phrase_has_mention", "phrase_unknown_head"] as const;

export const TOKEN_FEATURES: string[] = [
  ...WORD_FEATURES,
  ...NEIGHBOUR_OFFSETS.flatMap((o) => NEIGHBOUR_FEATURES.map((f) => `${f}@${o > 0 ? "+" : ""}${o}`)),
  ...PHRASE_FEATURES,
];

export const GLOBAL_FEATURES = [
  "form_exists", "form_yes_no", "form_count", "form_attribute", "form_who", "form_where", "form_why", "form_how", "form_what", "form_other",
  "words", "has_triples", "has_captions", "has_attributes", "entities",
  "unknown_content", "negated", "absent_phrases", "attribute_conflicts", "unexplained_relations",
] as const;

export const TOKEN_DIM = TOKEN_FEATURES.length;
export const GLOBAL_DIM = GLOBAL_FEATURES.length;

export interface Encoded {
  /** Every word of the question (the model reads the first MAX_TOKENS). */
  tokens: Token[];
  /** Words the model reads. */
  length: number;
  /** length x TOKEN_DIM, row-major. */
  x: Float32Array;
  global: Float32Array;
  /** The shared grounding of the question (mentions, the fact it is most likely about), for the response. */
  grounding: Grounding;
}

const W = Object.fromEntries(WORD_FEATURES.map((name, i) => [name, i])) as Record<(typeof WORD_FEATURES)[number], number>;

/** The per-word features of a question against a scene. */
export function encode(question: string, given: Scene): Encoded {
  const scene = internScene(given);
  const tokens = tokenize(question);
  const words = tokens.map((t) => singular(t.lower));
  const facts = factIndex(scene);
  const g = ground(question, scene);
  const n = Math.min(tokens.length, MAX_TOKENS);
  const base = wordFeatures(tokens, words, facts, g, n);
  const x = new Float32Array(n * TOKEN_DIM);
  const phrases = phraseOf(words, n);
  for (let t = 0; t < n; t++) {
    const row = x.subarray(t * TOKEN_DIM, (t + 1) * TOKEN_DIM);
    row.set(base[t]!, 0);
    let k = WORD_FEATURES.length;
    for (const offset of NEIGHBOUR_OFFSETS) {
      const other = base[t + offset];
      for (const name of NEIGHBOUR_FEATURES) row[k++] = other ? other[W[name]]! : 0;
    }
    const phrase = phrases[t];
    row[k++] = phrase && phrase.some((j) => base[j]![W.mention]! > 0) ? 1 : 0;
    const head = phrase ? phrase[phrase.length - 1]! : -1;
    row[k++] = head >= 0 && base[head]![W.fact_word]! === 0 && base[head]![W.stop]! === 0 && base[head]![W.abstract]! === 0 ? 1 : 0;
  }
  return { tokens, length: n, x, global: globalFeatures(question, scene, words, base, g), grounding: g };
}

function wordFeatures(tokens: Token[], words: string[], facts: FactIndex, g: Grounding, n: number): Float32Array[] {
  const mention = new Set<number>();
  for (const m of g.mentions) for (let i = m.start; i < m.end; i++) mention.add(i);
  const absent = new Set(g.at.absent.flat());
  const unexplained = new Set(g.at.unexplained);
  const objects = objectLexicon();
  const predicates = predicateStems();
  const syn = synonyms();
  const compound = new Set<number>();
  for (let i = 0; i + 1 < words.length; i++) {
    const joined = singular(tokens[i]!.lower + tokens[i + 1]!.lower);
    if (!facts.all.has(words[i]!) && facts.all.has(joined)) {
      compound.add(i);
      compound.add(i + 1);
    }
  }
  const rows: Float32Array[] = [];
  for (let t = 0; t < n; t++) {
    const f = new Float32Array(WORD_FEATURES.length);
    const word = words[t]!;
    const lower = tokens[t]!.lower;
    const st = stem(lower);
    const stop = STOP.has(lower) || STOP.has(word);
    const inFacts = facts.all.has(word) || facts.all.has(lower);
    const cls = attributeClassOf(lower);
    f[W.stop] = stop ? 1 : 0;
    f[W.determiner] = DETERMINERS.has(lower) ? 1 : 0;
    f[W.question_word] = QUESTION_WORDS.has(lower) ? 1 : 0;
    f[W.abstract] = ABSTRACT.has(word) || ABSTRACT.has(lower) || GENERIC.has(word) || SETTINGS.has(word) ? 1 : 0;
    f[W.negator] = NEGATORS.has(lower) ? 1 : 0;
    f[W.fact_word] = inFacts ? 1 : 0;
    f[W.fact_entity] = facts.entities.has(word) ? 1 : 0;
    f[W.mention] = mention.has(t) ? 1 : 0;
    f[W.fact_predicate] = !stop && facts.predicates.has(st) ? 1 : 0;
    f[W.fact_value] = facts.values.has(lower) ? 1 : 0;
    f[W.fact_caption] = facts.captions.has(word) ? 1 : 0;
    f[W.typo_of_fact] = !inFacts && !stop && typoOf(word, facts) !== undefined ? 1 : 0;
    f[W.synonym_of_fact] = !inFacts && someIn(syn.get(word), facts.all) ? 1 : 0;
    f[W.compound_of_fact] = compound.has(t) ? 1 : 0;
    f[W.lex_object] = !stop && objects.has(word) ? 1 : 0;
    f[W.lex_predicate] = !stop && predicates.has(st) ? 1 : 0;
    f[W.lex_attribute] = cls ? 1 : 0;
    f[W.colour] = cls === "colour" ? 1 : 0;
    if (cls) {
      const noun = modifiedNoun(words, t, facts.entities);
      const given = noun === undefined ? undefined : facts.valuesOf.get(words[noun]!)?.get(cls);
      if (given && given.size) {
        const said = valueKey(lower, cls);
        f[W.attribute_supported] = given.has(said) ? 1 : 0;
        f[W.attribute_conflict] = given.has(said) ? 0 : 1;
      }
    }
    f[W.relation_unexplained] = unexplained.has(t) ? 1 : 0;
    f[W.absent_phrase] = absent.has(t) ? 1 : 0;
    f[W.suffix_ing] = lower.length > 4 && lower.endsWith("ing") ? 1 : 0;
    f[W.suffix_abstract] = abstractSuffix(lower) ? 1 : 0;
    f[W.suffix_ly] = lower.length > 4 && lower.endsWith("ly") ? 1 : 0;
    f[W.plural] = word !== lower ? 1 : 0;
    f[W.number] = /^\d+$/.test(lower) ? 1 : 0;
    f[W.capitalised] = t > 0 && /^[A-Z]/.test(tokens[t]!.text) ? 1 : 0;
    f[W.after_negation] = (t >= 1 && NEGATORS.has(tokens[t - 1]!.lower)) || (t >= 2 && NEGATORS.has(tokens[t - 2]!.lower)) || (t >= 3 && NEGATORS.has(tokens[t - 3]!.lower)) ? 1 : 0;
    f[W.position] = n > 1 ? t / (n - 1) : 0;
    f[W.last] = t === n - 1 ? 1 : 0;
    f[W.length] = Math.min(lower.length, 12) / 12;
    rows.push(f);
  }
  return rows;
}

function someIn(words: Set<string> | undefined, set: Set<string>): boolean {
  if (words) for (const w of words) if (set.has(w)) return true;
  return false;
}

/** For each word, the indices of the noun phrase it belongs to (from a determiner to the next boundary word). */
function phraseOf(words: string[], n: number): Array<number[] | undefined> {
  const out: Array<number[] | undefined> = new Array(n).fill(undefined);
  for (let i = 0; i < n; i++) {
    if (!DETERMINERS.has(words[i]!)) continue;
    const run: number[] = [];
    for (let j = i + 1; j < n && !BOUNDARY.has(words[j]!) && !DETERMINERS.has(words[j]!); j++) run.push(j);
    for (const j of run) out[j] = run;
    i += Math.max(0, run.length);
  }
  return out;
}

const FORMS = ["exists", "yes-no", "count", "attribute"] as const;

function globalFeatures(question: string, scene: Scene, words: string[], base: Float32Array[], g: Grounding): Float32Array {
  const f = new Float32Array(GLOBAL_DIM);
  const form = questionForm(question);
  const q = question.trim().toLowerCase();
  let k = 0;
  for (const name of FORMS) f[k++] = form === name || (name === "attribute" && attributeAsked(q) !== undefined) ? 1 : 0;
  f[k++] = form === "who" ? 1 : 0;
  f[k++] = form === "where" ? 1 : 0;
  f[k++] = /^why\b/.test(q) ? 1 : 0;
  f[k++] = /^how\b/.test(q) && form !== "count" ? 1 : 0;
  f[k++] = /^(what|which)\b/.test(q) && form !== "attribute" ? 1 : 0;
  f[k++] = f.slice(0, k).some((v) => v > 0) ? 0 : 1;
  f[k++] = Math.min(words.length, 30) / 30;
  f[k++] = scene.triples.length ? 1 : 0;
  f[k++] = scene.captions.length ? 1 : 0;
  f[k++] = scene.attributes.length ? 1 : 0;
  f[k++] = Math.min(factIndex(scene).entities.size, 20) / 20;
  const unknown = base.filter((r) => !r[W.stop] && !r[W.abstract] && !r[W.fact_word] && !r[W.typo_of_fact] && !r[W.synonym_of_fact] && !r[W.compound_of_fact]).length;
  f[k++] = Math.min(unknown, 5) / 5;
  f[k++] = base.some((r) => r[W.negator]) ? 1 : 0;
  f[k++] = Math.min(g.absent.length, 3) / 3;
  f[k++] = Math.min(base.filter((r) => r[W.attribute_conflict]).length, 3) / 3;
  f[k++] = Math.min(g.unexplained.length, 3) / 3;
  return f;
}

/** A batch as the model takes it: words padded to the longest question of the batch. */
export interface Batch {
  size: number;
  steps: number;
  /** size x steps x TOKEN_DIM */
  tokens: Float32Array;
  /** size x steps x 1: 0 for a word, -1e4 for padding (added before the max over words). */
  mask: Float32Array;
  /** size x GLOBAL_DIM */
  global: Float32Array;
}

export const PAD = -10000;

/** `minSteps` pads every question to at least that many words (a fixed shape: WebGPU compiles per shape). */
export function batchOf(encoded: readonly Encoded[], minSteps = 1): Batch {
  const size = encoded.length;
  const steps = Math.max(minSteps, ...encoded.map((e) => e.length));
  const tokens = new Float32Array(size * steps * TOKEN_DIM);
  const mask = new Float32Array(size * steps).fill(PAD);
  const global = new Float32Array(size * GLOBAL_DIM);
  encoded.forEach((e, b) => {
    tokens.set(e.x, b * steps * TOKEN_DIM);
    mask.fill(0, b * steps, b * steps + Math.max(1, e.length));
    global.set(e.global, b * GLOBAL_DIM);
  });
  return { size, steps, tokens, mask, global };
}
