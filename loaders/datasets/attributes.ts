// Attributes in DiDeMo captions (the UVQA attribute category): which class an attribute belongs to,
// and which noun it modifies. Both are best-effort heuristics over one short sentence, no parser.

/** The classes, and the words that put an attribute in each (the first class that matches wins). */
const CLASSES: Array<[string, RegExp]> = [
  // Base colours, with -ish / -ish-colored / "-colored" and compounds ("blue-green", "brown/red").
  ["color", /^(?:(?:light|dark|bright|pale)\s+)?(?:(?:red|orange|yellow|green|blue|purple|violet|pink|brown|black|white|gr[ae]y|silver|gold|golden|tan|beige|maroon|navy|teal|turquoise|cyan|magenta|snow|crimson|olive)(?:-?d?ish)?(?:-colou?red)?[\s/-]*)+$/],
  ["pattern", /^(?:striped|stripy|patterned|dotted|spotted|polka-dot|plaid|checkered|checked|floral|camouflage|printed|plain)$/],
  ["position", /^(?:top|bottom|left|right|center|centre|middle|upper|lower|front|back|side|corner)$/],
  ["size", /^(?:large|small|big|little|tiny|huge|tall|short|long|wide|narrow)$/],
  ["material", /^(?:wooden|metal|plastic|glass|leather|paper|stone|brick|furry|furred)$/],
];

/** The attribute's class, or "other". */
export function attributeClass(attribute: string): string {
  const a = attribute.trim().toLowerCase();
  return CLASSES.find(([, pattern]) => pattern.test(a))?.[0] ?? "other";
}

const FUNCTION_WORDS = new Set(
  ("a an the and or of in on at to from with by for into onto over under behind near his her their its " +
    "this that these those is are was were be been being can could will would first then up down out off " +
    "around all way very brief briefly some two three one 2 3 wearing dressed").split(" "),
);

/** Verbs seen after a caption's subject (a word ending in -s after a noun counts as one too). */
const VERBS = new Set(
  ("start starts go goes come comes appear appears move moves turn turns take takes get gets stand stands " +
    "walk walks run runs pass passes leave leaves enter enters hold holds show shows pull pulls drop drops " +
    "crouch crouches blink blinks flash flashes hop hops kick kicks riding crawls crawl stop stops swings " +
    "becomes cross crosses points puts cheers pans").split(" "),
);

const words = (text: string) => text.toLowerCase().match(/[a-z0-9][a-z0-9'/-]*/g) ?? [];
const isNoun = (w: string) => !FUNCTION_WORDS.has(w) && !VERBS.has(w) && w.length > 1;

/**
 * The noun an attribute modifies in a caption. After the attribute: the noun that follows it
 * ("a red light blinks" -> "light"; "green and yellow shirt" -> "shirt"; "red race car" -> "car").
 * A position names what it is a position of ("top of tree" -> "tree"). An attribute with no noun after it
 * describes the person before it ("the girl in pink goes" -> "girl").
 */
export function modifiedNoun(caption: string, attribute: string): string | null {
  const tokens = words(caption);
  const target = words(attribute);
  const at = tokens.findIndex((_, i) => target.every((w, k) => tokens[i + k] === w));
  if (at < 0 || !target.length) return null;
  let i = at + target.length;
  const isPosition = attributeClass(attribute) === "position";
  if (isPosition && tokens[i] === "of") i++;
  // Skip further attributes of the same noun: "green and yellow", "top left", "bright".
  while (i < tokens.length && (tokens[i] === "and" || attributeClass(tokens[i]!) !== "other")) i++;
  if (isPosition && tokens[i] === "of") i++;
  if (tokens[i] === "the" || tokens[i] === "a") i++;
  let noun: string | null = null;
  for (; i < tokens.length && isNoun(tokens[i]!); i++) {
    // After a noun, a word ending in -s is more often its verb ("shirt waves") than a compound's plural.
    if (noun !== null && /[^s]s$/.test(tokens[i]!)) break;
    noun = tokens[i]!;
  }
  if (noun) return noun;
  for (let j = at - 1; j >= 0; j--) if (isNoun(tokens[j]!)) return tokens[j]!;
  return null;
}
