// The built-in responder: a deterministic, offline stand-in for a Video LLM. It sees only the question,
// the video's scene facts and the instruction. Without an instruction it answers everything from the
// closest fact (hallucinating when the question names what the video lacks), like an unaligned model;
// told to refuse unanswerable questions, it refuses with the missing element as the reason.
import type { Attribute, Scene, Triple } from "../items/schema.ts";
import { article, numberValue, plural, sentence } from "../generate/words.ts";
import { claimedRelation, ground, relationFails, type Grounding } from "./ground.ts";
import { contentWords } from "./lexicon.ts";

export interface ResponderInput {
  question: string;
  scene: Scene;
  instruction?: string | null;
}

export const RESPONDER_NAME = "builtin-scene";
export const RESPONDER_VERSION = "1";

/** Whether an instruction asks the model to decline unanswerable questions (judged by its content). */
export function asksToRefuse(instruction: string | null | undefined): boolean {
  return !!instruction && /unanswerable|not answerable|cannot be answered|can't be answered|can not be answered|refuse|decline/i.test(instruction);
}

export function respond(input: ResponderInput): string {
  const g = ground(input.question, input.scene);
  if (asksToRefuse(input.instruction)) {
    const reason = refusalReason(input.question, g, input.scene.attributes);
    if (reason) return `The question is unanswerable: it cannot be answered from the video because ${reason}.`;
  }
  return answer(input.question, input.scene, g);
}

/** Why the question cannot be answered, or undefined when the facts support it. Yes/no questions are answered ("No"). */
export function refusalReason(question: string, g: Grounding, attributes: Attribute[] = []): string | undefined {
  const form = questionForm(question);
  if (form === "exists" || form === "yes-no") return undefined;
  const fact = g.closest ? `; ${lower(factText(g.closest, attributes))}` : "";
  if (g.absent.length) return `there is no ${g.absent[0]} in the video${fact}`;
  const mismatch = g.mismatches[0];
  if (mismatch) return `the ${mismatch.object} is not ${mismatch.said}; it is ${mismatch.actual.attribute}`;
  if (relationFails(g)) {
    const truth = g.related.find((t) => g.closest === t) ?? g.related[0]!;
    const claim = claimedRelation(g);
    const target = truth.object === null || claim.endsWith(` ${truth.object}`) ? "" : ` the ${truth.object}`;
    return `the ${truth.subject} is not ${claim}${target}; ${lower(factText(truth, attributes))}`;
  }
  return undefined;
}

type Form = "exists" | "yes-no" | "count" | "attribute" | "who" | "where" | "other";

export function questionForm(question: string): Form {
  const q = question.trim().toLowerCase();
  if (/^(is|are) there\b/.test(q)) return "exists";
  if (/^(is|are|was|were|does|do|did|can|has|have)\b/.test(q)) return "yes-no";
  if (/^how many\b/.test(q)) return "count";
  if (attributeAsked(q)) return "attribute";
  if (/^(who|which (person|man|woman|one))\b/.test(q)) return "who";
  if (/^where\b/.test(q)) return "where";
  return "other";
}

/** The attribute class a question asks for ("What colour is ..." -> "colour"). */
export function attributeAsked(question: string): string | undefined {
  const q = question.toLowerCase();
  if (/\b(what|which) colou?r\b|\bcolou?r of\b/.test(q)) return "colour";
  if (/\bmade of\b|\bwhat material\b/.test(q)) return "material";
  if (/\bwhat pattern\b/.test(q)) return "pattern";
  if (/\bwhat size\b|^how (big|large|small|tall)\b/.test(q)) return "size";
  return undefined;
}

/** "The woman is holding the umbrella."; "The apples are on the table." when the scene counts several. */
export function factText(t: Triple, attributes: Attribute[] = []): string {
  const many = countOf(attributes, t.subject) > 1;
  const subject = many ? `the ${plural(t.subject)} are` : `the ${t.subject} is`;
  const object = t.object !== null && countOf(attributes, t.object) > 1 ? plural(t.object) : t.object;
  return sentence(object === null ? `${subject} ${t.predicate}` : `${subject} ${t.predicate} the ${object}`);
}

const lower = (text: string) => text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, "");

