// The whole report, as the site's data loader and `uvqa report` see it:
// config -> datasets -> inference (cached) -> judgments -> scores -> the files pages read.
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { REPO_ROOT, loadConfig } from "../config/load.ts";
import type { ExperimentConfig } from "../config/schema.ts";
import { UvqaError } from "../errors.ts";
import type { Item } from "../items/schema.ts";
import type { Prediction, Run } from "../items/records.ts";
import { inferRun } from "../inference/run.ts";
import { DEFAULT_CACHE_DIR } from "../inference/cache.ts";
import type { ResponseRow } from "../inference/row.ts";
import { BUILTIN_JUDGE_CONFIG, judgeResponses } from "../judges/run.ts";
import { toArrowStream, toParquet } from "../storage/tables.ts";
import { toJsonl } from "../storage/jsonl.ts";
import { sha256 } from "../prompts/index.ts";
import * as S from "../storage/schemas.ts";
import { itemsForRun, loadDatasets, type LoadedDataset } from "../datasets/configured.ts";
import { compareWithBaselines, scorePredictions, type LocatedPrediction } from "./score.ts";
import { arrowFiles, itemRows, resultFiles } from "./tables.ts";

export interface ReportOptions {
  /** Experiment config (default `uvqa.config.ts` at the repo root). */
  configPath?: string;
  /** Response cache (default `data/cache/responses`). */
  cacheDir?: string;
  /** Judge reply cache (default: `judge/` beside the response cache). */
  judgeCacheDir?: string;
  resamples?: number;
  root?: string;
  log?: (line: string) => void;
}

export interface Report {
  files: Record<string, string | Uint8Array>;
  runs: Run[];
  datasets: LoadedDataset[];
}

function codeVersion(root: string): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "loaders", "src", "uvqa.config.ts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return dirty ? `${head}+dirty` : head;
  } catch {
    return "unknown";
  }
}

/** The runs file `uvqa score --runs` accepts, from the config. */
export function runsInput(config: ExperimentConfig): Run[] {
  return config.runs.map((run) => ({ id: run.id, model: run.model, prompt: run.prompt, variant: run.variant, baseline: run.baseline ?? null }));
}

/** A run with no response at all cannot be scored or compared: say so, and how to give it responses. */
function noResponses(config: ExperimentConfig, runId: string, rows: readonly ResponseRow[]): UvqaError {
  const model = config.models.find((m) => m.id === config.runs.find((r) => r.id === runId)?.model);
  const how = model?.backend === "import"
    ? `import them: uvqa import --from jsonl|csv|lmms-eval --file <predictions> --run ${runId} (or uvqa batch import --config <file> --run ${runId} --file <output.jsonl>)`
    : `all ${rows.length} requests failed (${rows[0]?.error?.class ?? "unknown"}: ${rows[0]?.error?.message ?? ""}); fix the cause, then uvqa infer --config <file> --run ${runId} --retry-failed`;
  return new UvqaError(`run ${runId} has no responses (${rows.length} items): ${how}`, 2);
}

