// What the learned model knows about English beyond one video: word lists it reads features from. The
// model learns how much each list counts; the lists only say which words belong together. Written by
// the project from general knowledge (the generator's vocabulary, MOMA-LRG's predicates, common
// abstract nouns), never from the public questions.
import { MOMA_LEXICON } from "../datasets/lexicon.ts";
import { defaultVocabulary } from "../generate/vocabulary.ts";
import { singular, stem, tokens } from "../generate/words.ts";
import { BOUNDARY, GENERIC, MINOR, STOP, attributeLexicon, predicateLexicon } from "../responders/lexicon.ts";

export { BOUNDARY, GENERIC, MINOR, STOP, attributeLexicon };

export const DETERMINERS = new Set(["the", "a", "an", "any", "some", "this", "that", "these", "those", "his", "her", "their", "its", "another", "other", "each", "every", "both", "several", "many", "two", "three", "four"]);
export const QUESTION_WORDS = new Set(["what", "which", "who", "whom", "whose", "where", "when", "why", "how"]);
export const NEGATORS = new Set(["no", "not", "without", "never", "none", "nobody", "nothing", "neither", "nor", "absent", "missing", "lacking", "instead"]);

/**
 * Words about the video, its events and people's states of mind rather than things in it: a question
 * may use them freely without naming anything the facts must hold.
 */
export const ABSTRACT = new Set((
  "outcome result effect impact influence purpose reason significance importance meaning intention intent goal aim " +
  "role function use usage technique method manner way style skill skills strategy approach process procedure step steps " +
  "reaction response expression emotion emotions feeling feelings mood atmosphere attitude behavior behaviour demeanor " +
  "interaction interactions relationship connection communication conversation situation context event events incident " +
  "activity activities action actions movement movements motion gesture gestures posture position location direction " +
  "sequence order moment moments instance part portion stage phase period duration length speed pace rhythm " +
  "game match competition performance practice training exercise session routine task job work challenge problem issue " +
  "difference similarity change changes progress level amount degree quality condition state appearance look " +
  "environment setting surroundings scenery overall general specific particular main primary first second third final last next " +
  "video clip footage scene frame frames camera shot view angle perspective viewer viewers audience focus attention detail details " +
  "description example evidence sign signs indication information content theme topic story point idea concept " +
  "safety success failure attempt attempts mistake benefit advantage consequence cause " +
  "happen happens happened happening occur occurs occurred describe explain suggest indicate seem seems appear appears " +
  "mean means affect affects contribute contributes relate relates involve involves show shows depict depicts"
).split(/\s+/));

/** Where a video happens: a question may name its setting without the facts holding it as a thing. */
export const SETTINGS = new Set((
  "kitchen room bedroom bathroom house home yard garden street road park field court pitch stadium gym stage studio office " +
  "classroom school library clinic hospital store shop market restaurant cafe bar beach lake river sea ocean pool forest " +
  "mountain farm garage workshop station airport city town outside outdoors inside indoors daytime night morning afternoon evening"
).split(/\s+/));

const DERIVED_ABSTRACT = /(tion|sion|ment|ness|ity|ance|ence|ship|ism|ality|ure)$/;

/** An abstract-looking word by its ending ("coordination", "enjoyment"). */
export const abstractSuffix = (word: string) => word.length > 6 && DERIVED_ABSTRACT.test(word);

let objectWords: Set<string> | undefined;
let predicateWords: Set<string> | undefined;
let synonymGroups: Map<string, Set<string>> | undefined;

/** Words of the object names the vocabulary knows, singular ("tennis", "racket", "dog"). */
export function objectLexicon(): Set<string> {
  if (!objectWords) {
    objectWords = new Set();
    for (const names of Object.values(defaultVocabulary().kinds)) {
      for (const name of names) for (const word of tokens(name)) objectWords.add(singular(word));
    }
  }
  return objectWords;
}

/** Stems of predicate words: the generator's vocabulary and MOMA-LRG's, common prepositions left out. */
export function predicateStems(): Set<string> {
  if (!predicateWords) {
    predicateWords = new Set(predicateLexicon());
    for (const entry of MOMA_LEXICON) {
      for (const word of [...entry.head, ...entry.tail]) if (!MINOR.has(word) && word !== "someone") predicateWords.add(stem(word));
    }
  }
  return predicateWords;
}

/** Word -> words that may name the same thing or relation (the vocabulary's overlaps and synonyms). */
export function synonyms(): Map<string, Set<string>> {
  if (!synonymGroups) {
    synonymGroups = new Map();
    const vocabulary = defaultVocabulary();
    for (const group of [...vocabulary.overlaps, ...vocabulary.synonyms]) {
      const words = group.flatMap((member) => tokens(member)).filter((w) => !MINOR.has(w)).map(singular);
      for (const word of words) {
        let set = synonymGroups.get(word);
        if (!set) synonymGroups.set(word, (set = new Set()));
        for (const other of words) if (other !== word) set.add(other);
      }
    }
  }
  return synonymGroups;
}
