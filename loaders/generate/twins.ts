// Answerable twins of unanswerable items: for each item, a question about the fact that does hold,
// built only from the item's own scene and perturbation, so any UVQA reader's items can be paired.
import { randomLcg } from "d3-random";
import type { Item, Scene, Triple } from "../items/schema.ts";
import { attributeClass, defaultVocabulary } from "./vocabulary.ts";
import { article, sentence, squash } from "./words.ts";

export interface TwinOptions {
  seed?: number;
}

export interface TwinResult {
  /** The originals (unanswerable ones with `pair` set where a twin was made), then the twins. */
  items: Item[];
  twinned: number;
  /** Unanswerable items left unpaired because their scene or perturbation did not say enough. */
  untwinned: number;
}

/** A twin's question and reference answer. */
export interface TwinQuestion {
  question: string;
  reference: string;
  question_type: string;
}

type Pick = <T>(options: readonly T[]) => T;

/** `uvqa items --twins`: originals followed by their answerable twins. */
export function withTwins(items: Item[], options: TwinOptions = {}): Item[] {
  return twinItems(items, options).items;
}

/** As `withTwins`, also counting the items that could not be twinned. */
export function twinItems(items: Item[], options: TwinOptions = {}): TwinResult {
  const random = randomLcg(options.seed ?? 0);
  const pick: Pick = (options) => options[Math.floor(random() * options.length)]!;
  const ids = new Set(items.map((item) => item.id));
  const originals: Item[] = [];
  const twins: Item[] = [];
  let untwinned = 0;
  for (const item of items) {
    // Already paired (e.g. generated items) or answerable: nothing to make.
    if (item.category === "answerable" || item.pair !== undefined || ids.has(`${item.id}/twin`)) {
      originals.push(item);
      continue;
    }
    const twin = twinQuestion(item, pick);
    if (!twin) {
      untwinned++;
      originals.push(item);
      continue;
    }
    const id = `${item.id}/twin`;
    originals.push({ ...item, pair: id });
    twins.push({
      id,
      dataset: item.dataset,
      category: "answerable",
      video: item.video,
      question: twin.question,
      reference: twin.reference,
      ...(item.scene ? { scene: item.scene } : {}),
      pair: item.id,
      question_type: twin.question_type,
      ...(item.source !== undefined ? { source: item.source } : {}),
      flags: ["twin"],
    });
  }
  return { items: [...originals, ...twins], twinned: twins.length, untwinned };
}

/** The twin question of one unanswerable item, or undefined when its facts do not say enough. */
export function twinQuestion(item: Item, pick: Pick = (options) => options[0]!): TwinQuestion | undefined {
  const { scene, perturbation } = item;
  if (!scene || !perturbation) return undefined;
  if (perturbation.kind === "relation") return relationTwin(scene, perturbation.fact, perturbation.original, item.question, pick);
  if (perturbation.kind === "object") return objectTwin(scene, perturbation.fact, perturbation.original, perturbation.replaced_with, pick);
  return attributeTwin(scene, perturbation.fact, perturbation.original);
}

const norm = (text: string) => squash(text).toLowerCase();
const UNNAMED = /^(unsure|unclassified)\b/i;

/** "The waiter is pouring into the shot glass." */
export function factSentence(triple: Triple): string {
  return sentence(triple.object === null
    ? `the ${triple.subject} is ${triple.predicate}`
    : `the ${triple.subject} is ${triple.predicate} the ${triple.object}`);
}

function relationTwin(scene: Scene, fact: string | undefined, original: string | null, question: string, pick: Pick): TwinQuestion | undefined {
  const text = norm(fact ?? question);
  // The true triples between the perturbed fact's subject and object.
  const between = scene.triples.filter((t) =>
    fact !== undefined
      ? text.startsWith(`${norm(t.subject)} `) && (t.object === null || text.endsWith(` ${norm(t.object)}`))
      : text.includes(norm(t.subject)) && (t.object === null || text.includes(norm(t.object))));
  if (between.length === 0) return undefined;
  const triple = between.find((t) => original !== null && norm(t.predicate) === norm(original))
    ?? between.sort((a, b) => (b.object?.length ?? 0) - (a.object?.length ?? 0))[0]!;
  if (triple.object === null) {
    return { question: `What is the ${triple.subject} doing?`, reference: factSentence(triple), question_type: "what-doing" };
  }
  const asked = pick([
    `What is the ${triple.subject} doing with the ${triple.object}?`,
    `How is the ${triple.subject} interacting with the ${triple.object}?`,
  ]);
  return { question: asked, reference: factSentence(triple), question_type: "what-doing" };
}

