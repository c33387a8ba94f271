// `uvqa import`: predictions made elsewhere (JSONL, CSV, lmms-eval sample logs) -> response rows in the
// response cache (one file per run, the cache's own append API) and/or an `--out` predictions JSONL.
// Everything is read and checked before anything is written: a bad line leaves cache and out untouched.
import { resolve } from "node:path";
import { UvqaError, invalid, where } from "../../errors.ts";
import type { Item } from "../../items/schema.ts";
import { DEFAULT_CACHE_DIR, ResponseCache } from "../cache.ts";
import { writeOutRows } from "../out.ts";
import { progressBar } from "../progress.ts";
import type { ResponseRow } from "../row.ts";
import { readCsvRecords } from "./csv.ts";
import type { FieldMap } from "./fields.ts";
import { readJsonlRecords } from "./jsonl.ts";
import { readLmmsEvalFile } from "./lmms-eval.ts";
import { mapRecord, type Imported } from "./records.ts";
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
}

export async function readImported(options: ImportOptions): Promise<Imported[]> {
  if (options.from === "lmms-eval") {
    if (options.docIndex && !options.items) throw new UvqaError("--doc-index needs --items <items.jsonl> (doc_id is a position in it)", 2);
    return readLmmsEvalFile(options.file, {
      ...(options.map ? { map: options.map } : {}),
      ...(options.docIndex ? { byDocIndex: options.items } : {}),
      ...(options.filter !== undefined ? { filter: options.filter } : {}),
    });
  }
  const records = options.from === "csv" ? await readCsvRecords(options.file, options.delimiter) : await readJsonlRecords(options.file);
  return records.map((record) => mapRecord(record, options.map ?? {}));
}

/** Gives every record its run and checks ids: known items (when given), one row per run and item. */
export function checkImported(records: Imported[], options: Pick<ImportOptions, "run" | "items">): Array<Imported & { run: string }> {
  const known = options.items ? new Set(options.items.map((item) => item.id)) : undefined;
  const seen = new Map<string, Imported>();
  return records.map((record) => {
    const run = record.run ?? options.run;
    if (!run) throw new UvqaError(`no run for ${record.item} (${where(record.loc)}): give --run <id> or map a run column (--map run=<col>)`, 2);
    if (known && !known.has(record.item)) throw invalid("item", record.item, record.loc);
    const key = `${run}\u0000${record.item}`;
    const first = seen.get(key);
    if (first) throw invalid(`item (again; first at ${where(first.loc)})`, record.item, record.loc);
    seen.set(key, record);
    return { ...record, run };
  });
}

export async function importPredictions(options: ImportOptions): Promise<ImportReport> {
  if (options.cacheDir === null && !options.out) throw new UvqaError("nothing to write: give a cache folder or --out <file.jsonl>", 2);
  const records = checkImported(await readImported(options), options);
  const now = options.now ?? Date.now;
  const createdAt = new Date(now()).toISOString();
  const labels = { model: options.model ?? "import", prompt: options.prompt ?? "import", format: options.from, file: options.file };
  const rows = records.map((record) => importedRow(record, labels, createdAt));
  const byRun = new Map<string, ResponseRow[]>();
  for (const row of rows) byRun.set(row.run, [...(byRun.get(row.run) ?? []), row]);

  let added = 0;
  let unchanged = 0;
  if (options.cacheDir !== null) {
    const cacheDir = resolve(options.cacheDir ?? DEFAULT_CACHE_DIR);
    const bar = progressBar(rows.length, "import", options.progress ?? Boolean(process.stderr.isTTY));
    try {
      for (const [run, runRows] of byRun) {
        const cache = await ResponseCache.open(cacheDir, run);
        try {
          // Appends are not awaited one by one: the cache coalesces them into few whole-line writes.
          const writes: Promise<void>[] = [];
          for (const row of runRows) {
            // Unchanged only when it is already the item's newest row: re-importing an earlier response
            // (a reverted file) must append it again, or an import run would keep using the newer one.
            if (cache.latest(row.item)?.cache_key === row.cache_key) unchanged++;
            else {
              writes.push(cache.append(row).then(() => bar.tick(false)));
              added++;
              continue;
            }
            bar.tick(false);
          }
          await Promise.all(writes);
        } finally {
          await cache.close();
        }
      }
    } finally {
      bar.stop();
    }
  }
  if (options.out) await writeOutRows(options.out, [...byRun.keys()], rows);
  return { runs: Object.fromEntries([...byRun].map(([run, list]) => [run, list.length])), added, unchanged, rows };
}
