// Template mode over a video's scene facts alone (objects, triples, attributes, captions), for videos that
// have no scene graph with kinds: the UVQA recipe again (an absent object, a predicate that does not hold,
// another value of an attribute), asked in many phrasings, each unanswerable question with the answerable
// questions about the true fact beside it (the same phrasing, and its twin). Every question records where
// in its text the perturbed element is, so a model can learn to point at it. The project's own wording;
// deterministic for a random stream.
import type { Item, Scene, Triple, UnanswerableCategory } from "../items/schema.ts";
import { COLOUR_FAMILY } from "../judges/lexicon.ts";
import { EXTRA_INTRANSITIVE, EXTRA_OBJECTS, EXTRA_TRANSITIVE, FILLERS } from "./extra-words.ts";
import { twinQuestion } from "./twins.ts";
import { related, type Vocabulary } from "./vocabulary.ts";
import { article, singular, stem, tokens } from "./words.ts";

export interface FactQuestion {
  question: string;
  category: "answerable" | UnanswerableCategory;
  /** Character span of the perturbed element in the question (unanswerable questions). */
  evidence?: { start: number; end: number };
  /** Which phrasing made it (for slicing and for the model card). */
  template: string;
}

/** Replacement candidates drawn from beyond one video. */
export interface FactPool {
  objects: string[];
  transitive: string[];
  intransitive: string[];
  attributes: Record<string, string[]>;
}

type Random = () => number;

const UNNAMED = /^(unsure|unclassified|unknown|other)\b/i;

/** Slots: {S} subject, {P} predicate, {O} object, {C} caption, {V} attribute value. One slot may be marked. */
const TRANSITIVE_TEMPLATES = [
  "Why is the {S} {P} the {O}?",
  "How long is the {S} {P} the {O} in the video?",
  "What happens right after the {S} is {P} the {O}?",
  "Can you describe how the {S} is {P} the {O}?",
  "What is the purpose of the {S} {P} the {O}?",
  "How does the {S} {P} the {O} affect what happens next?",
  "What does the {S} do after {P} the {O}?",
  "How many times is the {S} seen {P} the {O}?",
  "What is the reason the {S} is {P} the {O} during the clip?",
  "What is the mood of the {S} while {P} the {O}?",
  "Where exactly is the {S} when {P} the {O}?",
  "What is the {S} wearing while {P} the {O}?",
  "How would you describe the way the {S} is {P} the {O}?",
  "At what point in the video is the {S} {P} the {O}?",
  "What made the {S} start {P} the {O}?",
  "Who is {P} the {O}?",
  "What colour is the {O} that the {S} is {P}?",
  "Is anyone else {P} the {O} besides the {S}?",
];
const INTRANSITIVE_TEMPLATES = [
  "Why is the {S} {P}?",
  "How long is the {S} {P} in the video?",
  "What happens after the {S} starts {P}?",
  "Can you describe the {S} {P}?",
  "Where is the {S} {P}?",
  "What is the {S} wearing while {P}?",
  "Why does the {S} stop {P}?",
  "What does the {S} do right before {P}?",
  "How does the {S} {P} affect the others in the scene?",
];
const VALUE_TEMPLATES = [
  "What is the {V} {O} used for?",
  "Who is using the {V} {O}?",
  "Where is the {V} {O} in the scene?",
  "Why is the {V} {O} there?",
  "What happens to the {V} {O} later in the video?",
  "How big is the {V} {O}?",
];
const CAPTION_TEMPLATES = [
  "What happens after {C}?",
  "Can you describe the moment when {C}?",
  "What is the reaction of the people around when {C}?",
  "Why {C}?",
  "In the video, {C}. What happens next?",
  "How long does it take until {C}?",
];

const pick = <T>(list: readonly T[], random: Random): T => list[Math.floor(random() * list.length)]!;

/** Sometimes a phrase that names nothing before the question mark ("..., carefully?"). */
function withFiller(template: string, random: Random): string {
  return random() < 0.3 ? template.replace(/\?$/, ` ${pick(FILLERS, random)}?`) : template;
}

/** A true question that mentions an absent thing in passing ("..., given that there is no dog?"): answerable. */
function inPassing(question: string, absent: string, random: Random): string {
  const body = question.replace(/\?$/, "");
  const forms = [
    `${body}, given that there is no ${absent}?`,
    `Since there is no ${absent} here, ${body.charAt(0).toLowerCase()}${body.slice(1)}?`,
    `${body}, even though no ${absent} is around?`,
  ];
  return pick(forms, random);
}

