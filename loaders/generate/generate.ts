// Template mode of the UVQA recipe: from each scene graph, answerable questions about facts that hold,
// and unanswerable ones (object, relation, attribute), each paired with an answerable twin about the
// same fact. Deterministic for a seed: every scene draws from its own randomLcg stream.
import { randomLcg } from "d3-random";
import type { Item, Perturbation, UnanswerableCategory } from "../items/schema.ts";
import { relationText, sceneOf, type SceneGraph, type SceneRelation } from "./scene-graph.ts";
import { absentObjects, falsePredicates, otherValues } from "./perturb.ts";
import {
  answerFor, attributeClause, attributeOfObject, attributeOfSubject, doing, factClause, howMany, isAgent, isThere,
  modified, plainAttribute, viewOf, whatObject, where, whereDoing, who, why, yesNo,
  type Answered, type Asked, type SceneView, type Template,
} from "./templates.ts";
import { defaultVocabulary, type Vocabulary } from "./vocabulary.ts";
import { plural, sentence } from "./words.ts";

export interface GenerateOptions {
  seed: number;
  /** Item ids are `<dataset>/<scene id>/<n>`; default "sample". */
  dataset?: string;
  vocabulary?: Vocabulary;
}

/** How many unanswerable items of each kind a scene gets (each with its twin), and standalone answerable ones. */
export const PER_SCENE = { object: 2, relation: 2, attribute: [1, 2], answerable: 1 } as const;

const REFUSAL = "The question cannot be answered from the video";
const ATTRIBUTE_CLASSES = ["colour", "material", "pattern", "size"];

type Random = () => number;

interface Draft {
  category: UnanswerableCategory;
  asked: Asked;
  reference: string;
  perturbation: Perturbation;
  twin: Answered;
}

export function generateItems(graphs: SceneGraph[], options: GenerateOptions): Item[] {
  const vocabulary = options.vocabulary ?? defaultVocabulary();
  const dataset = options.dataset ?? "sample";
  return graphs.flatMap((graph) => sceneItems(graph, vocabulary, dataset, randomLcg(mix(options.seed, graph.id))));
}

/** A scene's own seed, so adding a scene does not change the others' items. */
function mix(seed: number, id: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h / 2 ** 32;
}

function shuffle<T>(values: readonly T[], random: Random): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function sceneItems(graph: SceneGraph, vocabulary: Vocabulary, dataset: string, random: Random): Item[] {
  const view = viewOf(graph, new Set(vocabulary.predicates.spatial?.members ?? []));
  const scene = sceneOf(graph);
  const asked = new Set<string>();
  const items: Item[] = [];
  const base = { dataset, video: graph.id, scene, source: graph.setting ?? "scene" };
  const nextId = () => `${dataset}/${graph.id}/${items.length}`;
  const fresh = (question: string) => !asked.has(question.toLowerCase());
  const use = (question: string) => asked.add(question.toLowerCase());

  const emit = (draft: Draft) => {
    const id = nextId();
    const twinId = `${dataset}/${graph.id}/${items.length + 1}`;
    use(draft.asked.question);
    use(draft.twin.question);
    items.push({ id, ...base, category: draft.category, question: draft.asked.question, reference: draft.reference,
      question_type: draft.asked.question_type, perturbation: draft.perturbation, pair: twinId });
    items.push({ id: twinId, ...base, category: "answerable", question: draft.twin.question, reference: draft.twin.reference,
      question_type: draft.twin.question_type, pair: id });
  };

  const drafts: Record<UnanswerableCategory, (r: SceneRelation) => Draft | undefined> = {
    object: (r) => objectDraft(view, r, vocabulary, random, fresh),
    relation: (r) => relationDraft(view, r, vocabulary, random, fresh),
    attribute: (r) => attributeDraft(view, r, vocabulary, random, fresh),
  };
  const wanted: Record<UnanswerableCategory, number> = {
    object: PER_SCENE.object,
    relation: PER_SCENE.relation,
    attribute: PER_SCENE.attribute[Math.floor(random() * PER_SCENE.attribute.length)]!,
  };
  for (const category of ["object", "relation", "attribute"] as const) {
    let made = 0;
    // Different facts first; a second pass may reuse a fact with another template.
    for (const r of [...shuffle(graph.relations, random), ...shuffle(graph.relations, random)]) {
      if (made >= wanted[category]) break;
      const draft = drafts[category](r);
      if (draft) {
        emit(draft);
        made++;
      }
    }
  }
  for (const extra of shuffle(standalone(view), random)) {
    if (items.filter((item) => !item.pair).length >= PER_SCENE.answerable) break;
    if (!fresh(extra.question)) continue;
    use(extra.question);
    items.push({ id: nextId(), ...base, category: "answerable", question: extra.question, reference: extra.reference, question_type: extra.question_type });
  }
  return items;
}

/** Asks with the first template (in random order) that fits; `twinOf` gives the answerable twin. */
function firstFit(view: SceneView, r: SceneRelation, templates: Template[], say: Parameters<Template>[2], random: Random,
  fresh: (q: string) => boolean, twinOf: (template: Template) => Answered | undefined): { asked: Asked; twin: Answered } | undefined {
  for (const template of shuffle(templates, random)) {
    const asked = template(view, r, say);
    if (!asked || !fresh(asked.question)) continue;
    const twin = twinOf(template);
    if (twin && fresh(twin.question) && twin.question !== asked.question) return { asked, twin };
  }
  return undefined;
}

