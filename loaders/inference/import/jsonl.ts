// JSON Lines predictions: one object per line, any fields; the mapping picks item, response and run.
import { z } from "zod";
import { parseJsonlLines, readText } from "../../storage/jsonl.ts";
import type { RawRecord } from "./records.ts";

const AnyRecord = z.record(z.string(), z.unknown());

export function parseJsonlRecords(text: string, file: string): RawRecord[] {
  return parseJsonlLines(text, AnyRecord, file).map(({ value, line }) => ({ record: value, loc: { file, line } }));
}

export async function readJsonlRecords(file: string): Promise<RawRecord[]> {
  return parseJsonlRecords(await readText(file), file);
}
