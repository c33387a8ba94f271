// Does a question literally mention a phrase? Used to spot questions edited by hand after generation,
// where the perturbed word no longer appears (the UVQA README's "edited questions" quirk).

// Articles are left out: "standing up from squat" is asked as "standing up from a squat".
const ARTICLES = new Set(["a", "an", "the"]);
const tokens = (text: string) => (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => !ARTICLES.has(w));

/** Simple plurals both ways: glass/glasses, player/players, baby/babies. */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return long === `${short}s` || long === `${short}es` || (short.endsWith("y") && long === `${short.slice(0, -1)}ies`);
}

function contains(haystack: string[], needle: string[]): boolean {
  if (!needle.length) return false;
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((w, k) => sameWord(haystack[i + k]!, w))) return true;
  }
  return false;
}

/**
 * Case-insensitive, word-aligned, punctuation-blind ("red-ish" matches "red ish"), articles ignored,
 * simple plurals allowed.
 * MOMA-LRG's catch-all prefix "unclassified" is optional: "unclassified adult" is asked about as "the adult".
 */
export function mentions(question: string, phrase: string): boolean {
  const q = tokens(question);
  const p = tokens(phrase);
  if (contains(q, p)) return true;
  return p[0] === "unclassified" && contains(q, p.slice(1));
}

/** Every part mentioned, in any order: a discontinuous predicate ("grabbing" ... "from someone"). */
export function mentionsAll(question: string, parts: readonly string[]): boolean {
  return parts.length > 0 && parts.every((part) => mentions(question, part));
}
