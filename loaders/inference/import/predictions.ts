// `uvqa import`: predictions made elsewhere (JSONL, a JSON array, CSV, lmms-eval sample logs) -> response
// rows in the response cache (one file per run, the cache's own append API) and/or an `--out` predictions
// JSONL. Everything is read and checked before anything is written: a bad line leaves cache and out
// untouched. The --out file is staged (read, checked, written beside its target) before the cache is
// appended to and renamed into place after, so an --out that cannot be written leaves the cache as it was.
import { resolve } from "node:path";
import { UvqaError, invalid, where } from "../../errors.ts";
import type { Item } from "../../items/schema.ts";
import type { StagedFile } from "../../storage/atomic.ts";
import { readText } from "../../storage/jsonl.ts";
import { DEFAULT_CACHE_DIR, ResponseCache } from "../cache.ts";
import { stageOutRows } from "../out.ts";
import { progressBar } from "../progress.ts";
import type { ResponseRow } from "../row.ts";
import { readCsvRecords } from "./csv.ts";
import type { FieldMap } from "./fields.ts";
import { readJsonRecords } from "./json.ts";
import { eachJsonlRecord } from "./jsonl.ts";
import { readLmmsEvalFile } from "./lmms-eval.ts";
import { mapRecord, type Imported } from "./records.ts";
import { referenceWarning } from "./reference.ts";
import { importedRow, type ImportFormat } from "./rows.ts";

export interface ImportOptions {
  from: ImportFormat;
  file: string;
  /** The run of rows without a run column. */
  run?: string;
  map?: FieldMap;
  /** Known items: an id not among them is an error naming file and line. */
  items?: Item[];
  /** lmms-eval: `doc_id` is the position in `items`. */
  docIndex?: boolean;
  /** lmms-eval: keep samples of this filter only. */
  filter?: string;
  model?: string;
  prompt?: string;
  delimiter?: string;
  /** The response cache; `null` writes no cache (then `out` is needed). Default data/cache/responses. */
  cacheDir?: string | null;
  out?: string;
  progress?: boolean;
  now?: () => number;
}

export interface ImportReport {
  /** Rows read, per run. */
  runs: Record<string, number>;
  /** Rows appended to the cache. */
  added: number;
  /** Rows that already are their item's newest row in the cache (same response). */
  unchanged: number;
  rows: ResponseRow[];
  /** lmms-eval samples with several responses (`repeats` > 1) and the responses not imported. */
  repeats: { samples: number; dropped: number };
  /** What the user should look at (most responses equal the references, dropped repeats), one line each. */
  warnings: string[];
}

export interface ImportRead {
  imported: Imported[];
  repeats: { samples: number; dropped: number };
}

export async function readImported(options: ImportOptions): Promise<ImportRead> {
  if (options.from === "lmms-eval") {
    if (options.docIndex && !options.items) throw new UvqaError("--doc-index needs --items <items.jsonl> (doc_id is a position in it)", 2);
    return readLmmsEvalFile(options.file, {
      ...(options.map ? { map: options.map } : {}),
      ...(options.docIndex ? { byDocIndex: options.items } : {}),
      ...(options.filter !== undefined ? { filter: options.filter } : {}),
    });
  }
  if (options.docIndex) throw new UvqaError("--doc-index is for --from lmms-eval (doc_id is a position in --items)", 2);
  if (options.filter !== undefined) throw new UvqaError("--filter is for --from lmms-eval", 2);
  const map = options.map ?? {};
  const none = { samples: 0, dropped: 0 };
  if (options.from === "jsonl") {
    const imported: Imported[] = [];
    eachJsonlRecord(await readText(options.file), options.file, (raw) => void imported.push(mapRecord(raw, map)));
    return { imported, repeats: none };
  }
  const records = options.from === "csv" ? await readCsvRecords(options.file, options.delimiter) : await readJsonRecords(options.file);
  return { imported: records.map((raw) => mapRecord(raw, map)), repeats: none };
}

function itemsById(items: readonly Item[] | undefined): Map<string, Item> | undefined {
  if (!items) return undefined;
  const byId = new Map<string, Item>();
  for (const item of items) byId.set(item.id, item);
  return byId;
}

