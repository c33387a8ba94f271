// The report's item files that take seconds at 100k items (items.parquet, item-ids.parquet) and what the report
// needs of every item's JSON line (each dataset's sha256, the lines' bytes), as one job for the second core
// (pipeline/worker.ts) while the main thread reads the runs. The job loads the datasets itself: copying 100k items
// with their scenes to a worker costs the main thread more (1.4 s) than loading them there.
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { loadConfig } from "../config/load.ts";
import { loadDatasets, type LoadedDataset } from "../datasets/configured.ts";
import type { Item } from "../items/schema.ts";
import { writeItemIds, writeItemsParquet } from "./report-tables.ts";

export interface ItemFiles {
  /** Per loaded dataset (config order): the sha256 of its items' JSON lines, each with its newline. */
  datasetHash: Record<string, string>;
  /** The bytes of every item's JSON line with its newline (items.jsonl's size). */
  itemBytes: number;
  /** itemIdsHash of the items the files were written from. */
  ids: string;
}

/** A hash of the item ids in order: the main thread checks that the job saw the items it did. */
export function itemIdsHash(items: readonly Item[]): string {
  const hash = createHash("sha256");
  for (const item of items) hash.update(`${item.id}\n`);
  return hash.digest("hex");
}

/** Writes items.parquet and item-ids.parquet into `dir` from the loaded datasets, and hashes their lines. */
export async function writeItemFilesOf(datasets: readonly LoadedDataset[], dir: string): Promise<ItemFiles> {
  const loaded = datasets.filter((d): d is Extract<LoadedDataset, { items: Item[] }> => "items" in d);
  const items = loaded.flatMap((d) => d.items);
  const datasetHash: Record<string, string> = {};
  let itemBytes = 0;
  for (const d of loaded) {
    const hash = createHash("sha256");
    for (const item of d.items) {
      const line = JSON.stringify(item);
      hash.update(line);
      hash.update("\n");
      itemBytes += Buffer.byteLength(line) + 1;
    }
    datasetHash[d.id] = hash.digest("hex");
  }
  await writeItemsParquet(join(dir, "items.parquet"), items);
  await writeItemIds(join(dir, "item-ids.parquet"), items);
  return { datasetHash, itemBytes, ids: itemIdsHash(items) };
}

/** `writeItemFilesOf` on the config's datasets, loaded here: the job the report starts on a worker. */
export async function writeItemFiles(configPath: string, dir: string): Promise<ItemFiles> {
  const config = await loadConfig(configPath);
  return writeItemFilesOf(await loadDatasets(config.datasets, dirname(configPath)), dir);
}