function objectTwin(scene: Scene, fact: string | undefined, original: string | null, replaced: string, pick: Pick): TwinQuestion | undefined {
  const text = fact ? norm(fact) : "";
  const absent = norm(replaced);
  // The fact without the absent object: "customer looking at" (object replaced) or "looking at door" (subject replaced).
  const frame = text.endsWith(` ${absent}`) ? { role: "object" as const, rest: text.slice(0, -absent.length - 1) }
    : text.startsWith(`${absent} `) ? { role: "subject" as const, rest: text.slice(absent.length + 1) }
    : undefined;
  const fits = (t: Triple) => frame?.role === "object"
    ? norm(`${t.subject} ${t.predicate}`) === frame.rest
    : frame?.role === "subject" && t.object !== null && norm(`${t.predicate} ${t.object}`) === frame.rest;
  const involves = (t: Triple, name: string) => norm(t.subject) === norm(name) || (t.object !== null && norm(t.object) === norm(name));
  let triple: Triple | undefined;
  if (original !== null) {
    const withOriginal = scene.triples.filter((t) => involves(t, original));
    triple = withOriginal.find((t) => frame?.role === "object"
      ? norm(`${t.subject} ${t.predicate}`) === frame.rest && norm(t.object ?? "") === norm(original)
      : frame?.role === "subject" && norm(t.subject) === norm(original) && norm(`${t.predicate} ${t.object ?? ""}`) === frame.rest)
      ?? withOriginal.find((t) => frame !== undefined && frame.rest.startsWith(`${norm(t.subject)} `))
      ?? withOriginal[0];
    if (!triple) {
      const present = scene.objects.some((o) => norm(o) === norm(original));
      if (!present) return undefined;
      return { question: `Is there ${article(original)} in the video?`, reference: sentence(`yes, there is ${article(original)} in the video`), question_type: "is-there" };
    }
  } else {
    const sameSubject = scene.triples.filter((t) => frame !== undefined && frame.rest.startsWith(`${norm(t.subject)} `));
    triple = scene.triples.find((t) => fits(t) && !UNNAMED.test(t.object ?? ""))
      ?? sameSubject.find((t) => !UNNAMED.test(t.object ?? "")) ?? scene.triples.find(fits) ?? sameSubject[0];
  }
  if (!triple) return undefined;
  if (triple.object === null || (original !== null && norm(triple.subject) === norm(original))) {
    return { question: `What is the ${triple.subject} doing?`, reference: factSentence(triple), question_type: "what-doing" };
  }
  // Every object the subject relates to by this predicate answers "What is the S P?".
  const all = scene.triples
    .filter((t) => norm(t.subject) === norm(triple.subject) && norm(t.predicate) === norm(triple.predicate) && t.object !== null)
    .map((t) => t.object!);
  // MOMA labels objects it could not name "unsure"/"unclassified ...": no answer names one when a real object is there.
  const named = all.filter((o) => !UNNAMED.test(o));
  const objects = (named.length ? named : all).map((o) => `the ${o}`);
  const question = pick([`What is the ${triple.subject} ${triple.predicate}?`, `Which object is the ${triple.subject} ${triple.predicate}?`]);
  return {
    question,
    reference: sentence(`the ${triple.subject} is ${triple.predicate} ${[...new Set(objects)].join(" and ")}`),
    question_type: question.startsWith("Which") ? "which" : "what",
  };
}

function attributeTwin(scene: Scene, fact: string | undefined, original: string | null): TwinQuestion | undefined {
  const value = original ?? (fact ? changedWord(scene.captions, fact) : undefined);
  if (!value) return undefined;
  const caption = scene.captions.find((c) => wordIndex(c, value) >= 0);
  const known = scene.attributes.find((a) => norm(a.attribute) === norm(value));
  if (!caption) {
    if (!known) return undefined;
    return attributeAnswer(known.object, value, known.class, "");
  }
  const words = squash(caption).replace(/[.!?]+$/, "").split(" ");
  const at = wordIndex(caption, value);
  // The object is the attribute's object when the scene names it, else the word after the value.
  const objectWords = (known?.object ?? words[at + 1] ?? "").split(" ").filter(Boolean);
  if (objectWords.length === 0) return undefined;
  const after = words.slice(at + 1 + objectWords.length);
  let before = words.slice(0, at);
  if (/^(a|an|the|some)$/i.test(before[before.length - 1] ?? "")) before = before.slice(0, -1);
  const object = objectWords.join(" ");
  // The object opens the caption: a relative clause reads well ("the light that blinks under the drums").
  if (before.length === 0) return attributeAnswer(object, value, known?.class, squash(after.join(" ")));
  // Otherwise restate the caption without the value, then ask.
  const context = sentence([...words.slice(0, at), ...words.slice(at + 1)].join(" "));
  const twin = attributeAnswer(object, value, known?.class, "");
  return { ...twin, question: `${context} ${twin.question}` };
}

function attributeAnswer(object: string, value: string, cls: string | undefined, clause: string): TwinQuestion {
  const kind = cls ?? attributeClass(defaultVocabulary(), value);
  const that = clause ? ` that ${clause}` : "";
  if (kind === "material") {
    return { question: `What is the ${object}${that} made of?`, reference: sentence(`the ${object} is made of ${value}`), question_type: "what-material" };
  }
  if (!kind) {
    return { question: `What does the ${object}${that} look like?`, reference: sentence(`the ${object} is ${value}`), question_type: "what-attribute" };
  }
  return { question: `What ${kind} is the ${object}${that}?`, reference: sentence(`the ${object} is ${value}`), question_type: `what-${kind}` };
}

/** Index of a whole word or phrase in a caption's words, or -1. */
function wordIndex(caption: string, phrase: string): number {
  const words = squash(caption).toLowerCase().replace(/[.!?]+$/, "").split(" ");
  const target = norm(phrase).split(" ");
  for (let i = 0; i + target.length <= words.length; i++) {
    if (target.every((w, j) => words[i + j] === w)) return i;
  }
  return -1;
}

/** The caption word the perturbed fact changed ("red" in "a red light" vs "a pinkish light"). */
function changedWord(captions: string[], fact: string): string | undefined {
  const altered = norm(fact).split(" ");
  for (const caption of captions) {
    const words = norm(caption).split(" ");
    if (words.length !== altered.length) continue;
    const diff = words.filter((w, i) => w !== altered[i]);
    if (diff.length === 1) return diff[0];
  }
  return undefined;
}
