// Which field of an imported record holds the item id, the response and the run: `--map item=<col>,
// response=<col>,run=<col>` or the candidates below. A field name may be a dot path into nested JSON
// ("doc.question_id"); a name that exists literally (a CSV header "doc.id") wins over the path.
//
// No silent guess: an unmapped field is taken from the one candidate the record has; a record with two
// or more candidates (`pred` and `answer`, where `answer` is most often the ground truth) is an error
// that names them and `--map`.
import { UvqaError, where, type Location } from "../../errors.ts";

export const MAPPED_FIELDS = ["item", "response", "run"] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];
export type FieldMap = Partial<Record<MappedField, string>>;

/** The candidates of a field that is not mapped; a record must hold at most one of them. */
export const DEFAULT_FIELDS: Record<MappedField, readonly string[]> = {
  item: ["item", "id", "question_id"],
  response: ["response", "pred", "prediction", "output", "model_output", "generated_text", "text", "answer"],
  run: ["run"],
};

/** "item=qid,response=output" -> {item: "qid", response: "output"}; unknown keys and empty names are errors. */
export function parseFieldMap(text: string | undefined): FieldMap {
  const map: FieldMap = {};
  if (!text) return map;
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf("=");
    const key = eq < 0 ? part : part.slice(0, eq).trim();
    const value = eq < 0 ? "" : part.slice(eq + 1).trim();
    if (!(MAPPED_FIELDS as readonly string[]).includes(key)) throw new UvqaError(`invalid --map key: ${JSON.stringify(key)} (known: ${MAPPED_FIELDS.join(", ")})`, 2);
    if (!value) throw new UvqaError(`invalid --map ${key}: a column name is needed (${key}=<column>)`, 2);
    map[key as MappedField] = value;
  }
  return map;
}

/** The value at `name` (literal key first, then a dot path); undefined when absent. */
export function fieldValue(record: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(record, name)) return record[name];
  if (!name.includes(".")) return undefined;
  let value: unknown = record;
  for (const key of name.split(".")) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** `ambiguous response field: "pred" and "answer" are both present (<file>:<line>); ...` */
export function ambiguousField(field: string, names: readonly string[], loc: Location): UvqaError {
  const listed = names.map((name) => JSON.stringify(name));
  const both = listed.length === 2 ? `${listed[0]} and ${listed[1]} are both` : `${listed.slice(0, -1).join(", ")} and ${listed.at(-1)} are all`;
  return new UvqaError(`ambiguous ${field} field: ${both} present (${where(loc)}); name the one to use with --map ${field}=<field>`, 2);
}

/** The one candidate of `candidates` present in the record; an error naming them when there are several. */
export function onlyCandidate(record: Record<string, unknown>, field: string, candidates: readonly string[], loc: Location): string | undefined {
  let found: string | undefined;
  let more: string[] | undefined;
  for (const name of candidates) {
    if (fieldValue(record, name) === undefined) continue;
    if (found === undefined) found = name;
    else (more ??= [found]).push(name);
  }
  if (more) throw ambiguousField(field, more, loc);
  return found;
}

/** The field name used for `field` in this record: the mapped one, or the only candidate present. */
export function resolveField(record: Record<string, unknown>, field: MappedField, map: FieldMap, loc: Location): string | undefined {
  if (map[field]) return map[field];
  return onlyCandidate(record, field, DEFAULT_FIELDS[field], loc);
}
