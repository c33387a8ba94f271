// What the model panel (/model) loads: the configured datasets' items with their scene facts and the learned
// model's prediction for each, made at build time in Node (onnxruntime-web, wasm) with the same model file the
// page runs. The panel holds at most UVQA_MODEL_PANEL_ITEMS items (default 5,000), spread evenly over the item
// list: at 100k items the whole list was a 112 MB JSON for the page to load and 21 s and 2 GB of the build.
// `total` says how many the report has; the explorer shows every one.
import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadConfig } from "../config/load.ts";
import { LEARNED_MODEL_NAME } from "../inference/learned-model.ts";
import { loadDatasets } from "../pipeline/datasets.ts";
import { loadNodeModel } from "./node.ts";
import { panelLimit, spread } from "./panel-items.ts";

const EMPTY = { objects: [], relations: [], triples: [], attributes: [], captions: [] };
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** The panel's items and predictions for the config at `configPath`, at most `limit` items. */
export async function modelPanelData(configPath: string, limit: number = panelLimit(undefined)) {
  const config = await loadConfig(configPath);
  const all = (await loadDatasets(config.datasets, dirname(resolve(configPath)))).flatMap((d) => ("items" in d ? d.items : []));
  const items = spread(all, limit);
  const model = await loadNodeModel();
  const verdicts = await model.predict(items.map((item) => ({ question: item.question, scene: item.scene ?? EMPTY })));
  const run = config.runs.find((r) => config.models.find((m) => m.id === r.model)?.backend === LEARNED_MODEL_NAME)?.id ?? LEARNED_MODEL_NAME;
  return {
    run,
    total: all.length,
    model: { sha256: model.sha256, bytes: statSync(model.file).size, feature_version: model.metadata.feature_version },
    items: items.map((item, i) => {
      const v = verdicts[i]!;
      return {
        id: item.id, dataset: item.dataset, category: item.category, question: item.question, reference: item.reference,
        ...(item.source ? { source: item.source } : {}), scene: item.scene ?? EMPTY,
        prediction: { p_unanswerable: round(v.p_unanswerable), unanswerable: v.unanswerable, category: v.category, evidence: v.evidence, response: v.response },
      };
    }),
  };
}
