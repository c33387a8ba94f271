// Configured datasets -> items. A dataset marked optional whose dir is unset or missing is skipped,
// and the skip is recorded (the report says so) rather than silently ignored. Below inference and the
// pipeline, which both load a run's datasets (inference/batch/items.ts, pipeline/report.ts); it uses the
// readers beside it and the template generator (generate/sample.ts, twins.ts), never inference.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { DatasetConfig } from "../config/schema.ts";
import { UvqaError } from "../errors.ts";
import type { Item } from "../items/schema.ts";
import { readItemsJsonl } from "./items-jsonl.ts";
import { readUvqaDir } from "./uvqa.ts";
import { readVcgbenchDir } from "./vcgbench.ts";
import { loadSampleItems } from "../generate/sample.ts";
import { withTwins } from "../generate/twins.ts";

export type LoadedDataset =
  | { id: string; kind: DatasetConfig["kind"]; items: Item[]; source: string; warnings: Record<string, number> }
  | { id: string; kind: DatasetConfig["kind"]; skipped: string };

export async function loadDataset(dataset: DatasetConfig, root = process.cwd()): Promise<LoadedDataset> {
  const { id, kind } = dataset;
  if (kind === "sample") {
    const items = await loadSampleItems(dataset.dir ? { dir: resolve(root, dataset.dir) } : {});
    return { id, kind, items: relabel(items, id, "sample"), source: dataset.dir ?? "data/scenes", warnings: {} };
  }
  const location = dataset.dir ?? dataset.path;
  if (!location || !existsSync(resolve(root, location))) {
    const why = location ? `${location} does not exist` : `no ${kind === "items" ? "path" : "dir"} given`;
    if (dataset.optional) return { id, kind, skipped: why };
    throw new UvqaError(`dataset ${id}: ${why}`, 2);
  }
  const at = resolve(root, location);
  if (kind === "uvqa") {
    const { items, warnings } = await readUvqaDir(at);
    return { id, kind, items: relabel(dataset.twins ? withTwins(items) : items, id, "uvqa"), source: location, warnings };
  }
  if (kind === "vcgbench") {
    const { items } = await readVcgbenchDir(at);
    return { id, kind, items: relabel(items, id, "vcgbench"), source: location, warnings: {} };
  }
  return { id, kind, items: await readItemsJsonl(at), source: location, warnings: {} };
}

/** A dataset configured under another id keeps item ids unique across datasets by prefixing them. */
function relabel(items: Item[], id: string, natural: string): Item[] {
  if (id === natural) return items;
  const rename = (value: string) => `${id}/${value.startsWith(`${natural}/`) ? value.slice(natural.length + 1) : value}`;
  return items.map((item) => ({ ...item, id: rename(item.id), dataset: id, ...(item.pair ? { pair: rename(item.pair) } : {}) }));
}

/** Every configured dataset, loaded once; paths in a config are relative to the config file's folder. */
export async function loadDatasets(
  datasets: readonly DatasetConfig[], root: string, log: (line: string) => void = () => {},
): Promise<LoadedDataset[]> {
  const loaded: LoadedDataset[] = [];
  for (const dataset of datasets) {
    const one = await loadDataset(dataset, root);
    log("skipped" in one ? `dataset ${dataset.id}: skipped (${one.skipped})` : `dataset ${dataset.id}: ${one.items.length} items`);
    loaded.push(one);
  }
  return loaded;
}

/** A run's items: those of the datasets it names, or of every loaded dataset. */
export function itemsForRun(run: { datasets?: string[] | undefined }, loaded: readonly LoadedDataset[]): Item[] {
  return loaded
    .filter((d) => !run.datasets || run.datasets.includes(d.id))
    .flatMap((d) => ("items" in d ? d.items : []));
}
