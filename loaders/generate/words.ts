// Small English helpers shared by the templates, the twins and the built-in responders.
// Deliberately crude: enough for the project's own vocabulary, not a morphology library.

const PLURALS: Record<string, string> = {
  man: "men", woman: "women", child: "children", person: "people", foot: "feet", tooth: "teeth",
  mouse: "mice", knife: "knives", shelf: "shelves", leaf: "leaves", loaf: "loaves", sheep: "sheep",
  fish: "fish", goose: "geese", glasses: "glasses", sunglasses: "sunglasses", headphones: "headphones",
  chopsticks: "chopsticks", tongs: "tongs", pliers: "pliers", noodles: "noodles", grapes: "grapes",
  scissors: "scissors", jeans: "jeans", rice: "rice", water: "water", baby: "babies", grass: "grass",
};
const SINGULARS: Record<string, string> = Object.fromEntries(
  Object.entries(PLURALS).filter(([one, many]) => one !== many).map(([one, many]) => [many, one]),
);

/** The plural of a noun phrase: only its last word changes ("tennis ball" -> "tennis balls"). */
export function plural(noun: string): string {
  const words = noun.split(" ");
  const last = words.pop()!;
  let many: string;
  if (PLURALS[last]) many = PLURALS[last];
  else if (/(s|x|z|ch|sh)$/.test(last)) many = `${last}es`;
  else if (/[^aeiou]y$/.test(last)) many = `${last.slice(0, -1)}ies`;
  else many = `${last}s`;
  return [...words, many].join(" ");
}

/** Words that end in "s" but are not plurals. */
const NOT_PLURAL = new Set(["canvas", "lens", "news", "series", "species", "this", "was", "has", "is", "as", "us", "yes", "always", "perhaps", "bus", "gas", "atlas", "its"]);

/** A pure one-word function remembered per word (at most 50,000 words, then forgotten at once). */
function remembered(fn: (word: string) => string): (word: string) => string {
  const memo = new Map<string, string>();
  return (word) => {
    let out = memo.get(word);
    if (out === undefined) {
      if (memo.size >= 50_000) memo.clear();
      memo.set(word, (out = fn(word)));
    }
    return out;
  };
}

/** One word back to its singular, for matching question words against scene names. */
export const singular = remembered(singularOf);

function singularOf(word: string): string {
  if (SINGULARS[word]) return SINGULARS[word];
  if (PLURALS[word] === word || NOT_PLURAL.has(word)) return word;
  if (/ies$/.test(word) && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|xes|sses|zes)$/.test(word)) return word.slice(0, -2);
  if (/[^s]s$/.test(word) && !/(us|is|ss)$/.test(word) && word.length > 3) return word.slice(0, -1);
  return word;
}

/** A crude verb stem, so "pours", "pouring" and "poured" meet ("pour"). */
export const stem = remembered(stemOf);

function stemOf(word: string): string {
  if (word.length > 5 && word.endsWith("ing")) {
    const base = word.slice(0, -3);
    return /([^aeiou])\1$/.test(base) ? base.slice(0, -1) : base;
  }
  if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith("es") && /(ch|sh|x|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

/** Lowercase words of a text, punctuation dropped ("Cup/glass?" -> ["cup", "glass"]). */
export function tokens(text: string): string[] {
  return text.toLowerCase().replace(/[’']s\b/g, "").split(/[^a-z0-9]+/).filter(Boolean);
}

/** Collapses runs of whitespace (some sources write "waiter  installing  shot glass"). */
export function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** First letter up, one final full stop. */
export function sentence(text: string): string {
  const body = squash(text).replace(/[.\s]+$/, "");
  return `${body.charAt(0).toUpperCase()}${body.slice(1)}.`;
}

export function article(noun: string): string {
  return /^[aeiou]/i.test(noun) && !/^(uni|eu|one)/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

const NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

export function numberWord(n: number): string {
  return NUMBERS[n] ?? String(n);
}

/** "three" -> 3, "3" -> 3, anything else -> undefined. */
export function numberValue(word: string): number | undefined {
  const i = NUMBERS.indexOf(word.toLowerCase());
  if (i >= 0) return i;
  return /^\d+$/.test(word) ? Number(word) : undefined;
}
