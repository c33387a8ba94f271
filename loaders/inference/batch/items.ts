// The items of a configured run, as `uvqa infer --config` finds them: `--items` when given, else the run's
// datasets (all configured datasets when the run names none). Plain item files are read directly; other
// kinds go through the pipeline's dataset loader.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { ExperimentConfig } from "../../config/schema.ts";
import { UvqaError } from "../../errors.ts";
import { Item } from "../../items/schema.ts";
import { readJsonl } from "../../storage/jsonl.ts";

export async function runItems(config: ExperimentConfig, configPath: string, runId: string, itemsFile?: string, log = (line: string) => process.stderr.write(line + "\n")): Promise<Item[]> {
  if (itemsFile) return readJsonl(itemsFile, Item);
  const run = config.runs.find((r) => r.id === runId);
  if (!run) throw new UvqaError(`unknown run: ${runId} (known: ${config.runs.map((r) => r.id).join(", ") || "none"})`, 2);
  const root = dirname(resolve(configPath));
  const chosen = run.datasets ? config.datasets.filter((d) => run.datasets!.includes(d.id)) : config.datasets;
  const items: Item[] = [];
  for (const dataset of chosen) {
    if (dataset.kind === "items" && dataset.path && existsSync(resolve(root, dataset.path))) {
      items.push(...(await readJsonl(resolve(root, dataset.path), Item)));
      continue;
    }
    const loaded = await (await import("../../pipeline/datasets.ts")).loadDataset(dataset, root);
    if ("skipped" in loaded) log(`dataset ${dataset.id} skipped: ${loaded.skipped}`);
    else items.push(...loaded.items);
  }
  return items;
}
