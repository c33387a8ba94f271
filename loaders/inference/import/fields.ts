// Which field of an imported record holds the item id, the response and the run: `--map item=<col>,
// response=<col>,run=<col>` or the defaults below. A field name may be a dot path into nested JSON
// ("doc.question_id"); a name that exists literally (a CSV header "doc.id") wins over the path.
import { UvqaError } from "../../errors.ts";

export const MAPPED_FIELDS = ["item", "response", "run"] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];
export type FieldMap = Partial<Record<MappedField, string>>;

/** Tried in order when the field is not mapped. */
export const DEFAULT_FIELDS: Record<MappedField, readonly string[]> = {
  item: ["item", "id", "question_id"],
  response: ["response", "pred", "prediction", "answer"],
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

/** The field name used for `field` in this record: the mapped one, or the first default present. */
export function resolveField(record: Record<string, unknown>, field: MappedField, map: FieldMap): string | undefined {
  if (map[field]) return map[field];
  return DEFAULT_FIELDS[field].find((name) => fieldValue(record, name) !== undefined);
}
