// The item contract shared by every module (architecture.md, "Parts and their contracts").
// Names follow the paper: an item is answerable or unanswerable by object, relation or attribute.
import { z } from "zod";
import { refuseMisspelledKeys } from "../keys.ts";
import { CATEGORIES, UNANSWERABLE_CATEGORIES, type Category as CategoryName } from "./categories.ts";

export { CATEGORIES, UNANSWERABLE_CATEGORIES, isUnanswerable, type UnanswerableCategory } from "./categories.ts";
export type Category = CategoryName;
export const Category = z.enum(CATEGORIES);

/** A subject-predicate-object fact; `object` is null for intransitive predicates ("waiter walking"). */
export const Triple = z.object({
  subject: z.string().min(1),
  predicate: z.string().min(1),
  object: z.string().min(1).nullable(),
}).strict();
export type Triple = z.infer<typeof Triple>;

/** An attribute of an object, e.g. {object: "light", attribute: "red", class: "color"}. */
export const Attribute = z.object({
  object: z.string().min(1),
  attribute: z.string().min(1),
  class: z.string().min(1).optional(),
}).strict();
export type Attribute = z.infer<typeof Attribute>;

/** What is known about a video: its scene facts. Every list may be empty. */
export const Scene = z.object({
  objects: z.array(z.string()).default([]),
  /** Relation strings as the source wrote them ("waiter pouring into shot glass"). */
  relations: z.array(z.string()).default([]),
  /** The same relations parsed into triples (where parsing succeeded). */
  triples: z.array(Triple).default([]),
  attributes: z.array(Attribute).default([]),
  captions: z.array(z.string()).default([]),
}).strict();
export type Scene = z.infer<typeof Scene>;

/** What was changed to make an unanswerable item. */
export const Perturbation = z.object({
  kind: z.enum(UNANSWERABLE_CATEGORIES),
  /** The element that holds in the video (null when the source does not say which one was replaced). */
  original: z.string().nullable(),
  /** The element that does not hold. */
  replaced_with: z.string().min(1),
  /** The perturbed fact as a whole ("customer looking at baby basket"), when the source gives it. */
  fact: z.string().optional(),
  /** Whether `replaced_with` literally appears in the question (false for hand-edited questions). */
  in_question: z.boolean().optional(),
}).strict();
export type Perturbation = z.infer<typeof Perturbation>;

const ITEM_FIELDS = {
  id: z.string().min(1),
  dataset: z.string().min(1),
  category: Category,
  video: z.string(),
  question: z.string().min(1),
  reference: z.string(),
  scene: Scene.optional(),
  perturbation: Perturbation.optional(),
  /** For an unanswerable item, the id of its answerable twin about the same fact (and back). */
  pair: z.string().optional(),
  /** Free slice fields: question type, video source, ... */
  question_type: z.string().optional(),
  source: z.string().optional(),
  /** Quirks of the source record, kept visible instead of silently dropped. */
  flags: z.array(z.string()).optional(),
};
export const ITEM_KEYS = Object.keys(ITEM_FIELDS);

/**
 * An item. Extra top-level keys are free slice fields (README, *File formats*), unless they read as a
 * misspelling of a known key (`refrence`, `categroy`); `scene` and `perturbation` are strict.
 */
export const Item = z.object(ITEM_FIELDS).passthrough().superRefine(refuseMisspelledKeys(ITEM_KEYS));
/** An item as other tools write it: `dataset` may be left out (readers default it, e.g. to the file's stem). */
export const ItemRecord = z.object({ ...ITEM_FIELDS, dataset: ITEM_FIELDS.dataset.optional() }).passthrough()
  .superRefine(refuseMisspelledKeys(ITEM_KEYS));
export type Item = z.infer<typeof Item>;