/** Fills a template; the marked slot's text span is returned. */
function fill(template: string, values: Record<string, string>, marked?: string): { question: string; evidence?: { start: number; end: number } } {
  let question = "";
  let evidence: { start: number; end: number } | undefined;
  let last = 0;
  for (const m of template.matchAll(/\{([A-Z])\}/g)) {
    question += template.slice(last, m.index);
    const value = values[m[1]!] ?? "";
    if (m[1] === marked && !evidence) evidence = { start: question.length, end: question.length + value.length };
    question += value;
    last = m.index! + m[0].length;
  }
  question += template.slice(last);
  // A capital first letter (a caption may open the question).
  return { question: question.charAt(0).toUpperCase() + question.slice(1), ...(evidence ? { evidence } : {}) };
}

const wordsOf = (text: string) => tokens(text).map(singular);

export interface FactGenerator {
  /** Questions about one scene: unanswerable ones, their twins, and answerable ones in the same phrasings. */
  questions(scene: Scene, random: Random, perCategory?: number): FactQuestion[];
}

export function factGenerator(pool: FactPool, vocabulary: Vocabulary): FactGenerator {
  return {
    questions(scene, random, perCategory = 2) {
      const out: FactQuestion[] = [];
      const known = new Set([...scene.objects, ...scene.relations, ...scene.captions, ...scene.triples.flatMap((t) => [t.subject, t.predicate, t.object ?? ""]),
        ...scene.attributes.flatMap((a) => [a.object, a.attribute])].flatMap(wordsOf));
      const triples = scene.triples.filter((t) => !UNNAMED.test(t.subject) && (t.object === null || !UNNAMED.test(t.object)));
      const name = (entity: string) => nameOf(entity, random);
      for (let k = 0; k < perCategory && triples.length; k++) {
        const t = pick(triples, random);
        const templates = t.object === null ? INTRANSITIVE_TEMPLATES : TRANSITIVE_TEMPLATES;
        // Object: an absent thing in the subject's or the object's place.
        const absent = absentObject(pool, known, vocabulary, random);
        if (absent) {
          const role = t.object === null || random() < 0.35 ? "S" : "O";
          const template = withFiller(pick(templates.filter((x) => x.includes(`{${role}}`)), random), random);
          const values = { S: role === "S" ? absent : name(t.subject), P: t.predicate, O: role === "O" ? absent : name(t.object ?? "") };
          const asked = fill(template, values, role);
          out.push({ ...asked, category: "object", template: `object:${template}` });
          const fact = role === "S" ? `${absent} ${t.predicate}${t.object ? ` ${t.object}` : ""}` : `${t.subject} ${t.predicate} ${absent}`;
          out.push(...twinOf(scene, "object", role === "S" ? t.subject : t.object, absent, fact, random));
          const truth = fill(template, { ...values, [role]: name(role === "S" ? t.subject : t.object ?? "") }).question;
          out.push({ question: truth, category: "answerable", template: `true:${template}` });
          if (random() < 0.3) out.push({ question: inPassing(truth, absent, random), category: "answerable", template: "in-passing" });
          // An answerable question that names the absent thing to ask whether it is there.
          out.push(...existence(absent, random));
        }
        // Relation: a predicate that does not hold between the same things.
        const q = falsePredicate(pool, scene, t, vocabulary, random);
        if (q) {
          const template = withFiller(pick(templates.filter((x) => x.includes("{P}")), random), random);
          const values = { S: name(t.subject), P: q, O: name(t.object ?? "") };
          out.push({ ...fill(template, values, "P"), category: "relation", template: `relation:${template}` });
          out.push(...twinOf(scene, "relation", t.predicate, q, `${t.subject} ${q}${t.object ? ` ${t.object}` : ""}`, random));
          out.push({ ...fill(template, { ...values, P: t.predicate }), category: "answerable", template: `true:${template}` });
          // A yes/no question about the false relation is answerable ("No").
          if (random() < 0.5) out.push({ question: fill(`Is the {S} ${q}${t.object ? " the {O}" : ""}?`, values).question, category: "answerable", template: "yes-no-false" });
        }
      }
      for (let k = 0; k <= perCategory; k++) out.push(...attributeQuestions(scene, pool, random, name));
      return out;
    },
  };
}

/** A multi-word name is often shortened to its head ("adult" for "unclassified adult"). */
function nameOf(entity: string, random: Random): string {
  const words = entity.split(" ");
  if (UNNAMED.test(entity) && words.length > 1) return words.slice(1).join(" ");
  return words.length > 1 && random() < 0.25 ? words[words.length - 1]! : entity;
}

function absentObject(pool: FactPool, known: Set<string>, vocabulary: Vocabulary, random: Random): string | undefined {
  for (let tries = 0; tries < 20; tries++) {
    const candidate = pick(random() < 0.4 ? EXTRA_OBJECTS : pool.objects, random);
    const words = wordsOf(candidate);
    if (words.some((w) => known.has(w))) continue;
    if (vocabulary.overlaps.some((set) => set.includes(candidate) && set.some((other) => known.has(singular(other))))) continue;
    return candidate;
  }
  return undefined;
}

