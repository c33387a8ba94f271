// Typed errors a user can act on. The CLI prints `message` on one line and exits with `exitCode`.
import type { z } from "zod";

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

/** Parse `value` with `schema`; on failure name the first offending field and its value. */
export function parseAt<S extends z.ZodType>(schema: S, value: unknown, loc: Location): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String);
  let offending: unknown = value;
  for (const key of path) offending = (offending as Record<string, unknown> | undefined)?.[key];
  throw invalid(path.length ? path.join(".") : "record", offending, loc);
}
