// A JSON array of predictions, as Video-ChatGPT's and LLaVA's evaluation scripts write them
// (`[{"id", "question", "answer", "pred"}, ...]`): each element is a record, located by its index; the
// same field rules as JSON Lines pick item, response and run (there `answer` is the ground truth and
// `pred` the prediction: two candidates, so the file needs `--map response=pred`).
import { UvqaError, invalid } from "../../errors.ts";
import { readText } from "../../storage/jsonl.ts";
import { isRecord, type RawRecord } from "./records.ts";

export function parseJsonRecords(text: string, file: string): RawRecord[] {
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch (error) {
    const lines = text.trim().includes("\n") && /^\s*\{/.test(text) ? "; one object per line is JSON Lines: read it with --from jsonl" : "";
    throw new UvqaError(`invalid JSON: ${(error as Error).message} (${file})${lines}`, 2);
  }
  if (!Array.isArray(whole)) {
    if (isRecord(whole) && Array.isArray(whole.logs)) {
      throw new UvqaError(`${file} is an lmms-eval log, not a JSON array of predictions: read it with --from lmms-eval`, 2);
    }
    if (isRecord(whole) && isRecord(whole.results)) throw new UvqaError(`this is a results file; pass samples_*.jsonl with --from lmms-eval (${file})`, 2);
    throw invalid("predictions (a JSON array of records is needed)", whole, { file });
  }
  return whole.map((record, i) => {
    if (!isRecord(record)) throw invalid("record", record, { file, record: i });
    return { record, loc: { file, record: i } };
  });
}

export async function readJsonRecords(file: string): Promise<RawRecord[]> {
  return parseJsonRecords(await readText(file), file);
}
