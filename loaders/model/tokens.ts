// The question's words with their places in the text, so the evidence the model finds can be
// highlighted in the question as written. The same words, in the same order, as `tokens()` in
// loaders/generate/words.ts (lower case, "'s" dropped, split on anything but letters and digits),
// which the shared grounding (loaders/responders/ground.ts) reads.

export interface Token {
  /** The word as written ("Glasses"). */
  text: string;
  /** Lower case ("glasses"). */
  lower: string;
  /** Character offsets in the question: text = question.slice(start, end). */
  start: number;
  end: number;
}

/** Words of `text` with offsets; a possessive "s" after an apostrophe is no word. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9]+/g)) {
    const start = m.index!;
    const word = m[0];
    const before = text[start - 1];
    if (word.toLowerCase() === "s" && (before === "'" || before === "\u2019")) continue;
    out.push({ text: word, lower: word.toLowerCase(), start, end: start + word.length });
  }
  return out;
}
