// Typed errors a user can act on. The CLI prints `message` on one line and exits with `exitCode`.
import type { z } from "zod";
import { knownKeys, suggestKey } from "./keys.ts";

export class UvqaError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = "UvqaError";
    this.exitCode = exitCode;
  }
}

/** Where a bad value sits: "data.jsonl:12" (line) or "eval_object.json: record 3" (array index). */
export type Location = { file: string; line: number } | { file: string; record: number } | { file: string };

export function where(loc: Location): string {
  if ("line" in loc) return `${loc.file}:${loc.line}`;
  if ("record" in loc) return `${loc.file}: record ${loc.record}`;
  return loc.file;
}

export function formatValue(value: unknown): string {
  const text = value === undefined ? "undefined" : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `invalid <field>: <value> (<file>: record <i>)`, the one message shape for bad input. */
export function invalid(field: string, value: unknown, loc: Location): UvqaError {
  return new UvqaError(`invalid ${field}: ${formatValue(value)} (${where(loc)})`, 2);
}

/**
 * `invalid key: "<path>" (<file>:<line>)` for a key the format does not have; with a suggestion when the key
 * looks like a misspelling of a known one: `invalid key: "refsued", did you mean "refused"? (p.jsonl:3)`.
 */
export function unknownKey(path: string, suggestion: string | null, loc: Location): UvqaError {
  const hint = suggestion === null ? "" : `, did you mean ${JSON.stringify(suggestion)}?`;
  return new UvqaError(`invalid key: ${JSON.stringify(path)}${hint} (${where(loc)})`, 2);
}

/** Parse `value` with `schema`; on failure name the first offending field and its value (or the unknown key). */
export function parseAt<S extends z.ZodType>(schema: S, value: unknown, loc: Location): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    return throwUnknown([...path, key], suggestKey(key, knownKeys(schema, path)), loc);
  }
  const params = (issue as { params?: { unknownKey?: string; suggestion?: string | null } }).params;
  if (issue.code === "custom" && params?.unknownKey !== undefined) {
    return throwUnknown([...path, params.unknownKey], params.suggestion ?? null, loc);
  }
  let parent: unknown = undefined;
  let offending: unknown = value;
  for (const key of path) {
    parent = offending;
    offending = (offending as Record<string, unknown> | undefined)?.[key];
  }
  // A required key that is missing because it was misspelled: name the misspelling, not the absence.
  if (offending === undefined && path.length && parent !== null && typeof parent === "object" && !Array.isArray(parent)) {
    const wanted = path[path.length - 1]!;
    const typo = Object.keys(parent).find((key) => suggestKey(key, [wanted]) !== null);
    if (typo !== undefined) return throwUnknown([...path.slice(0, -1), typo], wanted, loc);
  }
  throw invalid(path.length ? path.join(".") : "record", offending, loc);
}

function throwUnknown(path: string[], suggestion: string | null, loc: Location): never {
  throw unknownKey(path.join("."), suggestion, loc);
}
