// One run's response rows as columns: what the report reads from the response cache (or gets from inference),
// judges, scores and writes, held once per row (an item index, the text, the provenance), never as a row object
// per response. A run of imported predictions is read straight from its cache file, line by line.
import type { ExperimentConfig } from "../config/schema.ts";
import { findRun } from "../config/load.ts";
import { cacheFile, isPlainResponseRow, scanCacheFile } from "../inference/cache.ts";
import { inferRun, isImportedRow, logCacheReport, missingImportError } from "../inference/run.ts";
import { ResponseRow, type FramesRecord, type ResponseError } from "../inference/row.ts";
import type { Item } from "../items/schema.ts";
import { findPrompt } from "../prompts/index.ts";

export interface RunResponses {
  run: string;
  /** One row per item of the run (first occurrence of an id), in the run's item order. */
  rows: number;
  /** The item's index in the report's item list. */
  item: Int32Array;
  /** The response text; null for a failure row (a failed request, an item with no imported prediction). */
  response: Array<string | null>;
  error: Array<ResponseError | null>;
  backend: string[];
  model: string[];
  prompt: string[];
  /** The row's own prompt hash (the messages rendered for its item). */
  promptHash: string[];
  settings: Array<Record<string, unknown>>;
  frames: Array<FramesRecord | null>;
  /** Failure rows (response null). */
  failed: number;
}

function empty(run: string, rows: number): RunResponses {
  return {
    run, rows, item: new Int32Array(rows), response: new Array(rows), error: new Array(rows), backend: new Array(rows), model: new Array(rows),
    prompt: new Array(rows), promptHash: new Array(rows), settings: new Array(rows), frames: new Array(rows), failed: 0,
  };
}

function set(out: RunResponses, r: number, item: number, row: ResponseRow): void {
  out.item[r] = item;
  out.response[r] = row.response;
  out.error[r] = row.error;
  out.backend[r] = row.backend;
  out.model[r] = row.model;
  out.prompt[r] = row.prompt;
  out.promptHash[r] = row.prompt_hash;
  out.settings[r] = row.settings;
  out.frames[r] = row.frames ?? null;
  if (row.response == null) out.failed++;
}

/** Response rows (as `inferRun` returns them) as columns; `position`: item id -> index in the report's items. */
export function fromResponseRows(run: string, rows: readonly ResponseRow[], position: ReadonlyMap<string, number>): RunResponses {
  const out = empty(run, rows.length);
  rows.forEach((row, r) => set(out, r, position.get(row.item)!, row));
  return out;
}

/** The rows of one run as a row object each (tests, small runs). */
export function responseRowAt(responses: RunResponses, r: number, items: readonly Item[]): Record<string, unknown> {
  return {
    run: responses.run, item: items[responses.item[r]!]!.id, response: responses.response[r], error: responses.error[r],
    backend: responses.backend[r], model: responses.model[r], prompt: responses.prompt[r], prompt_hash: responses.promptHash[r],
    settings: responses.settings[r], frames: responses.frames[r],
  };
}

export interface RunResponsesOptions {
  config: ExperimentConfig;
  runId: string;
  /** The run's items (`itemsForRun`), each with its index in the report's items. */
  items: readonly Item[];
  position: ReadonlyMap<string, number>;
  cacheDir: string;
  log: (line: string) => void;
}

/**
 * A run's response rows, as `inferRun` gives them, as columns. A run of a model with backend `import` is read
 * from its cache file line by line: each item's newest imported row, or a `missing` failure row (the rows, the
 * logs and the order are those of `inferRun`). Other backends go through `inferRun` (cached requests).
 */
export async function runResponses(options: RunResponsesOptions): Promise<RunResponses> {
  const { config, runId, position, cacheDir, log } = options;
  const { run, model } = findRun(config, runId);
  // inferRun's items: the first occurrence of each id.
  const seen = new Set<string>();
  const items = options.items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
  if (model.backend !== "import") {
    const rows = await inferRun({ config, runId, items, cacheDir, log });
    return fromResponseRows(runId, rows, position);
  }
  const promptId = findPrompt(config, run.prompt).id;
  // Per item of the run, its slot; the newest imported row per slot wins (as ResponseCache#latest), written
  // straight into the columns (a later row for the item overwrites them).
  const slot = new Map<string, number>();
  items.forEach((item, k) => slot.set(item.id, k));
  const out = empty(runId, items.length);
  const found = new Uint8Array(items.length);
  const intern = new Interner();
  const file = cacheFile(cacheDir, runId);
  const report = await scanCacheFile(file, false, (value) => {
    let row: ResponseRow;
    if (isPlainResponseRow(value)) row = value;
    else {
      const parsed = ResponseRow.safeParse(value);
      if (!parsed.success) return false;
      row = parsed.data;
    }
    const k = slot.get(row.item);
    if (k === undefined || !isImportedRow(row)) return true;
    found[k] = 1;
    out.response[k] = row.response;
    out.error[k] = row.error;
    out.backend[k] = intern.text(row.backend, 0);
    out.model[k] = intern.text(row.model, 1);
    out.prompt[k] = intern.text(row.prompt, 2);
    out.promptHash[k] = intern.text(row.prompt_hash, 3);
    out.settings[k] = intern.settings(row.settings);
    out.frames[k] = row.frames ?? null;
    return true;
  });
  logCacheReport(runId, { report, file }, false, log);
  const missingError = missingImportError(runId, file);
  const missingSettings = {};
  let missing = 0;
  items.forEach((item, k) => {
    out.item[k] = position.get(item.id)!;
    if (!found[k]) {
      missing++;
      out.response[k] = null;
      out.error[k] = missingError;
      out.backend[k] = "import";
      out.model[k] = model.model ?? model.id;
      out.prompt[k] = promptId;
      out.promptHash[k] = "";
      out.settings[k] = missingSettings;
      out.frames[k] = null;
    }
    if (out.response[k] == null) out.failed++;
  });
  if (missing) log(`${runId}: ${missing} of ${items.length} items have no imported prediction (missing rows; uvqa import --run ${runId} adds them)`);
  return out;
}

/**
 * Repeated values kept once: every row of a run has the same backend, model, prompt and settings, and a million
 * rows would otherwise hold a million copies of each (JSON.parse makes a new string and object per row).
 */
class Interner {
  private texts = new Map<string, string>();
  /** Per field (backend, model, prompt, prompt_hash), the last value kept. */
  private last: Array<string | undefined> = [];
  private lastSettings: Record<string, unknown> | null = null;
  private lastKeys: string[] = [];

  /** `value` kept once; `field` numbers the column (most rows repeat the row before's value: compared, not hashed). */
  text(value: string, field: number): string {
    const last = this.last[field];
    if (value === last) return last;
    let kept = this.texts.get(value);
    if (kept === undefined) {
      if (this.texts.size > 1000) this.texts.clear();
      this.texts.set(value, (kept = value));
    }
    return (this.last[field] = kept);
  }

  /** The previous row's settings object when this one has the same keys (in order) and the same primitive values. */
  settings(value: Record<string, unknown>): Record<string, unknown> {
    const last = this.lastSettings;
    if (last !== null) {
      // No key arrays per row: the row's own keys walked against the last object's, kept once.
      const lastKeys = this.lastKeys;
      let i = 0, same = true;
      for (const key in value) {
        const v = value[key];
        if (key !== lastKeys[i++] || v !== last[key] || (v !== null && typeof v === "object")) {
          same = false;
          break;
        }
      }
      if (same && i === lastKeys.length) return last;
    }
    this.lastKeys = Object.keys(value);
    return (this.lastSettings = value);
  }
}
