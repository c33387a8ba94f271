// Dataset readers: the official UVQA JSON, the Video-ChatGPT benchmark QA files, plain items JSONL.
export { readUvqaFile, readUvqaDir, countFlags, flagDuplicates, DIDEMO_FILE, type UvqaReadOptions } from "./uvqa.ts";
export { readVcgbenchDir, readVcgbenchFile, VCGBENCH_TYPES, type VcgbenchType } from "./vcgbench.ts";
export { readItemsJsonl } from "./items-jsonl.ts";
export { parseRelation, learnPredicates, normalizeSpaces, MOMA_LEXICON, extendLexicon, type Lexicon, type PredicateEntry } from "./relations.ts";
export { parsePythonStringList } from "./python-literal.ts";
export { questionType } from "./question-type.ts";
export { attributeClass, modifiedNoun } from "./attributes.ts";
export { mentions } from "./mentions.ts";
export { readDidemoCaptions } from "./didemo.ts";
