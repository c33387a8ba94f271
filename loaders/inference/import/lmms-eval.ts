// lmms-eval `--log_samples` output, every released layout (read from lmms_eval/evaluator.py, __main__.py and
// loggers/evaluation_tracker.py of EvolvingLMMs-Lab/lmms-eval at each tag; tests/import/fixtures/lmms-eval/
// holds one hand-written file per layout, each citing its commit):
//   v0.1.0-v0.2.3   one `<task>.json`: {"args", "model_configs", "logs": [sample, ...], "time"?}, a sample being
//                   {doc_id, target, doc, arguments, resps: [[text]], filtered_resps: [text], <metrics>}
//                   (v0.2.3 adds doc_hash, prompt_hash, target_hash);
//   v0.2.4-v0.3.x   `<date>_samples_<task>.jsonl`, one sample a line, strings sanitized, `input` (the prompt)
//                   added, `arguments` replaced by a dict of generation-setting names;
//   v0.4-v0.6.x     `doc` and `arguments` popped, `resps` popped when equal to `filtered_resps`,
//                   prompt_hash and target_hash dropped (doc_hash kept);
//   v0.7 and later  the one-request wrapper flattened: `filtered_resps` is a plain string and `resps` the
//                   list of the request's responses (popped when it equals the string); `token_counts`
//                   added; with reasoning tags `resps` is the raw output, `filtered_resps` the answer.
// Each sample has one entry in `filtered_resps` per request; a generation task has one request, whose
// filtered response is a string (a filter that keeps every repeat leaves the list of them). With
// `repeats` > 1 the request has several responses: the filtered one (the first, under lmms-eval's default
// `take_first` filter) is imported and the others are counted as dropped. Samples with several requests
// (multiple-choice, loglikelihood) are refused. lmms-eval never names the filter of a sample (one file
// holds one filter's samples); lm-evaluation-harness style logs do (`filter`), and `--filter` picks one.
//
// The item id of a sample (a documented rule):
//   1. `--map item=<field>`: any field or dot path, e.g. `doc.video_id`;
//   2. the one of `doc.id`, `doc.question_id`, `doc.item` the sample's `doc` holds (two: an error);
//   3. with `byDocIndex` (`--doc-index`): `doc_id` is the 0-based position of the item in `--items`,
//      checked: the sample's `target` must be the item's reference and its prompt (`input`, or the
//      `arguments` of older layouts) must contain the item's question; any mismatch refuses the file
//      with the count of mismatches (the items file is in another order than the task's documents);
//   4. otherwise `doc_id` itself, as text.
import { z } from "zod";
import { UvqaError, formatValue, invalid, parseAt, where, type Location } from "../../errors.ts";
import type { Item } from "../../items/schema.ts";
import { readText } from "../../storage/jsonl.ts";
import { fieldValue, onlyCandidate, type FieldMap } from "./fields.ts";
import { parseJsonlRecords } from "./jsonl.ts";
import { idText, isRecord, responseText, type Imported, type RawRecord } from "./records.ts";

