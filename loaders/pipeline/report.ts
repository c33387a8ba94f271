// The whole report, as the site build and `uvqa report` make it: config -> datasets -> inference (cached) ->
// judgments (every configured judge) -> scores -> the report folder the pages read (docs/report-data.md).
import { execFileSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import { readFile, readdir, utimes, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { finished } from "node:stream/promises";
import { REPO_ROOT, loadConfig } from "../config/load.ts";
import type { ExperimentConfig, JudgeConfig } from "../config/schema.ts";
import { UvqaError } from "../errors.ts";
import type { Item } from "../items/schema.ts";
import type { Judgment, Prediction, Run } from "../items/records.ts";
import { inferRun } from "../inference/run.ts";
import { DEFAULT_CACHE_DIR } from "../inference/cache.ts";
import type { ResponseRow } from "../inference/row.ts";
import { judgePredictions } from "../judges/builtin.ts";
import { BUILTIN_JUDGE_CONFIG, judgeResponses } from "../judges/run.ts";
import { DEFAULT_RESAMPLES, DEFAULT_SEED } from "../metrics/index.ts";
import { findPrompt, sha256 } from "../prompts/index.ts";
import { replaceFolder } from "../storage/folder.ts";
import { toJsonl } from "../storage/jsonl.ts";
import { writeParquetZstd } from "../storage/parquet-zstd.ts";
import * as S from "../storage/schemas.ts";
import { toArrowStream, toParquet } from "../storage/tables.ts";
import { itemsForRun, loadDatasets, type LoadedDataset } from "../datasets/configured.ts";
import { judgeAgreement, judgedFile, REPORT_DISAGREEMENTS } from "./judge-agreement.ts";
import { judgeEvalRows } from "./judge-eval.ts";
import { outcomeRows, promptDefinitionHash, promptTexts, slimItemRows, textRowIndex, textRows } from "./report-tables.ts";
import { compareWithBaselines, scorePredictions, type LocatedPrediction } from "./score.ts";
import { reportSliceFields } from "./slice-fields.ts";
import { arrowFiles, itemRows, resultFiles } from "./tables.ts";

/** `UVQA_INPUTS_LIMIT` default: the JSONL inputs are left out of the report above this many bytes together. */
export const DEFAULT_INPUTS_LIMIT = 50_000_000;

export interface ReportOptions {
  /** Experiment config (default `uvqa.config.ts` at the root). */
  configPath?: string;
  /** Response cache (default `data/cache/responses`). */
  cacheDir?: string;
  /** Judge reply cache (default: `judge/` beside the response cache). */
  judgeCacheDir?: string;
  resamples?: number;
  seed?: number;
  root?: string;
  log?: (line: string) => void;
  /** meta.generated_at (default now; the CLI passes SOURCE_DATE_EPOCH). Every file's mtime is set to it. */
  generatedAt?: Date;
  /** Folder of the public UVQA and Video-ChatGPT files: judge-eval.json then measures their reference answers too. */
  referencesDir?: string;
  /** Bytes (default DEFAULT_INPUTS_LIMIT): above it the JSONL inputs are left out, unless `inputs` is "always". */
  inputsLimit?: number;
  inputs?: "auto" | "always";
}

/** A file of the report: its content, or a function that writes it at a path (large tables, straight to disk). */
export type ReportFile = string | Uint8Array | ((path: string) => Promise<void>);

export interface Report {
  files: Record<string, ReportFile>;
  runs: Run[];
  datasets: LoadedDataset[];
  meta: Record<string, unknown>;
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

/** The exact `uvqa score` command that recomputes scores.json from the report's own inputs. */
export function reproduceCommand(options: { sliceFields: readonly string[]; resamples: number; seed: number }): string {
  return ["uvqa score --items items.jsonl --predictions predictions.jsonl --runs runs-input.json --out scores/",
    ...(options.sliceFields.length ? [`--slice-by ${options.sliceFields.join(",")}`] : []),
    ...(options.resamples !== DEFAULT_RESAMPLES ? [`--resamples ${options.resamples}`] : []),
    ...(options.seed !== DEFAULT_SEED ? [`--seed ${options.seed}`] : [])].join(" ");
}

/** JSONL written line by line (a million rows never become one string). */
function jsonlWriter(rows: readonly unknown[]): (path: string) => Promise<void> {
  return async (path) => {
    const out = createWriteStream(path);
    for (const row of rows) if (!out.write(JSON.stringify(row) + "\n")) await new Promise<void>((r) => out.once("drain", () => r()));
    out.end();
    await finished(out);
  };
}

const jsonlBytes = (rows: readonly unknown[]) => rows.reduce<number>((sum, row) => sum + Buffer.byteLength(JSON.stringify(row)) + 1, 0);
const json = (value: unknown) => JSON.stringify(value, null, 1) + "\n";
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export async function computeReport(options: ReportOptions = {}): Promise<Report> {
  const root = options.root ?? process.cwd();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const configPath = resolve(root, options.configPath ?? "uvqa.config.ts");
  const config = await loadConfig(configPath);
  if (config.runs.length === 0) throw new UvqaError(`config ${options.configPath ?? "uvqa.config.ts"} has no runs: nothing to report (README, Running your own models)`, 2);
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? DEFAULT_SEED;

  const datasets = await loadDatasets(config.datasets, dirname(configPath), log);
  const loaded = datasets.filter((d): d is Extract<LoadedDataset, { items: Item[] }> => "items" in d);
  const items = loaded.flatMap((d) => d.items);
  const byId = new Map(items.map((item) => [item.id, item]));

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

  // Every configured judge judges every response; the first decides (the built-in one when none is configured).
  const judges: JudgeConfig[] = config.judges.length ? config.judges : [BUILTIN_JUDGE_CONFIG];
  const plain = predictions.map((p) => p.prediction);
  const judgedBy: Record<string, unknown>[][] = [];
  for (const judge of judges) {
    judgedBy.push(await judgeResponses(byId, plain, { config, judge, cacheDir: judgeCacheDir, log }));
    if (judges.length > 1) log(`judge ${judge.id}: ${plain.length} responses`);
  }
  const judged = judgedBy[0]!;
  const runs = runsInput(config);
  const sliceFields = reportSliceFields(items, loaded.length);
  const scoreOptions = { resamples, seed, sliceFields };
  const scored = scorePredictions(items, judged.map((prediction, i) => ({ prediction: prediction as Prediction, loc: predictions[i]!.loc })), runs, scoreOptions);
  // The failure rows never reach scoring here: coverage.json counts them as `uvqa score` does (failed, among missing).
  for (const row of scored.result.coverage) row.failed = inferenceFailures[row.run] ?? 0;
  const comparisons = compareWithBaselines(items, scored, scoreOptions);

  // The other judges: their judgments read back as `uvqa judge-agreement` reads judged files.
  const others: Judgment[][] = judgedBy.slice(1).map((rows) => judgePredictions(byId, rows as Prediction[]));
  const responseText = new Map(plain.map((p) => [`${p.run}\u0000${p.item}`, p.response as string]));
  const agreements = others.map((judgments, k) => judgeAgreement({
    items, runs, first: scored.judgments, other: { position: k + 2, judgments }, responses: responseText, resamples,
    ...(options.seed !== undefined ? { seed } : {}),
  }));

  const promptHash = new Map(config.runs.map((run) => [run.id, promptDefinitionHash(findPrompt(config, run.prompt))]));
  const coverage = new Map(scored.result.coverage.map((row) => [row.run, row]));
  const runRows = runs.map((run) => ({
    ...run,
    prompt_hash: promptHash.get(run.id)!,
    judge: judges[0]!.id,
    items: coverage.get(run.id)?.judged ?? 0,
    missing: coverage.get(run.id)?.missing ?? 0,
    failed: inferenceFailures[run.id] ?? 0,
    dataset: (config.runs.find((r) => r.id === run.id)?.datasets ?? loaded.map((d) => d.id)).join(","),
  }));
  // The paper's rows and the judge's hard set ship with the code: found from the repository, whatever the working directory.
  const reference = JSON.parse(await readFile(resolve(REPO_ROOT, "data/reference/paper-main-table.json"), "utf8")) as { rows: Record<string, unknown>[] };
  const judgeEval = await judgeEvalRows({
    hardset: resolve(REPO_ROOT, "data/judge/hardset.jsonl"),
    ...(options.referencesDir ? { referencesDir: resolve(root, options.referencesDir) } : {}),
  });

  // The inputs that reproduce the scores (and each other judge's judged responses), below a size limit.
  const inputRows: Record<string, readonly unknown[]> = {
    "items.jsonl": items,
    // Judged, so `uvqa score` reproduces the scores of whatever judge the report used (an LLM judge included).
    "predictions.jsonl": judged,
    ...Object.fromEntries(judgedBy.slice(1).map((rows, k) => [judgedFile(k + 2), rows])),
  };
  const runsInputText = json(runs);
  const inputsSize = Object.values(inputRows).reduce((sum, rows) => sum + jsonlBytes(rows), Buffer.byteLength(runsInputText));
  const limit = options.inputsLimit ?? DEFAULT_INPUTS_LIMIT;
  const included = options.inputs === "always" || inputsSize <= limit;
  const inputs = included
    ? "included"
    : `left out: ${megabytes(inputsSize)} together, above UVQA_INPUTS_LIMIT (${megabytes(limit)}); UVQA_INPUTS=always includes them`;
  if (!included) log(`inputs ${inputs}`);

  const generatedAt = options.generatedAt ?? new Date();
  const meta = {
    generated_at: generatedAt.toISOString(),
    code_version: codeVersion(root),
    config: { file: options.configPath ?? "uvqa.config.ts", sha256: sha256(await readFile(configPath)) },
    datasets: datasets.map((d) => ("items" in d
      ? { id: d.id, kind: d.kind, source: d.source, items: d.items.length, sha256: sha256(toJsonl(d.items)), warnings: d.warnings }
      : { id: d.id, kind: d.kind, skipped: d.skipped })),
    judge: { id: judges[0]!.id, kind: judges[0]!.kind, name: String(judged[0]?.judge ?? judges[0]!.id) },
    judges: judges.map((judge, k) => ({ id: judge.id, kind: judge.kind, name: String(judgedBy[k]![0]?.judge ?? judge.id) })),
    inference_failures: inferenceFailures,
    resamples,
    seed,
    slice_fields: sliceFields,
    // The command that recomputes every score from this report's own files.
    reproduce: reproduceCommand({ sliceFields, resamples, seed }),
    inputs,
  };

  const disagreements = agreements.flatMap((a) => a.rows);
  // In texts.parquet's order, so outcomes.arrow can name each judged response's row there (text_row).
  const texts = textRows(items, runs, responses, (run) => promptHash.get(run) ?? null);
  const files: Record<string, ReportFile> = {
    ...resultFiles(scored),
    ...arrowFiles(scored),
    // Every item field, item i at row i; zstd, 16,384-row groups (text on demand in the page).
    "items.parquet": (path) => writeParquetZstd(path, itemRows(items), S.ITEMS, { orderBy: ["item"] }),
    "items.arrow": toArrowStream(slimItemRows(items), S.ITEMS_SLIM),
    "outcomes.arrow": toArrowStream(outcomeRows(items, runs, scored.judgments, others[0] ?? null, textRowIndex(texts)), S.OUTCOMES),
    "texts.parquet": (path) => writeParquetZstd(path, texts, S.TEXTS, {
      orderBy: ["run_order", "category", "item"], keys: { run_order: (row) => row.run_order as number },
    }),
    // Every response row with its provenance (backend, model, prompt hash, settings, frames), failures included.
    "responses.parquet": toParquet(responses, S.RESPONSES),
    "prompts.json": json(promptTexts(config.runs.map((run) => findPrompt(config, run.prompt)))),
    "runs.json": json(runRows),
    "runs.arrow": toArrowStream(runRows, S.RUNS),
    "reference.arrow": toArrowStream(reference.rows, S.REFERENCE),
    "comparisons.json": json(comparisons),
    "comparisons.parquet": toParquet(comparisons as never, S.COMPARISONS),
    "comparisons.arrow": toArrowStream(comparisons as never, S.COMPARISONS),
    "agreement.json": json(agreements.map((a) => a.summary)),
    "disagreements.parquet": toParquet(disagreements, REPORT_DISAGREEMENTS),
    "disagreements.arrow": toArrowStream(disagreements, REPORT_DISAGREEMENTS),
    "judge-eval.json": json(judgeEval),
    "meta.json": json(meta),
    // Left out above the limit as empty files (pages link them whatever the size; meta.inputs says why).
    ...Object.fromEntries(Object.entries(inputRows).map(([name, rows]) => [name, included ? jsonlWriter(rows) : ""])),
    "runs-input.json": included ? runsInputText : "",
  };
  return { files, runs, datasets, meta };
}

/** Writes the report's files into `dir` (which must exist), every mtime set to `time`. */
export async function writeReportFiles(dir: string, files: Record<string, ReportFile>, time: Date): Promise<void> {
  for (const [name, content] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const path = join(dir, name);
    if (typeof content === "function") await content(path);
    else await writeFile(path, content);
    await utimes(path, time, time);
  }
}

/**
 * Computes the report and writes it as the folder `out`, replaced whole (a failure leaves the previous
 * folder as it was). Returns the report without its file contents, and the names written.
 */
export async function writeReport(out: string, options: ReportOptions = {}, flag = "--out"): Promise<Omit<Report, "files"> & { files: string[] }> {
  const report = await computeReport(options);
  const time = new Date(String(report.meta.generated_at));
  await replaceFolder(out, (staging) => writeReportFiles(staging, report.files, time), flag);
  return { ...report, files: (await readdir(out)).filter((name) => !name.startsWith(".")).sort() };
}
