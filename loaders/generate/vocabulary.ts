// The generator's word lists (data/vocabulary.json): object kinds, predicate groups, attribute classes.
// A replacement is drawn from the same kind / group / class, so it is plausible but does not hold.
import { z } from "zod";
import { parseAt } from "../errors.ts";
import vocabularyJson from "../../data/vocabulary.json" with { type: "json" };

const Words = z.array(z.string().min(1)).min(2);

export const Vocabulary = z.object({
  kinds: z.record(z.string(), Words),
  predicates: z.record(z.string(), z.object({ intransitive: z.boolean(), members: Words })),
  /** Predicates that may hold together: never a replacement for one another. */
  synonyms: z.array(Words).default([]),
  /** Object names that may name the same thing ("boy", "child"): never a replacement for one another. */
  overlaps: z.array(Words).default([]),
  attributes: z.record(z.string(), Words),
});
export type Vocabulary = z.infer<typeof Vocabulary>;

export const VOCABULARY_FILE = "data/vocabulary.json";

let cached: Vocabulary | undefined;

/** The project's vocabulary, validated once. */
export function defaultVocabulary(): Vocabulary {
  return (cached ??= parseAt(Vocabulary, vocabularyJson, { file: VOCABULARY_FILE }));
}

/** Groups that contain `predicate` with the given arity (a predicate may sit in more than one group). */
export function predicateGroups(vocabulary: Vocabulary, predicate: string, intransitive: boolean): string[][] {
  return Object.values(vocabulary.predicates)
    .filter((group) => group.intransitive === intransitive && group.members.includes(predicate))
    .map((group) => group.members);
}

/** Whether two words of the vocabulary may hold or name the same thing at once. */
export function related(sets: string[][], a: string, b: string): boolean {
  return a === b || sets.some((set) => set.includes(a) && set.includes(b));
}

/** The class of an attribute value ("red" -> "colour"), when the vocabulary knows it. */
export function attributeClass(vocabulary: Vocabulary, value: string): string | undefined {
  const word = value.toLowerCase();
  return Object.entries(vocabulary.attributes).find(([, values]) => values.includes(word))?.[0];
}