/** An answer from the facts; when the question names something absent, the closest fact stands in for it. */
export function answer(question: string, scene: Scene, g: Grounding): string {
  const form = questionForm(question);
  const first = g.mentions[0]?.entity;
  const absent = g.absent[0];
  if (form === "exists") {
    if (first && !absent) {
      const count = countOf(scene.attributes, first);
      return sentence(count > 1 ? `yes, there are ${countWord(scene.attributes, first)} ${plural(first)} in the video` : `yes, there is ${article(first)} in the video`);
    }
    return sentence(`no, there is no ${absent ?? "such thing"} in the video`);
  }
  if (form === "yes-no") {
    const t = g.held[0];
    if (t && !absent && g.mismatches.length === 0) return `Yes, ${lower(factText(t, scene.attributes))}.`;
    const truth = g.related[0] ?? g.closest;
    return truth ? `No, ${lower(factText(truth, scene.attributes))}.` : "No.";
  }
  if (form === "count") {
    const target = absent ? standIn(g) : first;
    const count = target ? countOf(scene.attributes, target) : 1;
    const name = absent ?? target ?? "thing";
    if (count === 1) return sentence(`there is one ${name}`);
    // Keep the question's relation when the facts hold it ("three balloons above the table").
    const where = g.held.find((t) => t.subject === target && t.object !== null);
    const tail = where ? ` ${where.predicate} the ${countOf(scene.attributes, where.object!) > 1 ? plural(where.object!) : where.object}` : "";
    return sentence(`there are ${countWord(scene.attributes, target!)} ${plural(name)}${tail}`);
  }
  if (form === "attribute") {
    const cls = attributeAsked(question)!;
    const target = absent ? standIn(g) : first;
    const value = (target && attributeOf(scene.attributes, target, cls)) ?? scene.attributes.find((a) => sameClass(a.class, cls))?.attribute;
    const name = absent ?? target;
    if (value && name) return sentence(cls === "material" ? `the ${name} is made of ${value}` : `the ${name} is ${value}`);
  }
  const t = bestFor(form, g, scene);
  if (!t) return scene.captions[0] ? sentence(scene.captions[0]) : "I cannot tell.";
  if (!absent) return factText(t, scene.attributes);
  // Hallucinate: the absent thing takes the place of whichever end of the fact the question did not name.
  const named = new Set(g.mentions.map((m) => m.entity));
  if (!named.has(t.subject) && form !== "who") return factText({ ...t, subject: absent }, scene.attributes);
  if (t.object !== null && !named.has(t.object)) return factText({ ...t, object: absent }, scene.attributes);
  return factText(t, scene.attributes);
}

/** The fact that fits the question's form best: a spatial one for "where", one with the named subject, else the closest. */
function bestFor(form: Form, g: Grounding, scene: Scene): Triple | undefined {
  const first = g.mentions[0]?.entity;
  if (form === "where" && first) {
    const about = scene.triples.filter((t) => t.subject === first);
    return about.find((t) => !contentWords(t.predicate).some((w) => w.endsWith("ing"))) ?? about[0] ?? g.closest;
  }
  // "What is the dog doing?": an action of its own before anything it does to something else.
  if (first && g.mentions.length === 1 && g.words[g.words.length - 1] === "doing") {
    const own = scene.triples.find((t) => t.subject === first && t.object === null);
    if (own) return own;
  }
  // "Who is typing on the laptop?": the answer is a subject the question does not name.
  if (form === "who") {
    const named = new Set(g.mentions.map((m) => m.entity));
    const byOther = g.held.find((t) => !named.has(t.subject));
    if (byOther) return byOther;
  }
  if (g.held.length) return g.held.find((t) => t === g.closest) ?? g.held[0];
  return g.closest;
}

/** For a question about something absent, the thing the closest fact offers instead. */
function standIn(g: Grounding): string | undefined {
  const t = g.closest;
  if (!t) return undefined;
  const named = new Set(g.mentions.map((m) => m.entity));
  if (t.object !== null && !named.has(t.object)) return t.object;
  return named.has(t.subject) && t.object !== null ? t.object : t.subject;
}

const sameClass = (a: string | undefined, b: string) => a !== undefined && a.replace("color", "colour") === b;

function attributeOf(attributes: Attribute[], object: string, cls: string): string | undefined {
  return attributes.find((a) => a.object === object && sameClass(a.class, cls))?.attribute;
}

function countWord(attributes: Attribute[], object: string): string {
  return attributeOf(attributes, object, "count") ?? "one";
}

function countOf(attributes: Attribute[], object: string): number {
  return numberValue(countWord(attributes, object)) ?? 1;
}

