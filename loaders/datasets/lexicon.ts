// The predicate vocabulary of MOMA-LRG scene graphs (relationships and intransitive actions), which the
// UVQA object and relation files are built from. A relation string has no separators
// ("table tennis player looking at table tennis ball"), so the parser needs to know the predicates.

export type Arity = "transitive" | "intransitive";

export interface PredicateEntry {
  /** The predicate as a triple names it: "grabbing from someone". */
  predicate: string;
  /** Words before the object slot ("grabbing"). */
  head: readonly string[];
  /** Words after the object slot ("from someone"); empty for a contiguous predicate. */
  tail: readonly string[];
  arity: Arity;
}

export type Lexicon = readonly PredicateEntry[];

/** Relationships: need an object. `_` marks where a discontinuous predicate puts its object. */
const TRANSITIVE = [
  // attention and contact
  "holding", "touching", "looking at", "talking to", "pointing to", "pointing at", "kissing", "hugging",
  "massaging", "pressing", "supporting", "grabbing", "hitting", "kicking", "carrying", "pushing", "pulling",
  "lifting", "pouring into", "installing", "handing over", "picking up", "throwing", "throwing away",
  "aiming and throwing", "putting on", "taking off", "injecting a needle into", "feeding", "cutting",
  "cleaning", "wiping", "washing", "opening", "closing", "playing", "using", "wearing", "eating",
  "drinking from", "writing on", "reading", "watching", "following", "chasing", "shaking hands with",
  "catching", "serving", "dragging", "tapping",
  // spatial
  "in front of", "behind", "on the side of", "on top of", "beneath", "in", "on", "next to", "above",
  "below", "under", "inside", "sitting on", "standing on", "lying on", "stepping on", "leaning on",
  "riding on", "kneeling on", "sitting in", "standing in", "lying in", "standing up from",
  // discontinuous: the object sits inside the predicate
  "grabbing _ from someone", "carrying _ on their back", "picking up _ from the table",
];

/** Intransitive actions: no object. */
const INTRANSITIVE = [
  "standing", "walking", "running", "bending", "heading down", "kneeling", "kneeling down", "squatting down",
  "squatting", "crouching", "jumping", "standing up from squat", "standing up from kneeling", "clapping",
  "sitting", "lying", "lying down", "dancing", "waving", "crying", "laughing", "smiling", "falling",
  "turning around", "stretching", "singing", "nodding", "cheering", "sleeping", "swimming", "climbing",
];

export function entryFor(spec: string, arity: Arity): PredicateEntry {
  const words = spec.trim().toLowerCase().split(/\s+/);
  const slot = words.indexOf("_");
  const head = slot < 0 ? words : words.slice(0, slot);
  const tail = slot < 0 ? [] : words.slice(slot + 1);
  return { predicate: [...head, ...tail].join(" "), head, tail, arity };
}

export const MOMA_LEXICON: Lexicon = [
  ...TRANSITIVE.map((spec) => entryFor(spec, "transitive")),
  ...INTRANSITIVE.map((spec) => entryFor(spec, "intransitive")),
];

/** A lexicon plus predicates learnt elsewhere (e.g. from double-spaced generated relations); no duplicates. */
export function extendLexicon(lexicon: Lexicon, added: Iterable<{ predicate: string; arity: Arity }>): Lexicon {
  const out = [...lexicon];
  const known = new Set(out.map((e) => `${e.arity}:${e.predicate}`));
  for (const { predicate, arity } of added) {
    const key = `${arity}:${predicate.trim().toLowerCase().replace(/\s+/g, " ")}`;
    if (known.has(key)) continue;
    known.add(key);
    out.push(entryFor(predicate, arity));
  }
  return out;
}

/** The discontinuous entry whose joined form is `predicate`, if any ("grabbing from someone"). */
export function discontinuousEntry(lexicon: Lexicon, predicate: string): PredicateEntry | undefined {
  const p = predicate.trim().toLowerCase().replace(/\s+/g, " ");
  return lexicon.find((e) => e.tail.length > 0 && e.predicate === p);
}