function falsePredicate(pool: FactPool, scene: Scene, t: Triple, vocabulary: Vocabulary, random: Random): string | undefined {
  const extra = random() < 0.4;
  const candidates = t.object === null ? (extra ? EXTRA_INTRANSITIVE : pool.intransitive) : (extra ? EXTRA_TRANSITIVE : pool.transitive);
  const own = scene.triples.filter((x) => x.subject === t.subject).map((x) => x.predicate);
  const ownStems = new Set(own.flatMap((p) => tokens(p).map(stem)));
  for (let tries = 0; tries < 20; tries++) {
    const q = pick(candidates, random);
    if (own.includes(q) || related(vocabulary.synonyms, q, t.predicate)) continue;
    if (stem(tokens(q)[0] ?? "") === stem(tokens(t.predicate)[0] ?? "")) continue;
    if (tokens(q).filter((w) => w.length > 3).some((w) => ownStems.has(stem(w)))) continue;
    return q;
  }
  return undefined;
}

function existence(absent: string, random: Random): FactQuestion[] {
  const forms = [`Is there ${article(absent)} in the video?`, `Is there no ${absent} in this scene?`, `Does the video show ${article(absent)} at any point?`];
  return random() < 0.5 ? [{ question: pick(forms, random), category: "answerable", template: "exists-absent" }] : [];
}

function twinOf(scene: Scene, kind: UnanswerableCategory, original: string | null, replaced: string, fact: string, random: Random): FactQuestion[] {
  const item: Item = {
    id: "generated", dataset: "generated", category: kind, video: "", question: "", reference: "", scene,
    perturbation: { kind, original, replaced_with: replaced, fact },
  };
  const twin = twinQuestion(item, (options) => options[Math.floor(random() * options.length)]!);
  return twin ? [{ question: twin.question, category: "answerable", template: `twin:${twin.question_type}` }] : [];
}

/** Attribute questions: a value the facts give a thing, or a caption's attribute word, swapped for another of its class. */
function attributeQuestions(scene: Scene, pool: FactPool, random: Random, name: (entity: string) => string): FactQuestion[] {
  const out: FactQuestion[] = [];
  const colourish = (w: string) => COLOUR_FAMILY[w] !== undefined;
  const classOf = (value: string, cls?: string) => (cls ? cls.replace("color", "colour") : colourish(value) ? "colour" : Object.entries(pool.attributes).find(([, vs]) => vs.includes(value))?.[0]);
  const other = (cls: string, value: string) => {
    const family = (w: string) => (cls === "colour" ? COLOUR_FAMILY[w] ?? w : w);
    const options = (pool.attributes[cls] ?? []).filter((v) => family(v) !== family(value));
    return options.length ? pick(options, random) : undefined;
  };
  const attributes = scene.attributes.filter((a) => a.class !== "count" && classOf(a.attribute.toLowerCase(), a.class) && !UNNAMED.test(a.object));
  if (attributes.length && random() < 0.6) {
    const a = pick(attributes, random);
    const value = a.attribute.toLowerCase();
    const cls = classOf(value, a.class)!;
    const swapped = other(cls, value);
    const template = pick(VALUE_TEMPLATES, random);
    const values = { O: name(a.object), V: value };
    if (swapped) {
      out.push({ ...fill(template, { ...values, V: swapped }, "V"), category: "attribute", template: `attribute:${template}` });
      const twin = twinOf(scene, "attribute", value, swapped, `${swapped} ${a.object}`, random);
      out.push(...twin);
    }
    out.push({ ...fill(template, values), category: "answerable", template: `true:${template}` });
  }
  // Captions: swap one attribute word.
  const captions = scene.captions.map((c) => c.trim().replace(/[.!?]+$/, "")).filter((c) => c.split(" ").length >= 4);
  if (captions.length) {
    const caption = pick(captions, random);
    const template = pick(CAPTION_TEMPLATES, random);
    const body = caption.charAt(0).toLowerCase() + caption.slice(1);
    const words = [...body.matchAll(/[A-Za-z]+/g)];
    const candidates = words.filter((m) => classOf(m[0].toLowerCase()) !== undefined);
    if (candidates.length) {
      const m = pick(candidates, random);
      const value = m[0].toLowerCase();
      const swapped = other(classOf(value)!, value);
      if (swapped) {
        const altered = body.slice(0, m.index) + "\u0000" + body.slice(m.index! + m[0].length);
        const at = fill(template, { C: altered });
        const start = at.question.indexOf("\u0000");
        const question = at.question.replace("\u0000", swapped);
        out.push({ question, category: "attribute", evidence: { start, end: start + swapped.length }, template: `attribute:${template}` });
        out.push(...twinOf(scene, "attribute", value, swapped, body.replace(m[0], swapped), random));
      }
    }
    out.push({ ...fill(template, { C: body }), category: "answerable", template: `true:${template}` });
  }
  return out;
}
