// The items of a configured run, as `uvqa infer --config` and `uvqa batch` find them: `--items` when given,
// else the run's datasets (all configured datasets when the run names none), through the configured-dataset
// loader (datasets/configured.ts, which the pipeline uses too). Each dataset of a config is loaded once,
// when a run first needs it: runs over one dataset do not read the others, and several runs share the
// loaded items.
import { dirname, resolve } from "node:path";
import type { ExperimentConfig } from "../../config/schema.ts";
import { findRun } from "../../config/load.ts";
import type { Item } from "../../items/schema.ts";
import { readItemsJsonl } from "../../datasets/items-jsonl.ts";
import { itemsForRun, loadDatasets, type LoadedDataset } from "../../datasets/configured.ts";

const loadedByConfig = new WeakMap<ExperimentConfig, Map<string, Promise<LoadedDataset>>>();

export async function runItems(config: ExperimentConfig, configPath: string, runId: string, itemsFile?: string, log: (line: string) => void = (line) => void process.stderr.write(line + "\n")): Promise<Item[]> {
  const { run } = findRun(config, runId);
  if (itemsFile) return readItemsJsonl(itemsFile);
  let loaded = loadedByConfig.get(config);
  if (!loaded) loadedByConfig.set(config, (loaded = new Map()));
  const root = dirname(resolve(configPath));
  const chosen = run.datasets ? config.datasets.filter((d) => run.datasets!.includes(d.id)) : config.datasets;
  const datasets: LoadedDataset[] = [];
  for (const dataset of chosen) {
    const key = `${root}\u0000${dataset.id}`;
    let pending = loaded.get(key);
    if (!pending) loaded.set(key, (pending = loadDatasets([dataset], root, log).then(([one]) => one!)));
    datasets.push(await pending);
  }
  return itemsForRun(run, datasets);
}
