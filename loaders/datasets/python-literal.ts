// Python list-of-strings literals, as `str(list)` prints them inside the UVQA generation prompts:
// ['waiter holding pen', "child's chair"]. A real tokenizer, not a split on commas, because names
// may hold commas, apostrophes (then Python switches to double quotes) or escaped quotes.

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0" };

/** Parses `[ 'a', "b", ]`; returns null when `text` is not such a literal. */
export function parsePythonStringList(text: string): string[] | null {
  let i = 0;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const readString = (): string | null => {
    const quote = text[i];
    if (quote !== "'" && quote !== '"') return null;
    let out = "";
    for (i++; i < text.length; i++) {
      const c = text[i]!;
      if (c === quote) {
        i++;
        return out;
      }
      if (c !== "\\") {
        out += c;
        continue;
      }
      const next = text[++i];
      if (next === undefined) return null;
      if (next === "x" || next === "u") {
        const width = next === "x" ? 2 : 4;
        const hex = text.slice(i + 1, i + 1 + width);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) return null;
        out += String.fromCharCode(parseInt(hex, 16));
        i += width;
      } else {
        // Python keeps the backslash of an unknown escape ("\d" stays "\d").
        out += ESCAPES[next] ?? `\\${next}`;
      }
    }
    return null; // unterminated
  };

  skip();
  if (text[i] !== "[") return null;
  i++;
  const items: string[] = [];
  skip();
  while (text[i] !== "]") {
    const item = readString();
    if (item === null) return null;
    items.push(item);
    skip();
    if (text[i] === ",") {
      i++;
      skip();
    } else if (text[i] !== "]") return null;
  }
  i++;
  skip();
  return i === text.length ? items : null;
}
