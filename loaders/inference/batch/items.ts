// The items of a configured run, as `uvqa infer --config` finds them: `--items` when given, else the run's
// datasets (all configured datasets when the run names none), through the pipeline's dataset loader.
import { dirname, resolve } from "node:path";
import type { ExperimentConfig } from "../../config/schema.ts";
import { UvqaError } from "../../errors.ts";
import { Item } from "../../items/schema.ts";
import { readJsonl } from "../../storage/jsonl.ts";
import { itemsForRun, loadDatasets } from "../../pipeline/datasets.ts";

export async function runItems(config: ExperimentConfig, configPath: string, runId: string, itemsFile?: string, log = (line: string) => process.stderr.write(line + "\n")): Promise<Item[]> {
  if (itemsFile) return readJsonl(itemsFile, Item);
  const run = config.runs.find((r) => r.id === runId);
  if (!run) throw new UvqaError(`unknown run: ${runId} (known: ${config.runs.map((r) => r.id).join(", ") || "none"})`, 2);
  const chosen = run.datasets ? config.datasets.filter((d) => run.datasets!.includes(d.id)) : config.datasets;
  return itemsForRun(run, await loadDatasets(chosen, dirname(resolve(configPath)), log));
}
