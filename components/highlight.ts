// Where a perturbation shows in a question or a scene fact: text split into plain and marked segments. Pure; the
// item view renders the segments as text nodes (never HTML), so a question is shown exactly as written.

export interface Segment {
  text: string;
  /** The term this segment matched, or null for plain text. */
  mark: string | null;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Splits `text` at every case-insensitive whole-word occurrence of any term (longest first, so "baby basket" wins
 * over "basket"), a plural -s/-es included ("dogs" marks "dog"). Terms that are empty or absent change nothing.
 */
export function highlight(text: string, terms: readonly (string | null | undefined)[]): Segment[] {
  const list = [...new Set(terms.filter((t): t is string => !!t && t.trim().length > 0).map((t) => t.trim()))]
    .sort((a, b) => b.length - a.length);
  if (!list.length || !text) return text ? [{ text, mark: null }] : [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${list.map(escape).join("|")})(?:e?s)?(?![\\p{L}\\p{N}])`, "giu");
  const segments: Segment[] = [];
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index!;
    if (start > at) segments.push({ text: text.slice(at, start), mark: null });
    const found = match[1]!.toLowerCase();
    segments.push({ text: match[0], mark: list.find((t) => t.toLowerCase() === found) ?? match[1]! });
    at = start + match[0].length;
  }
  if (at < text.length) segments.push({ text: text.slice(at), mark: null });
  return segments;
}

/** True when some segment is marked. */
export const marked = (segments: readonly Segment[]) => segments.some((s) => s.mark !== null);
