// What the built-in responder knows about English beyond one video: function words, nouns that name
// no object, and the attribute and predicate words of the project's vocabulary (its "world knowledge").
// It never sees an item's category, reference or perturbation.
import { defaultVocabulary } from "../generate/vocabulary.ts";
import { stem, tokens } from "../generate/words.ts";

export const STOP = new Set([
  "what", "which", "who", "whom", "whose", "where", "when", "why", "how",
  "is", "are", "was", "were", "be", "being", "been", "do", "does", "did", "has", "have", "had", "can", "could", "will", "would", "should", "may", "might",
  "the", "a", "an", "any", "some", "many", "much", "several", "each", "every", "all", "both", "no", "not",
  "and", "or", "but", "that", "as", "than", "then", "so", "if", "while", "also", "there", "here", "still",
  "it", "its", "they", "them", "their", "he", "she", "his", "her", "him", "this", "these", "those", "one", "you", "we", "i",
  "in", "at", "to", "of", "with", "from", "by", "for", "into", "onto", "up", "down", "off", "out", "about", "during", "after", "before", "throughout",
  "doing", "do", "happening", "going", "seen", "shown", "visible", "appear", "appears", "look", "like",
]);

/** Words that end a noun phrase: function words and the prepositions spatial predicates are made of. */
export const BOUNDARY = new Set([...STOP, "on", "under", "behind", "above", "below", "beside", "near", "next", "inside", "outside",
  "over", "around", "between", "through", "toward", "towards", "across", "along", "against", "past", "beneath"]);

/** Nouns a question uses that name no object in a video ("the colour of", "in the video"). */
export const GENERIC = new Set([
  "video", "scene", "clip", "footage", "frame", "camera", "time", "moment", "way", "reason", "purpose",
  "colour", "color", "kind", "type", "size", "shape", "material", "pattern", "made", "number", "object", "thing", "something",
  "anything", "nothing", "item", "action", "activity", "background", "foreground", "person", "people", "someone", "somebody",
  "anyone", "everyone", "left", "right", "side", "end", "beginning", "start", "middle", "top", "bottom", "first", "last", "other",
  "same", "different", "main", "name", "lot", "place", "area", "view", "big", "large", "small", "tall", "long", "front", "next",
  "clothes", "clothing", "morning", "evening", "ceiling", "building", "during", "everything",
]);

/** Prepositions too common in questions ("in the video") to signal a relation by themselves. */
export const MINOR = new Set(["in", "at", "to", "of", "with", "into", "onto", "on", "for", "from", "by", "up", "down", "off", "out"]);

let attributeWords: Map<string, string> | undefined;
let predicateStems: Set<string> | undefined;

/** Attribute value -> class, from the vocabulary ("red" -> "colour"). */
export function attributeLexicon(): Map<string, string> {
  if (!attributeWords) {
    attributeWords = new Map();
    for (const [cls, values] of Object.entries(defaultVocabulary().attributes)) {
      for (const value of values) attributeWords.set(value, cls);
    }
  }
  return attributeWords;
}

/** Stems of the words predicates are made of ("under", "throw", "sit"), common prepositions left out. */
export function predicateLexicon(): Set<string> {
  if (!predicateStems) {
    predicateStems = new Set();
    for (const group of Object.values(defaultVocabulary().predicates)) {
      for (const member of group.members) {
        for (const word of tokens(member)) if (!MINOR.has(word)) predicateStems.add(stem(word));
      }
    }
  }
  return predicateStems;
}

/** The words of a predicate that carry its meaning ("sitting on" -> ["sitting"], "on" -> ["on"]). */
export function contentWords(predicate: string): string[] {
  const words = tokens(predicate);
  const content = words.filter((word) => !MINOR.has(word));
  return content.length ? content : words;
}