export const LmmsEvalSample = z.object({
  doc_id: z.union([z.number().int().min(0), z.string().min(1)]),
  doc: z.record(z.string(), z.unknown()).optional(),
  target: z.unknown().optional(),
  arguments: z.unknown().optional(),
  input: z.unknown().optional(),
  resps: z.unknown().optional(),
  /** A list (one entry per request) up to v0.6; the one request's value itself from v0.7. */
  filtered_resps: z.union([z.string(), z.array(z.unknown())]),
  token_counts: z.array(z.unknown()).optional(),
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

export interface LmmsEvalRead {
  imported: Imported[];
  /** Samples with more than one response (`repeats` > 1) and the responses not imported. */
  repeats: { samples: number; dropped: number };
}

/** Samples as JSONL, or the older single JSON document with a `logs` array; a results file is refused. */
export function parseLmmsEvalRecords(text: string, file: string): RawRecord[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    let whole: unknown;
    try {
      whole = JSON.parse(trimmed);
    } catch {
      // not one JSON document: JSON Lines
    }
    if (isRecord(whole)) {
      if (Array.isArray(whole.logs)) {
        return whole.logs.map((record, i) => {
          if (!isRecord(record)) throw invalid("logs", record, { file, record: i });
          return { record, loc: { file, record: i } };
        });
      }
      if (isRecord(whole.results) && whole.doc_id === undefined) {
        throw new UvqaError(`this is a results file; pass samples_*.jsonl (${file})`, 2);
      }
    }
  }
  return parseJsonlRecords(text, file);
}

const allStrings = (value: unknown): value is string[] => Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string");

/** The one request's filtered response and how many responses it had; refuses samples of several requests. */
function generation(sample: LmmsEvalSample, loc: Location): { response: string | null; responses: number } {
  const filtered = sample.filtered_resps;
  let request: unknown;
  if (typeof filtered === "string") request = filtered;
  else if (filtered.length === 1) request = filtered[0];
  else if (allStrings(filtered) && sample.token_counts?.length === 1) request = filtered; // v0.7: one request's repeats, flattened
  else if (filtered.length === 0) throw invalid("filtered_resps", filtered, loc);
  else throw new UvqaError(`invalid filtered_resps: ${formatValue(filtered)} (${where(loc)}): ${filtered.length} requests per sample (a multiple-choice or loglikelihood task); uvqa import reads generation tasks`, 2);

  let response: string | null | undefined;
  let responses = 1;
  if (allStrings(request)) {
    response = request[0];
    responses = request.length;
  } else response = responseText(request);
  if (response === undefined) throw invalid("filtered_resps", filtered, loc);

  // The request's raw responses: [[r1, r2, ...]] up to v0.6, [r1, r2, ...] or "raw" from v0.7.
  const resps = sample.resps;
  if (allStrings(resps)) responses = Math.max(responses, resps.length);
  else if (Array.isArray(resps) && resps.length === 1 && allStrings(resps[0])) responses = Math.max(responses, resps[0].length);
  return { response, responses };
}

/** All the text of a value (the prompt may be a string or, for chat tasks, messages), depth first. */
function texts(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 6) return out;
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const entry of value) texts(entry, out, depth + 1);
  else if (isRecord(value)) for (const entry of Object.values(value)) texts(entry, out, depth + 1);
  return out;
}

const norm = (text: string) => text.toLowerCase().replace(/\s+/g, " ").trim();

/** The prompt of a sample: `input` (v0.2.4 and later), else the strings of `arguments` (v0.1-v0.2.3). */
function promptOf(sample: LmmsEvalSample): string | undefined {
  const found = texts(sample.input !== undefined ? sample.input : sample.arguments);
  return found.length ? norm(found.join("\n")) : undefined;
}

/** Why the sample is not about `item`, or null when its prompt holds the question and its target is the reference. */
function mismatch(sample: LmmsEvalSample, item: Item): string | null {
  const prompt = promptOf(sample);
  const targets = sample.target === undefined || sample.target === null ? [] : texts(sample.target);
  if (prompt === undefined && targets.length === 0) return "the sample has no target or input to check it against";
  if (prompt !== undefined && !prompt.includes(norm(item.question))) return "its question is not in the sample's input";
  if (targets.length && !targets.some((t) => norm(t) === norm(item.reference))) return "its reference is not the sample's target";
  return null;
}

/** The sample's item id, and the item when it was found by position (rule 3, to be checked). */
function itemOf(sample: LmmsEvalSample, raw: RawRecord, options: LmmsEvalOptions): { id: string; byIndex?: Item } {
  const { loc } = raw;
  if (options.map?.item) {
    const id = idText(fieldValue(raw.record, options.map.item));
    if (id === undefined) throw invalid(options.map.item, fieldValue(raw.record, options.map.item), loc);
    return { id };
  }
  const docField = sample.doc ? onlyCandidate(raw.record, "item", DOC_ID_FIELDS, loc) : undefined;
  if (docField !== undefined) {
    const id = idText(fieldValue(raw.record, docField));
    if (id === undefined) throw invalid(docField, fieldValue(raw.record, docField), loc);
    return { id };
  }
  if (options.byDocIndex) {
    const index = typeof sample.doc_id === "number" ? sample.doc_id : Number.NaN;
    const item = options.byDocIndex[index];
    if (!item) throw invalid("doc_id", sample.doc_id, loc);
    return { id: item.id, byIndex: item };
  }
  return { id: String(sample.doc_id) };
}

