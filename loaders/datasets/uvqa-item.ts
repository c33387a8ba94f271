// What every UVQA item shares, whatever its category.
import type { Item, UnanswerableCategory } from "../items/schema.ts";
import { questionType } from "./question-type.ts";

/** MOMA-LRG videos for object and relation, DiDeMo for attribute (UVQA paper, section 3). */
const SOURCES: Record<UnanswerableCategory, string> = { object: "moma-lrg", relation: "moma-lrg", attribute: "didemo" };

export function uvqaItem(
  category: UnanswerableCategory,
  index: number,
  record: { vid: string; new_question: string; new_answer: string },
): Item {
  return {
    id: `uvqa/${category}/${index}`,
    dataset: "uvqa",
    category,
    video: record.vid,
    question: record.new_question.trim(),
    reference: record.new_answer.trim(),
    question_type: questionType(record.new_question),
    source: SOURCES[category],
  };
}

/** Appends flags, leaving `flags` absent when there are none. */
export function withFlags<T extends Item>(item: T, flags: string[]): T {
  const all = [...(item.flags ?? []), ...flags];
  return all.length ? { ...item, flags: all } : item;
}

export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}
