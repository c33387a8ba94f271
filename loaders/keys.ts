// Unknown keys: a strict format names the key it does not know; a format that allows extra fields (items,
// predictions) still refuses a key that looks like a misspelling of one it knows (`refsued`, `baseLine`,
// `scroe`), since such a key would otherwise be ignored without a word.
import type { z } from "zod";

/** Lower case without `_`, `-` and spaces: `baseLine`, `base_line` and `baseline` are one key. */
function folded(key: string): string {
  return key.toLowerCase().replace(/[_\-\s]/g, "");
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

const sorted = (s: string) => [...s].sort().join("");

/**
 * Whether `key` reads as a misspelling of `known`: the same key up to case, `_` and `-`; or one edit apart
 * (keys of 5 letters or more), two edits apart (7 or more, unless one key is the other cut short or extended:
 * `latency` is a field of its own beside `latency_ms`), or two adjacent letters swapped (from 3 letters).
 * Short distinct keys ("part" and "pair") stay apart.
 */
export function isMisspelling(key: string, known: string): boolean {
  if (key === known) return false;
  const a = folded(key), b = folded(known);
  if (a === b) return true;
  const shortest = Math.min(a.length, b.length);
  const distance = editDistance(a, b);
  if (distance === 1 && shortest >= 5) return true;
  if (distance === 2 && shortest >= 7 && !a.startsWith(b) && !b.startsWith(a) && !a.endsWith(b) && !b.endsWith(a)) return true;
  return distance === 1 && shortest >= 3 && a.length === b.length && sorted(a) === sorted(b);
}

/** The known key `key` is a misspelling of (the closest one), or null. */
export function suggestKey(key: string, known: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    if (!isMisspelling(key, candidate)) continue;
    const distance = editDistance(folded(key), folded(candidate));
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** The keys an object schema knows at `path` inside `schema` (through arrays, optionals, defaults, pipes). */
export function knownKeys(schema: z.ZodType, path: readonly string[]): string[] {
  let at: z.ZodType | undefined = schema;
  for (let i = 0; at && i <= path.length; ) {
    const def: Record<string, unknown> = (at as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
    switch (def.type) {
      case "object":
        if (i === path.length) return Object.keys(def.shape as object);
        at = (def.shape as Record<string, z.ZodType>)[path[i++]!];
        break;
      case "array":
        if (i === path.length) return [];
        i++;
        at = def.element as z.ZodType;
        break;
      case "record":
        if (i === path.length) return [];
        i++;
        at = def.valueType as z.ZodType;
        break;
      case "pipe":
        at = def.in as z.ZodType;
        break;
      default:
        at = def.innerType as z.ZodType | undefined;
    }
  }
  return [];
}

/**
 * A refinement for formats that allow extra keys: a key that is not `known` but reads as a misspelling of a
 * known key is an issue (`params.unknownKey`, `params.suggestion`), which `parseAt` words as `invalid key`.
 */
export function refuseMisspelledKeys(known: readonly string[]) {
  const set = new Set(known);
  return (value: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    for (const key in value) {
      if (set.has(key)) continue;
      const suggestion = suggestKey(key, known);
      if (suggestion !== null) {
        ctx.addIssue({ code: "custom", path: [], message: `unknown key ${key}`, params: { unknownKey: key, suggestion } });
        return;
      }
    }
  };
}
