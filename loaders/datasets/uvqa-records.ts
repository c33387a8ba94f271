// The official UVQA evaluation records (EsYoon7/UVQA, dataset/uvqa/<category>/eval_<category>.json),
// one zod schema per category. Extra keys (`response`, the raw generation) are kept but not used.
import { z } from "zod";

const text = z.string().trim().min(1);

const Base = z.object({
  vid: text,
  new_question: text,
  new_answer: z.string(),
  prompt: z.string(),
}).passthrough();

export const ObjectRecord = Base.extend({
  generated_relation: text,
  generated_actor_or_object: text,
});
export type ObjectRecord = z.infer<typeof ObjectRecord>;

export const RelationRecord = Base.extend({
  orig_relation: z.array(z.string()),
  generated_relation: text,
});
export type RelationRecord = z.infer<typeof RelationRecord>;

export const AttributeRecord = Base.extend({
  orig_relation: text,
  orig_attribute: text,
  generated_attributes: text,
  generated_relation: text,
});
export type AttributeRecord = z.infer<typeof AttributeRecord>;

export const UVQA_FILES = {
  object: "eval_object.json",
  relation: "eval_relation.json",
  attribute: "eval_attribute.json",
} as const;