/** Samples of one filter: `--filter` on a log that names its filters, or the log's only filter. */
function chooseFilter(samples: Array<{ sample: LmmsEvalSample; raw: RawRecord }>, filter: string | undefined, file: string) {
  const names = [...new Set(samples.flatMap(({ sample }) => (sample.filter !== undefined ? [sample.filter] : [])))];
  if (filter === undefined) {
    if (names.length > 1) throw new UvqaError(`${file} holds samples of filters ${names.map((n) => JSON.stringify(n)).join(", ")}: choose one with --filter <name>`, 2);
    return samples;
  }
  if (names.length === 0) {
    throw new UvqaError(`--filter ${JSON.stringify(filter)}: ${file} does not name its filters (its samples have no "filter" field; lmms-eval writes one file per filter): leave --filter out`, 2);
  }
  const kept = samples.filter(({ sample }) => sample.filter === filter);
  if (kept.length === 0) throw new UvqaError(`no sample of filter ${JSON.stringify(filter)} in ${file} (filters: ${names.map((n) => JSON.stringify(n)).join(", ")})`, 2);
  return kept;
}

export function lmmsEvalImported(records: RawRecord[], options: LmmsEvalOptions = {}): LmmsEvalRead {
  const file = records[0]?.loc.file ?? "";
  const parsed = records.map((raw) => ({ sample: parseAt(LmmsEvalSample, raw.record, raw.loc), raw }));
  const chosen = chooseFilter(parsed, options.filter, file);
  const imported: Imported[] = [];
  const repeats = { samples: 0, dropped: 0 };
  const mismatches: Array<{ raw: RawRecord; sample: LmmsEvalSample; item: Item; why: string }> = [];
  for (const { sample, raw } of chosen) {
    let response: string | null | undefined;
    let field = "filtered_resps";
    if (options.map?.response) {
      field = options.map.response;
      const value = fieldValue(raw.record, field);
      response = responseText(value) ?? (allStrings(value) ? value[0] : undefined);
      if (response === undefined) throw invalid(field, value, raw.loc);
    } else {
      const found = generation(sample, raw.loc);
      response = found.response;
      if (found.responses > 1) {
        repeats.samples++;
        repeats.dropped += found.responses - 1;
      }
    }
    let run: string | undefined;
    if (options.map?.run) {
      run = idText(fieldValue(raw.record, options.map.run));
      if (run === undefined) throw invalid(options.map.run, fieldValue(raw.record, options.map.run), raw.loc);
    }
    const { id: item, byIndex } = itemOf(sample, raw, options);
    if (byIndex) {
      const why = mismatch(sample, byIndex);
      if (why) mismatches.push({ raw, sample, item: byIndex, why });
    }
    const target = typeof sample.target === "string" ? sample.target : undefined;
    imported.push({ ...(run !== undefined ? { run } : {}), item, response, loc: raw.loc, field, ...(target !== undefined ? { target } : {}) });
  }
  if (mismatches.length) {
    const first = mismatches[0]!;
    throw new UvqaError(
      `--doc-index: ${mismatches.length} of ${chosen.length} samples do not match the item at their doc_id (first: doc_id ${formatValue(first.sample.doc_id)} -> item ${JSON.stringify(first.item.id)}: ${first.why}; ${where(first.raw.loc)}): `
        + "the items file is not in the task's document order; name the id with --map item=<field>", 2,
    );
  }
  return { imported, repeats };
}

export async function readLmmsEvalFile(file: string, options: LmmsEvalOptions = {}): Promise<LmmsEvalRead> {
  return lmmsEvalImported(parseLmmsEvalRecords(await readText(file), file), options);
}
