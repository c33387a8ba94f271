// Question templates (the project's own wording). Each template reads a fact (subject-predicate-object)
// and asks about it: answerable templates also give a reference answer; presupposing templates
// ("Why is the man throwing the cup?") are the ones a perturbed fact turns into unanswerable questions.
import type { SceneGraph, SceneObject, SceneRelation } from "./scene-graph.ts";
import { article, numberWord, plural, sentence } from "./words.ts";

export interface Asked {
  question: string;
  question_type: string;
}

export interface Answered extends Asked {
  reference: string;
}

/** The scene a template reads: the graph and its objects by name. */
export interface SceneView {
  graph: SceneGraph;
  objects: Map<string, SceneObject>;
  /** Predicates the vocabulary lists as spatial (for "where" questions). */
  spatial: Set<string>;
}

export function viewOf(graph: SceneGraph, spatial: Set<string>): SceneView {
  return { graph, objects: new Map(graph.objects.map((object) => [object.name, object])), spatial };
}

const kindOf = (view: SceneView, name: string) => view.objects.get(name)?.kind;
const countOf = (view: SceneView, name: string) => view.objects.get(name)?.count ?? 1;
export const isAgent = (view: SceneView, name: string) => ["person", "animal"].includes(kindOf(view, name) ?? "");

/** "the apples are" / "the woman is". */
function subjectIs(view: SceneView, name: string, shown = name): string {
  return countOf(view, name) > 1 ? `the ${plural(shown)} are` : `the ${shown} is`;
}

/** "chickens" when the scene shows several. */
const objectName = (view: SceneView, name: string) => (countOf(view, name) > 1 ? plural(name) : name);

/** "The woman is holding the umbrella." */
export function factSentence(view: SceneView, r: SceneRelation): string {
  return sentence(r.object === null ? `${subjectIs(view, r.subject)} ${r.predicate}` : `${subjectIs(view, r.subject)} ${r.predicate} the ${objectName(view, r.object)}`);
}

/** The same without the final stop, lower case: for inside a refusal. */
export function factClause(view: SceneView, r: SceneRelation): string {
  const text = factSentence(view, r);
  return `${text.charAt(0).toLowerCase()}${text.slice(1, -1)}`;
}

/** How an attribute value reads before its noun: "red umbrella", "wood bench" (material nouns work as modifiers). */
export function modified(value: string, name: string): string {
  return `${value} ${name}`;
}

/** How a reference states an attribute: "the bench is made of wood", "the umbrella is red". */
export function attributeClause(cls: string, name: string, value: string): string {
  return cls === "material" ? `the ${name} is made of ${value}` : `the ${name} is ${value}`;
}

/** "What colour is ...", "What is ... made of". */
function askAttribute(cls: string, phrase: string): string {
  if (cls === "material") return `What is ${phrase} made of?`;
  if (cls === "size") return `How big is ${phrase}?`;
  return `What ${cls} is ${phrase}?`;
}

// ---- Presupposing templates: question text for a fact, true or perturbed. ----
// `name` overrides how the subject or object is written (an absent object, "green umbrella").

export interface Phrasing {
  subject?: string;
  object?: string;
  predicate?: string;
}

export type Template = (view: SceneView, r: SceneRelation, say: Phrasing) => Asked | undefined;

const words = (r: SceneRelation, say: Phrasing) => ({
  s: say.subject ?? r.subject,
  p: say.predicate ?? r.predicate,
  o: say.object ?? r.object,
});

/** "Who is holding the umbrella?" */
export const who: Template = (view, r, say) => {
  const { p, o } = words(r, say);
  if (o === null || kindOf(view, r.subject) !== "person") return undefined;
  return { question: `Who is ${p} the ${o}?`, question_type: "who" };
};

/** "What is the woman holding?" */
export const whatObject: Template = (view, r, say) => {
  const { s, p, o } = words(r, say);
  if (o === null) return undefined;
  const many = countOf(view, r.subject) > 1;
  return { question: many ? `What are the ${plural(s)} ${p}?` : `What is the ${s} ${p}?`, question_type: "what" };
};

/** "What is the woman doing with the umbrella?" / "What is the dog doing?" */
export const doing: Template = (view, r, say) => {
  const { s, o } = words(r, say);
  if (!isAgent(view, r.subject) || countOf(view, r.subject) > 1) return undefined;
  return { question: o === null ? `What is the ${s} doing?` : `What is the ${s} doing with the ${o}?`, question_type: "what-doing" };
};

/** "Why is the woman holding the umbrella?" (never answerable from a scene graph: perturbations only). */
export const why: Template = (view, r, say) => {
  const { s, p, o } = words(r, say);
  const subject = subjectIs(view, r.subject, s).replace(/ (is|are)$/, "");
  const be = countOf(view, r.subject) > 1 ? "are" : "is";
  return { question: o === null ? `Why ${be} ${subject} ${p}?` : `Why ${be} ${subject} ${p} the ${o}?`, question_type: "why" };
};

