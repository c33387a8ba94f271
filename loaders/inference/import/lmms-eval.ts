// lmms-eval `--log_samples` output: per task a `<date>_samples_<task>.jsonl`, one sample per line, as
// written by lmms_eval/evaluator.py and loggers/evaluation_tracker.py:
//   {doc_id, doc?, target, arguments?, input?, resps?, filtered_resps, doc_hash, prompt_hash, target_hash, <metrics>...}
// `doc` and `arguments` are dropped by recent versions when saving (`input` is kept) and `resps` is dropped
// when it equals `filtered_resps`; older versions wrote one `<task>.json` holding `{"logs": [sample, ...]}`,
// which is read too. Each sample has one entry in `filtered_resps` per request; a generation task has one
// request, whose filtered response is a string (or a list of strings when the task repeats).
//
// The item id of a sample (a documented rule, first match wins):
//   1. `--map item=<field>`: any field or dot path, e.g. `doc.video_id`;
//   2. `doc.id`, then `doc.question_id`, then `doc.item` when the sample still carries its `doc`;
//   3. with `byDocIndex` (`--doc-index`): `doc_id` is the 0-based position of the item in `--items`,
//      i.e. the task's documents are the items file in its order;
//   4. otherwise `doc_id` itself, as text.
// The response is the first string in `filtered_resps` (depth first), else the first in `resps`.
import { z } from "zod";
import { UvqaError, invalid, parseAt } from "../../errors.ts";
import type { Item } from "../../items/schema.ts";
import { readText } from "../../storage/jsonl.ts";
import { fieldValue, type FieldMap } from "./fields.ts";
import { parseJsonlRecords } from "./jsonl.ts";
import { idText, responseText, type Imported, type RawRecord } from "./records.ts";

export const LmmsEvalSample = z.object({
  doc_id: z.union([z.number().int().min(0), z.string().min(1)]),
  doc: z.record(z.string(), z.unknown()).optional(),
  target: z.unknown().optional(),
  arguments: z.unknown().optional(),
  input: z.unknown().optional(),
  resps: z.array(z.unknown()).optional(),
  filtered_resps: z.array(z.unknown()),
  /** lm-evaluation-harness style logs name the filter; lmms-eval's own do not. */
  filter: z.string().optional(),
}).passthrough();
export type LmmsEvalSample = z.infer<typeof LmmsEvalSample>;

const DOC_ID_FIELDS = ["doc.id", "doc.question_id", "doc.item"] as const;

export interface LmmsEvalOptions {
  map?: FieldMap;
  /** `doc_id` indexes these items (rule 3). */
  byDocIndex?: Item[];
  /** Keep only samples of this filter (logs with a `filter` field). */
  filter?: string;
}

/** Samples as JSONL, or the older single JSON document with a `logs` array. */
export function parseLmmsEvalRecords(text: string, file: string): RawRecord[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") && trimmed.includes("\n")) {
    try {
      const whole = JSON.parse(trimmed) as { logs?: unknown };
      if (Array.isArray(whole.logs)) {
        return whole.logs.map((record, i) => {
          if (record === null || typeof record !== "object") throw invalid("logs", record, { file, record: i });
          return { record: record as Record<string, unknown>, loc: { file, record: i } };
        });
      }
    } catch {
      // not one JSON document: JSON Lines
    }
  }
  return parseJsonlRecords(text, file);
}

function firstString(value: unknown, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  const text = responseText(value);
  if (typeof text === "string") return text;
  if (Array.isArray(value)) {
    for (const entry of value) {
      const found = firstString(entry, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function itemOf(sample: LmmsEvalSample, raw: RawRecord, options: LmmsEvalOptions): string {
  const { loc } = raw;
  if (options.map?.item) {
    const id = idText(fieldValue(raw.record, options.map.item));
    if (id === undefined) throw invalid(options.map.item, fieldValue(raw.record, options.map.item), loc);
    return id;
  }
  for (const name of DOC_ID_FIELDS) {
    const id = idText(fieldValue(raw.record, name));
    if (id !== undefined) return id;
  }
  if (options.byDocIndex) {
    const index = typeof sample.doc_id === "number" ? sample.doc_id : Number.NaN;
    const item = options.byDocIndex[index];
    if (!item) throw invalid("doc_id", sample.doc_id, loc);
    return item.id;
  }
  return String(sample.doc_id);
}

export function lmmsEvalImported(records: RawRecord[], options: LmmsEvalOptions = {}): Imported[] {
  const out: Imported[] = [];
  for (const raw of records) {
    const sample = parseAt(LmmsEvalSample, raw.record, raw.loc);
    if (options.filter !== undefined && sample.filter !== undefined && sample.filter !== options.filter) continue;
    let response: string | null | undefined;
    if (options.map?.response) {
      response = responseText(fieldValue(raw.record, options.map.response)) ?? firstString(fieldValue(raw.record, options.map.response));
      if (response === undefined) throw invalid(options.map.response, fieldValue(raw.record, options.map.response), raw.loc);
    } else {
      response = firstString(sample.filtered_resps) ?? firstString(sample.resps);
      if (response === undefined) throw invalid("filtered_resps", sample.filtered_resps, raw.loc);
    }
    let run: string | undefined;
    if (options.map?.run) {
      run = idText(fieldValue(raw.record, options.map.run));
      if (run === undefined) throw invalid(options.map.run, fieldValue(raw.record, options.map.run), raw.loc);
    }
    out.push({ ...(run !== undefined ? { run } : {}), item: itemOf(sample, raw, options), response, loc: raw.loc });
  }
  if (records.length && out.length === 0 && options.filter !== undefined) {
    throw new UvqaError(`no sample of filter ${JSON.stringify(options.filter)} in ${records[0]!.loc.file}`, 2);
  }
  return out;
}

export async function readLmmsEvalFile(file: string, options: LmmsEvalOptions = {}): Promise<Imported[]> {
  return lmmsEvalImported(parseLmmsEvalRecords(await readText(file), file), options);
}
