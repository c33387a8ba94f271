// An imported prediction as a response row (backend "import"). Its cache key is a hash of what the row
// says (run, item, response), so importing the same file twice finds every row already cached, and a
// changed response is a new row that the cache's `latest` returns from then on.
import { hash } from "node:crypto";
import type { ResponseRow } from "../row.ts";
import type { Imported } from "./records.ts";

export type ImportFormat = "jsonl" | "json" | "csv" | "lmms-eval";
export const IMPORT_FORMATS: readonly ImportFormat[] = ["jsonl", "json", "csv", "lmms-eval"];

export interface ImportLabels {
  /** The model that produced the predictions, as the user names it (default "import"). */
  model: string;
  /** The prompt used elsewhere, as the user names it (default "import"). */
  prompt: string;
  format: ImportFormat;
  /** The file name as given (recorded for provenance, not part of the key). */
  file: string;
}

/** sha256 of {backend, run, item, response} as JSON (crypto's one-shot `hash`: no Hash object per row). */
export function importCacheKey(run: string, item: string, response: string | null): string {
  return hash("sha256", JSON.stringify({ backend: "import", run, item, response }), "hex");
}

/** One settings object for every row of an import (they are the same; frozen, so none can change them all). */
const settingsOf = new Map<ImportFormat, Readonly<Record<string, unknown>>>();

export function importedRow(record: Imported & { run: string }, labels: ImportLabels, createdAt: string): ResponseRow {
  const { loc } = record;
  let settings = settingsOf.get(labels.format);
  if (!settings) settingsOf.set(labels.format, (settings = Object.freeze({ format: labels.format })));
  const source = "line" in loc ? { file: labels.file, line: loc.line } : "record" in loc ? { file: labels.file, record: loc.record } : { file: labels.file };
  return {
    run: record.run,
    item: record.item,
    response: record.response,
    error: null,
    backend: "import",
    model: labels.model,
    prompt: labels.prompt,
    prompt_hash: "",
    settings: settings as Record<string, unknown>,
    latency_ms: 0,
    cache_key: importCacheKey(record.run, record.item, record.response),
    created_at: createdAt,
    source,
  };
}