/** Gives every record its run and checks ids: known items (when given), one row per run and item. */
export function checkImported(records: Imported[], options: Pick<ImportOptions, "run" | "items">, known = itemsById(options.items)): Array<Imported & { run: string }> {
  const seen = new Map<string, Map<string, Imported>>();
  for (const record of records) {
    const run = record.run ?? options.run;
    if (!run) throw new UvqaError(`no run for ${record.item} (${where(record.loc)}): give --run <id> or map a run column (--map run=<col>)`, 2);
    if (known && !known.has(record.item)) throw invalid("item", record.item, record.loc);
    let ofRun = seen.get(run);
    if (!ofRun) seen.set(run, (ofRun = new Map()));
    const first = ofRun.get(record.item);
    if (first) throw invalid(`item (again; first at ${where(first.loc)})`, record.item, record.loc);
    ofRun.set(record.item, record);
    record.run = run;
  }
  return records as Array<Imported & { run: string }>;
}

/** Appends the rows the cache does not already hold as their item's newest row; returns [added, unchanged]. */
async function appendToCache(cacheDir: string, byRun: Map<string, number[]>, rows: ResponseRow[], json: string[], progress: boolean): Promise<[number, number]> {
  let added = 0;
  let unchanged = 0;
  const bar = progressBar(rows.length, "import", progress);
  try {
    for (const [run, indices] of byRun) {
      const cache = await ResponseCache.open(cacheDir, run);
      // A run new to the cache has no newest row to compare with.
      const fresh = cache.report.rows === 0;
      try {
        // Rows are queued, then written in few whole-line writes; a write failure rejects close().
        let waiting: Promise<void> | undefined;
        for (const i of indices) {
          const row = rows[i]!;
          // Unchanged only when it is already the item's newest row: re-importing an earlier response
          // (a reverted file) must append it again, or an import run would keep using the newer one.
          if (!fresh && cache.latest(row.item)?.cache_key === row.cache_key) unchanged++;
          else {
            const write = cache.append(row, json[i]);
            if (write !== waiting) (waiting = write).catch(() => {});
            added++;
          }
          bar.tick(false);
        }
      } finally {
        await cache.close();
      }
    }
  } finally {
    bar.stop();
  }
  return [added, unchanged];
}

export async function importPredictions(options: ImportOptions): Promise<ImportReport> {
  if (options.cacheDir === null && !options.out) throw new UvqaError("nothing to write: give a cache folder or --out <file.jsonl>", 2);
  const { imported, repeats } = await readImported(options);
  const known = itemsById(options.items);
  const records = checkImported(imported, options, known);
  const warnings: string[] = [];
  if (repeats.samples) {
    warnings.push(`${repeats.samples} samples have several responses (repeats): the filtered response of each was imported, ${repeats.dropped} other responses dropped`);
  }
  const reference = referenceWarning(records, known);
  if (reference) warnings.push(reference);

  const now = options.now ?? Date.now;
  const createdAt = new Date(now()).toISOString();
  const labels = { model: options.model ?? "import", prompt: options.prompt ?? "import", format: options.from, file: options.file };
  const rows = new Array<ResponseRow>(records.length);
  const json = new Array<string>(records.length);
  const byRun = new Map<string, number[]>();
  for (let i = 0; i < records.length; i++) {
    const row = importedRow(records[i]!, labels, createdAt);
    rows[i] = row;
    json[i] = JSON.stringify(row);
    const list = byRun.get(row.run);
    if (list) list.push(i);
    else byRun.set(row.run, [i]);
  }

  // --out first (all but the rename): its failures must come before the cache changes.
  const staged: StagedFile | undefined = options.out ? await stageOutRows(options.out, [...byRun.keys()], rows, json) : undefined;
  let added = 0;
  let unchanged = 0;
  try {
    if (options.cacheDir !== null) {
      const progress = options.progress ?? Boolean(process.stderr.isTTY);
      [added, unchanged] = await appendToCache(resolve(options.cacheDir ?? DEFAULT_CACHE_DIR), byRun, rows, json, progress);
    }
  } catch (error) {
    await staged?.discard();
    throw error;
  }
  await staged?.commit();
  const runs = Object.fromEntries([...byRun].map(([run, list]) => [run, list.length]));
  return { runs, added, unchanged, rows, repeats, warnings };
}