/** "Where is the dog swimming?": an intransitive action (perturbations only, like "why"). */
export const whereDoing: Template = (view, r, say) => {
  const { s, p, o } = words(r, say);
  if (o !== null || countOf(view, r.subject) > 1) return undefined;
  return { question: `Where is the ${s} ${p}?`, question_type: "where-doing" };
};

/** "Where is the cup?" for a spatial fact. */
export const where: Template = (view, r, say) => {
  const { s } = words(r, say);
  if (r.object === null || !view.spatial.has(r.predicate) || say.predicate !== undefined) return undefined;
  const many = countOf(view, r.subject) > 1;
  return { question: many ? `Where are the ${plural(s)}?` : `Where is the ${s}?`, question_type: "where" };
};

/** "How many apples are on the table?" */
export const howMany: Template = (view, r, say) => {
  const { s, p, o } = words(r, say);
  if (o === null || countOf(view, r.subject) < 2) return undefined;
  return { question: `How many ${plural(s)} are ${p} the ${o}?`, question_type: "how-many" };
};

/** "What colour is the mug that the woman is holding?": needs the object's attribute of that class. */
export function attributeOfObject(cls: string): Template {
  return (view, r, say) => {
    const { s, p, o } = words(r, say);
    if (o === null || r.object === null || !view.objects.get(r.object)?.attributes[cls] || countOf(view, r.subject) > 1) return undefined;
    return { question: askAttribute(cls, `the ${o} that the ${s} is ${p}`), question_type: `what-${cls}` };
  };
}

/** "What colour is the bowl that is on the table?": the subject's attribute, for non-agents. */
export function attributeOfSubject(cls: string): Template {
  return (view, r, say) => {
    const { s, p, o } = words(r, say);
    if (o === null || isAgent(view, r.subject) || !view.objects.get(r.subject)?.attributes[cls] || countOf(view, r.subject) > 1) return undefined;
    return { question: askAttribute(cls, `the ${s} that is ${p} the ${o}`), question_type: `what-${cls}` };
  };
}

// ---- Reference answers for true facts. ----

/** The reference for a template asked about a true fact, or undefined if the graph cannot answer it. */
export function answerFor(view: SceneView, r: SceneRelation, asked: Asked): string | undefined {
  const graph = view.graph;
  switch (asked.question_type) {
    case "who": {
      const subjects = [...new Set(graph.relations.filter((x) => x.predicate === r.predicate && x.object === r.object).map((x) => x.subject))];
      const who = subjects.length === 1 ? subjectIs(view, subjects[0]!) : `${subjects.map((x) => `the ${x}`).join(" and ")} are`;
      return sentence(`${who} ${r.predicate} the ${objectName(view, r.object!)}`);
    }
    case "what": {
      const objects = graph.relations.filter((x) => x.subject === r.subject && x.predicate === r.predicate && x.object !== null).map((x) => `the ${objectName(view, x.object!)}`);
      return sentence(`${subjectIs(view, r.subject)} ${r.predicate} ${[...new Set(objects)].join(" and ")}`);
    }
    case "what-doing":
    case "where":
      return factSentence(view, r);
    case "how-many":
      return sentence(`there are ${numberWord(countOf(view, r.subject))} ${plural(r.subject)} ${r.predicate} the ${objectName(view, r.object!)}`);
    case "why":
    case "where-doing":
      return undefined;
    default: {
      const cls = asked.question_type.replace(/^what-/, "");
      const target = asked.question.includes(`the ${r.subject} that is`) ? r.subject : r.object;
      const value = target ? view.objects.get(target)?.attributes[cls] : undefined;
      return target && value ? sentence(attributeClause(cls, target, value)) : undefined;
    }
  }
}

// ---- Standalone answerable questions. ----

/** "Is there a dog in the video?" */
export function isThere(view: SceneView, object: SceneObject): Answered {
  const many = object.count > 1;
  return {
    question: many ? `Are there any ${plural(object.name)} in the video?` : `Is there ${article(object.name)} in the video?`,
    reference: sentence(many ? `yes, there are ${numberWord(object.count)} ${plural(object.name)} in the video` : `yes, there is ${article(object.name)} in the video`),
    question_type: "is-there",
  };
}

/** "Is the woman holding the umbrella?" */
export function yesNo(view: SceneView, r: SceneRelation): Answered {
  const subject = subjectIs(view, r.subject);
  const [be, ...rest] = subject.split(" ").reverse();
  const np = rest.reverse().join(" ");
  const tail = r.object === null ? r.predicate : `${r.predicate} the ${objectName(view, r.object)}`;
  return { question: sentence(`${be} ${np} ${tail}`).replace(/\.$/, "?"), reference: sentence(`yes, ${subject} ${tail}`), question_type: "yes-no" };
}

/** "What colour is the umbrella?" about an object with no relation needed. */
export function plainAttribute(object: SceneObject, cls: string): Answered | undefined {
  const value = object.attributes[cls];
  if (!value || object.count > 1 || object.kind === "person") return undefined;
  return { question: askAttribute(cls, `the ${object.name}`), reference: sentence(attributeClause(cls, object.name, value)), question_type: `what-${cls}` };
}
