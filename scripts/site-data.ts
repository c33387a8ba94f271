// The files the pages read besides the report, made by every build beside the report (scripts/build.js runs
// this while `uvqa report` runs, on the other core): data/cache/site/, replaced whole, read by the pages as
// data/site/<name> through the link src/data/site.
//   model-items.json   /model's items and the learned model's prediction for each (loaders/model/panel-data.ts;
//                      UVQA_CONFIG's datasets, at most UVQA_MODEL_PANEL_ITEMS items)
//   answerability.onnx the learned model, as the panel runs it
//   ort-wasm-simd-threaded.jsep.wasm  onnxruntime-web's engine (the WebGPU build), served beside the page (no CDN)
//   report-tables.json every report table, column by column, for /notebook (the source of docs/report-data.md)
// They were Framework data loaders, which Framework runs one after another after the report: 8 s of a 1M build.
//   node --import tsx scripts/site-data.ts [<folder>]
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { UvqaError } from "../loaders/errors.ts";
import { MODEL_PATH } from "../loaders/model/files.ts";
import { modelPanelData } from "../loaders/model/panel-data.ts";
import { panelLimit } from "../loaders/model/panel-items.ts";
import { reportTableDocs } from "../loaders/pipeline/table-docs.ts";
import { writeFolder } from "../loaders/storage/folder.ts";

/** The folder the pages read these files from (src/data/site links to it). */
export const SITE_DATA_DIR = join("data", "cache", "site");

const ORT_WASM = "ort-wasm-simd-threaded.jsep.wasm";

/** Writes the site's files into `dir` (replaced whole; on failure left as it was). */
export async function writeSiteData(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const limit = panelLimit(env.UVQA_MODEL_PANEL_ITEMS);
  const panel = await modelPanelData(resolve(env.UVQA_CONFIG || "uvqa.config.ts"), limit);
  const ortDir = dirname(createRequire(import.meta.url).resolve(`onnxruntime-web/${ORT_WASM}`));
  const files = {
    "model-items.json": JSON.stringify(panel),
    "answerability.onnx": await readFile(MODEL_PATH),
    [ORT_WASM]: await readFile(join(ortDir, ORT_WASM)),
    "report-tables.json": JSON.stringify(reportTableDocs()),
  };
  await writeFolder(dir, files, "site data folder");
  return Object.keys(files);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = process.argv[2] ?? SITE_DATA_DIR;
  const started = performance.now();
  try {
    const names = await writeSiteData(dir);
    console.log(`site data ready in ${((performance.now() - started) / 1000).toFixed(1)} s (${dir}: ${names.join(", ")})`);
  } catch (error) {
    console.error(`site data: ${(error as Error).message}`);
    process.exitCode = error instanceof UvqaError ? error.exitCode : 1;
  }
}
