// Raw records of a predictions file -> imported predictions {run?, item, response}, each with its location.
import { invalid, type Location } from "../../errors.ts";
import { DEFAULT_FIELDS, fieldValue, resolveField, type FieldMap } from "./fields.ts";

export interface RawRecord {
  record: Record<string, unknown>;
  loc: Location;
}

export interface Imported {
  /** From the run column when the file has one; the command's `--run` otherwise. */
  run?: string;
  item: string;
  response: string | null;
  loc: Location;
  /** The field the response was read from (named in the reference warning). */
  field?: string;
  /** The file's own reference for the record (lmms-eval's `target`), when it has one. */
  target?: string;
}

/** Item ids are strings; a JSON number id (question_id: 12) is taken as its decimal text. */
export function idText(value: unknown): string | undefined {
  if (typeof value === "string") {
    const trimmed = value.trim();
    return trimmed ? trimmed : undefined;
  }
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A response is text; numbers and booleans (a multiple-choice letter index, say) become their text. */
export function responseText(value: unknown): string | null | undefined {
  if (value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function mapRecord({ record, loc }: RawRecord, map: FieldMap): Imported {
  const itemField = resolveField(record, "item", map, loc) ?? DEFAULT_FIELDS.item.join("|");
  const item = idText(fieldValue(record, itemField));
  if (item === undefined) throw invalid(itemField, fieldValue(record, itemField), loc);
  const responseField = resolveField(record, "response", map, loc) ?? DEFAULT_FIELDS.response.join("|");
  const response = responseText(fieldValue(record, responseField));
  if (response === undefined) throw invalid(responseField, fieldValue(record, responseField), loc);
  const runField = resolveField(record, "run", map, loc);
  let run: string | undefined;
  if (runField !== undefined) {
    run = idText(fieldValue(record, runField));
    if (run === undefined || /\s/.test(run)) throw invalid(runField, fieldValue(record, runField), loc);
  }
  return run !== undefined ? { run, item, response, loc, field: responseField } : { item, response, loc, field: responseField };
}