export async function buildReport(options: ReportOptions = {}): Promise<Report> {
  const root = options.root ?? process.cwd();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const configPath = resolve(root, options.configPath ?? "uvqa.config.ts");
  const config = await loadConfig(configPath);
  if (config.runs.length === 0) throw new UvqaError(`config ${options.configPath ?? "uvqa.config.ts"} has no runs: nothing to report (README, Running your own models)`, 2);

  const datasets = await loadDatasets(config.datasets, dirname(configPath), log);
  const loaded = datasets.filter((d): d is Extract<LoadedDataset, { items: Item[] }> => "items" in d);
  const items = loaded.flatMap((d) => d.items);

  const cacheDir = resolve(root, options.cacheDir ?? DEFAULT_CACHE_DIR);
  const judgeCacheDir = resolve(root, options.judgeCacheDir ?? join(dirname(cacheDir), "judge"));
  const predictions: LocatedPrediction[] = [];
  const responses: ResponseRow[] = [];
  const inferenceFailures: Record<string, number> = {};
  for (const run of config.runs) {
    const rows = await inferRun({ config, runId: run.id, items: itemsForRun(run, loaded), cacheDir });
    responses.push(...rows);
    for (const row of rows) {
      // A failed request leaves the item missing from the run (coverage counts it), not judged as an answer.
      if (row.response == null) {
        inferenceFailures[run.id] = (inferenceFailures[run.id] ?? 0) + 1;
        continue;
      }
      predictions.push({ prediction: { run: row.run, item: row.item, response: row.response }, loc: { file: `run ${run.id}` } });
    }
    log(`run ${run.id}: ${rows.length} responses${inferenceFailures[run.id] ? `, ${inferenceFailures[run.id]} failed` : ""}`);
    if (rows.length === 0) {
      const skipped = datasets.filter((d) => "skipped" in d && (!run.datasets || run.datasets.includes(d.id))).map((d) => `${d.id}: ${(d as { skipped: string }).skipped}`);
      throw new UvqaError(`run ${run.id} has no items${skipped.length ? ` (skipped datasets: ${skipped.join("; ")})` : ""}: nothing to answer or report`, 2);
    }
    if (inferenceFailures[run.id] === rows.length) throw noResponses(config, run.id, rows);
  }

  // The first configured judge decides; the built-in one when none is configured.
  const judge = config.judges[0] ?? BUILTIN_JUDGE_CONFIG;
  const byId = new Map(items.map((item) => [item.id, item]));
  const plain = predictions.map((p) => p.prediction);
  const judged = await judgeResponses(byId, plain, { config, judge, cacheDir: judgeCacheDir, log });
  const runs = runsInput(config);
  const sliceFields = loaded.length > 1 ? ["dataset"] : [];
  const scoreOptions = { resamples: options.resamples, sliceFields };
  const scored = scorePredictions(items, judged.map((prediction, i) => ({ prediction: prediction as Prediction, loc: predictions[i]!.loc })), runs, scoreOptions);
  // The failure rows never reach scoring here: coverage.json counts them as `uvqa score` does (failed, among missing).
  for (const row of scored.result.coverage) row.failed = inferenceFailures[row.run] ?? 0;
  const comparisons = compareWithBaselines(items, scored, scoreOptions);

  const coverage = new Map(scored.result.coverage.map((row) => [row.run, row]));
  const runRows = runs.map((run) => ({
    ...run,
    judge: judge.id,
    items: coverage.get(run.id)?.judged ?? 0,
    missing: coverage.get(run.id)?.missing ?? 0,
    failed: inferenceFailures[run.id] ?? 0,
    dataset: (config.runs.find((r) => r.id === run.id)?.datasets ?? loaded.map((d) => d.id)).join(","),
  }));
  // The paper's rows ship with the code: found from the repository, whatever the working directory.
  const reference = JSON.parse(await readFile(resolve(REPO_ROOT, "data/reference/paper-main-table.json"), "utf8")) as { rows: Record<string, unknown>[] };
  const itemsJsonl = toJsonl(items);
  const meta = {
    generated_at: process.env.SOURCE_DATE_EPOCH ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000).toISOString() : new Date().toISOString(),
    code_version: codeVersion(root),
    config: { file: options.configPath ?? "uvqa.config.ts", sha256: sha256(await readFile(configPath)) },
    datasets: datasets.map((d) => ("items" in d
      ? { id: d.id, kind: d.kind, source: d.source, items: d.items.length, sha256: sha256(toJsonl(d.items)), warnings: d.warnings }
      : { id: d.id, kind: d.kind, skipped: d.skipped })),
    judge: { id: judge.id, kind: judge.kind, name: String(judged[0]?.judge ?? judge.id) },
    inference_failures: inferenceFailures,
    resamples: options.resamples ?? 1000,
    // The command that recomputes every score from this report's own files.
    reproduce: ["uvqa score --items items.jsonl --predictions predictions.jsonl --runs runs-input.json --out scores/",
      ...(sliceFields.length ? [`--slice-by ${sliceFields.join(",")}`] : []),
      ...(options.resamples !== undefined && options.resamples !== 1000 ? [`--resamples ${options.resamples}`] : [])].join(" "),
  };

  const files: Record<string, string | Uint8Array> = {
    ...resultFiles(scored),
    "items.parquet": toParquet(itemRows(items), S.ITEMS),
    // Every response row with its provenance (backend, model, prompt hash, settings, frames), failures included.
    "responses.parquet": toParquet(responses, S.RESPONSES),
    ...arrowFiles(scored),
    "runs.json": JSON.stringify(runRows, null, 1) + "\n",
    "runs.arrow": toArrowStream(runRows, S.RUNS),
    "reference.arrow": toArrowStream(reference.rows, S.REFERENCE),
    "comparisons.json": JSON.stringify(comparisons, null, 1) + "\n",
    "comparisons.parquet": toParquet(comparisons as never, S.COMPARISONS),
    "comparisons.arrow": toArrowStream(comparisons as never, S.COMPARISONS),
    "meta.json": JSON.stringify(meta, null, 1) + "\n",
    "items.jsonl": itemsJsonl,
    // Judged, so `uvqa score` reproduces the scores of whatever judge the report used (an LLM judge included).
    "predictions.jsonl": toJsonl(judged),
    "runs-input.json": JSON.stringify(runs, null, 1) + "\n",
  };
  return { files, runs, datasets };
}
