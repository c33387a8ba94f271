// CSV predictions (csv-parse): a header row names the columns; each record keeps the line it starts on,
// so a record with a quoted newline is still reported at its first line.
import { parse } from "csv-parse/sync";
import { UvqaError } from "../../errors.ts";
import { readText } from "../../storage/jsonl.ts";
import type { RawRecord } from "./records.ts";

interface Parsed {
  record: Record<string, string>;
  info: { lines: number };
  raw: string;
}

/** The line a record starts on: where it ends minus the line breaks inside it. */
function startLine(raw: string, endLine: number): number {
  const body = raw.replace(/^(\r?\n)+/, "").replace(/\r?\n$/, "");
  return endLine - (body.match(/\n/g)?.length ?? 0);
}

export function parseCsvRecords(text: string, file: string, delimiter = ","): RawRecord[] {
  let parsed: Parsed[];
  try {
    parsed = parse(text, { columns: true, info: true, raw: true, skip_empty_lines: true, bom: true, delimiter, relax_column_count: false }) as Parsed[];
  } catch (error) {
    const err = error as Error & { lines?: number };
    throw new UvqaError(`invalid CSV: ${err.message.replace(/ on line \d+$/, "").slice(0, 120)} (${file}${err.lines ? `:${err.lines}` : ""})`, 2);
  }
  return parsed.map(({ record, info, raw }) => ({ record, loc: { file, line: startLine(raw, info.lines) } }));
}

export async function readCsvRecords(file: string, delimiter?: string): Promise<RawRecord[]> {
  return parseCsvRecords(await readText(file), file, delimiter);
}