/** The twin: the same template about the true fact when the graph answers it, else a plain question about the fact. */
function sameOrPlain(view: SceneView, r: SceneRelation, template: Template, fallbacks: Template[]): Answered | undefined {
  for (const t of [template, ...fallbacks]) {
    const asked = t(view, r, {});
    const reference = asked && answerFor(view, r, asked);
    if (asked && reference) return { ...asked, reference };
  }
  return undefined;
}

const attributeTemplates = ATTRIBUTE_CLASSES.map(attributeOfObject);

function objectDraft(view: SceneView, r: SceneRelation, vocabulary: Vocabulary, random: Random, fresh: (q: string) => boolean): Draft | undefined {
  const roles = r.object === null ? ["subject" as const] : shuffle(["subject", "object"] as const, random);
  for (const role of roles) {
    const original = role === "subject" ? r.subject : r.object!;
    const kind = view.objects.get(original)!.kind;
    const absent = shuffle(absentObjects(view.graph, kind, vocabulary), random)[0];
    if (!absent) continue;
    const templates = role === "subject" ? [whatObject, doing, where, howMany, why] : [who, doing, why, ...attributeTemplates];
    const say = role === "subject" ? { subject: absent } : { object: absent };
    const fit = firstFit(view, r, templates, say, random, fresh, (t) => sameOrPlain(view, r, t, [doing, whatObject, who, where]));
    if (!fit) continue;
    const fact = relationText(role === "subject" ? { ...r, subject: absent } : { ...r, object: absent });
    const question = fit.asked.question.toLowerCase();
    return {
      category: "object",
      asked: fit.asked,
      reference: `${REFUSAL}: there is no ${absent} in it; ${factClause(view, r)}.`,
      perturbation: { kind: "object", original, replaced_with: absent, fact, in_question: question.includes(absent) || question.includes(plural(absent)) },
      twin: fit.twin,
    };
  }
  return undefined;
}

function relationDraft(view: SceneView, r: SceneRelation, vocabulary: Vocabulary, random: Random, fresh: (q: string) => boolean): Draft | undefined {
  const replacement = shuffle(falsePredicates(view.graph, r, vocabulary), random)[0];
  if (!replacement) return undefined;
  const templates = r.object === null ? [why, whereDoing] : [who, whatObject, why, howMany, ...attributeTemplates];
  const fit = firstFit(view, r, templates, { predicate: replacement }, random, fresh, (t) => sameOrPlain(view, r, t, [doing, whatObject, who]));
  if (!fit) return undefined;
  const truth = factClause(view, r);
  const claim = factClause(view, { ...r, predicate: `not ${replacement}` });
  return {
    category: "relation",
    asked: fit.asked,
    reference: `${REFUSAL}: ${claim}; ${truth}.`,
    perturbation: { kind: "relation", original: r.predicate, replaced_with: replacement, fact: relationText({ ...r, predicate: replacement }), in_question: true },
    twin: fit.twin,
  };
}

function attributeDraft(view: SceneView, r: SceneRelation, vocabulary: Vocabulary, random: Random, fresh: (q: string) => boolean): Draft | undefined {
  const ends = r.object === null ? ["subject" as const] : shuffle(["subject", "object"] as const, random);
  for (const end of ends) {
    const name = end === "subject" ? r.subject : r.object!;
    const object = view.objects.get(name)!;
    if (object.kind === "person" || object.count > 1) continue;
    for (const [cls, value] of shuffle(Object.entries(object.attributes), random)) {
      const replacement = shuffle(otherValues(cls, value, vocabulary), random)[0];
      if (!replacement) continue;
      const np = modified(replacement, name);
      const templates = end === "subject" ? [whatObject, where, why] : [who, why, ...(isAgent(view, r.subject) ? [doing] : [])];
      const say = end === "subject" ? { subject: np } : { object: np };
      const twinTemplate = end === "subject" ? attributeOfSubject(cls) : attributeOfObject(cls);
      const twinOf = (): Answered | undefined => {
        const asked = twinTemplate(view, r, {});
        const reference = asked && answerFor(view, r, asked);
        return asked && reference ? { ...asked, reference } : plainAttribute(object, cls);
      };
      const fit = firstFit(view, r, templates, say, random, fresh, twinOf);
      if (!fit) continue;
      return {
        category: "attribute",
        asked: fit.asked,
        reference: `${REFUSAL}: there is no ${np} in it; ${attributeClause(cls, name, value)}.`,
        perturbation: { kind: "attribute", original: value, replaced_with: replacement, fact: relationText(end === "subject" ? { ...r, subject: np } : { ...r, object: np }), in_question: true },
        twin: fit.twin,
      };
    }
  }
  return undefined;
}

/** Answerable questions with no unanswerable twin: presence, yes/no, counts, plain attributes. */
function standalone(view: SceneView): Answered[] {
  const out: Answered[] = [];
  for (const object of view.graph.objects) {
    out.push(isThere(view, object));
    for (const cls of ATTRIBUTE_CLASSES) {
      const plain = plainAttribute(object, cls);
      if (plain) out.push(plain);
    }
  }
  for (const r of view.graph.relations) {
    out.push(yesNo(view, r));
    const count = howMany(view, r, {});
    const reference = count && answerFor(view, r, count);
    if (count && reference) out.push({ ...count, reference });
  }
  return out.map((a) => ({ ...a, reference: sentence(a.reference) }));
}
