// JSON Lines predictions: one object per line, any fields; the mapping picks item, response and run.
import { UvqaError, invalid } from "../../errors.ts";
import { readText } from "../../storage/jsonl.ts";
import type { RawRecord } from "./records.ts";

export function parseJsonlRecords(text: string, file: string): RawRecord[] {
  const records: RawRecord[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UvqaError(`invalid JSON: ${line.length > 60 ? line.slice(0, 57) + "..." : line} (${file}:${i + 1})`, 2);
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw invalid("record", value, { file, line: i + 1 });
    records.push({ record: value as Record<string, unknown>, loc: { file, line: i + 1 } });
  }
  return records;
}

export async function readJsonlRecords(file: string): Promise<RawRecord[]> {
  return parseJsonlRecords(await readText(file), file);
}
