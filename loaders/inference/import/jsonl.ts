// JSON Lines predictions: one object per line, any fields; the mapping picks item, response and run.
// Read without a schema per line (a record is any JSON object): the import reads 100k+ lines a second.
import { UvqaError, invalid } from "../../errors.ts";
import { readText } from "../../storage/jsonl.ts";
import { isRecord, type RawRecord } from "./records.ts";

export function parseJsonlRecords(text: string, file: string): RawRecord[] {
  const out: RawRecord[] = [];
  eachJsonlRecord(text, file, (raw) => void out.push(raw));
  return out;
}

/** Calls `each` with every record in order (no array of them all is kept). */
export function eachJsonlRecord(text: string, file: string, each: (raw: RawRecord) => void): void {
  if (/^\s*\[/.test(text.slice(0, 1024))) throw new UvqaError(`${file} is a JSON array, not JSON Lines: read it with --from json`, 2);
  let start = 0;
  for (let line = 1; start < text.length; line++) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const body = text.slice(start, end).trim();
    start = end + 1;
    if (!body) continue;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      throw new UvqaError(`invalid JSON: ${body.length > 60 ? body.slice(0, 57) + "..." : body} (${file}:${line})`, 2);
    }
    if (!isRecord(value)) throw invalid("record", value, { file, line });
    each({ record: value, loc: { file, line } });
  }
}

export async function readJsonlRecords(file: string): Promise<RawRecord[]> {
  return parseJsonlRecords(await readText(file), file);
}
