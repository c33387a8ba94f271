// The warning for a prediction file whose "responses" are its references: when most imported responses
// equal their item's reference (or the file's own target, lmms-eval's `target`), the field read as the
// response is most likely the ground truth (`answer` in many prediction files), and every score would be
// perfect. Pure: rows in, one line or null out.
import type { Item } from "../../items/schema.ts";
import type { Imported } from "./records.ts";

const isSpace = (code: number) => code === 32 || (code >= 9 && code <= 13) || code === 160;

function skip(text: string, at: number): number {
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

/**
 * The same text up to case and white space (runs of it count as one space; none at either end),
 * compared in place: most pairs differ in their first letters, so a large import costs next to nothing.
 */
export function sameText(a: string, b: string): boolean {
  let i = skip(a, 0);
  let j = skip(b, 0);
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isSpace(ca) || isSpace(cb)) {
      if (!(isSpace(ca) && isSpace(cb))) {
        // trailing space on one side only still ends equal
        const ea = skip(a, i);
        const eb = skip(b, j);
        return ea === a.length && eb === b.length;
      }
      i = skip(a, i);
      j = skip(b, j);
      if ((i === a.length) !== (j === b.length)) return false;
      continue;
    }
    if (ca !== cb && a[i]!.toLowerCase() !== b[j]!.toLowerCase()) return false;
    i++;
    j++;
  }
  return skip(a, i) === a.length && skip(b, j) === b.length;
}

export function referenceWarning(records: readonly Imported[], items?: ReadonlyMap<string, Item>): string | null {
  let compared = 0;
  let equal = 0;
  const fields = new Map<string, number>();
  for (const record of records) {
    const reference = items?.get(record.item)?.reference ?? record.target;
    if (reference === undefined || record.response === null || !/\S/.test(reference)) continue;
    compared++;
    if (!sameText(record.response, reference)) continue;
    equal++;
    if (record.field) fields.set(record.field, (fields.get(record.field) ?? 0) + 1);
  }
  if (compared === 0 || equal * 2 <= compared) return null;
  const field = [...fields].sort((a, b) => b[1] - a[1])[0]?.[0];
  const named = field ? ` is "${field}" the ground truth?` : "";
  return `${equal} of ${compared} imported responses equal their item's reference:${named} name the prediction with --map response=<field>`;
}
