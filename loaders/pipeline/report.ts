// The whole report, as the site build and `uvqa report` make it: config -> datasets -> inference (cached) ->
// judgments (every configured judge) -> scores -> the report folder the pages read (docs/report-data.md).
import { execFileSync } from "node:child_process";
import { open, readFile, readdir, utimes, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { REPO_ROOT, loadConfig } from "../config/load.ts";
import type { ExperimentConfig, JudgeConfig } from "../config/schema.ts";
import { UvqaError } from "../errors.ts";
import type { Item } from "../items/schema.ts";
import type { Judgment, Prediction, Run } from "../items/records.ts";
import { DEFAULT_CACHE_DIR } from "../inference/cache.ts";
import type { ResponseError } from "../inference/row.ts";
import { BUILTIN_JUDGE_CONFIG, judgeResponses } from "../judges/run.ts";
import {
  DEFAULT_RESAMPLES, DEFAULT_SEED, indexData, indexItems, runColumns, type ItemIndex, type RunColumns as MetricRunColumns,
} from "../metrics/index.ts";
import { findPrompt, sha256 } from "../prompts/index.ts";
import { replaceFolder } from "../storage/folder.ts";
import { writeLines } from "../storage/lines.ts";
import * as S from "../storage/schemas.ts";
import { toArrowStream, toParquet } from "../storage/tables.ts";
import { itemsForRun, loadDatasets, type LoadedDataset } from "../datasets/configured.ts";
import { judgeAgreement, judgedFile, REPORT_DISAGREEMENTS } from "./judge-agreement.ts";
import { judgeEvalRows } from "./judge-eval.ts";
import { itemIdsHash, writeItemFilesOf, type ItemFiles } from "./item-files.ts";
import { itemIndex, promptDefinitionHash, promptTexts, ResponseTablesWriter, slimItemRows } from "./report-tables.ts";
import {
  builtinJudgeWorker, fromCode, fromJudgedRecords, judgedLine, judgedLineBytes, judgeRunsBuiltin, judgmentAt, scoreKindAt, type RunJudgments,
} from "./run-judgments.ts";
import { scoresTransfer, type ReportScores, type ReportScoresInput } from "./report-scores.ts";
import { runResponses, type RunResponses } from "./run-responses.ts";
import { reportSliceFields } from "./slice-fields.ts";
import { sortScores } from "./tables.ts";
import { runJob, startJob } from "./worker.ts";

/**
 * `UVQA_GROUP_RESPONSES` default: runs are read and judged in groups of consecutive runs of at most this many
 * responses together (a run larger than it alone), so memory holds one group's response text, not every run's.
 */
export const DEFAULT_GROUP_RESPONSES = 1_500_000;

/** Consecutive runs (indices) whose sizes add up to at most `limit`; a run larger than `limit` alone. */
export function runGroups(sizes: readonly number[], limit: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [], total = 0;
  sizes.forEach((size, i) => {
    if (current.length && total + size > limit) {
      groups.push(current);
      current = [];
      total = 0;
    }
    current.push(i);
    total += size;
  });
  if (current.length) groups.push(current);
  return groups;
}

/**
 * `minWorkerResponses` default: a report of fewer responses runs on one thread, since a worker's start (about
 * 0.4 s) would cost more than it saves.
 */
export const MIN_WORKER_RESPONSES = 20_000;

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
  /** Responses per group of runs read and judged together (default DEFAULT_GROUP_RESPONSES). */
  groupResponses?: number;
  /**
   * Whether the built-in judge and the scoring use a worker thread (the second core) beside the main one
   * (default true; `UVQA_WORKERS=0` switches them off). The files are the same bytes either way.
   */
  workers?: boolean;
  /** Responses below which the report uses no worker (default MIN_WORKER_RESPONSES). */
  minWorkerResponses?: number;
}

export interface Report {
  /** The names of the files written. */
  files: string[];
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
function noResponses(config: ExperimentConfig, runId: string, rows: number, first: ResponseError | null): UvqaError {
  const model = config.models.find((m) => m.id === config.runs.find((r) => r.id === runId)?.model);
  const how = model?.backend === "import"
    ? `import them: uvqa import --from jsonl|csv|lmms-eval --file <predictions> --run ${runId} (or uvqa batch import --config <file> --run ${runId} --file <output.jsonl>)`
    : `all ${rows} requests failed (${first?.class ?? "unknown"}: ${first?.message ?? ""}); fix the cause, then uvqa infer --config <file> --run ${runId} --retry-failed`;
  return new UvqaError(`run ${runId} has no responses (${rows} items): ${how}`, 2);
}

/** The exact `uvqa score` command that recomputes scores.json from the report's own inputs. */
export function reproduceCommand(options: { sliceFields: readonly string[]; resamples: number; seed: number }): string {
  return ["uvqa score --items items.jsonl --predictions predictions.jsonl --runs runs-input.json --out scores/",
    ...(options.sliceFields.length ? [`--slice-by ${options.sliceFields.join(",")}`] : []),
    ...(options.resamples !== DEFAULT_RESAMPLES ? [`--resamples ${options.resamples}`] : []),
    ...(options.seed !== DEFAULT_SEED ? [`--seed ${options.seed}`] : [])].join(" ");
}

/** Lines written to a file through one reused buffer, in order (a million lines never become one string). */
async function writeLineFile(path: string, lines: Iterable<string>): Promise<void> {
  const handle = await open(path, "w");
  try {
    let batch: string[] = [];
    for (const line of lines) {
      batch.push(line);
      if (batch.length === 4096) {
        await writeLines(handle, batch);
        batch = [];
      }
    }
    await writeLines(handle, batch);
  } finally {
    await handle.close();
  }
}

const json = (value: unknown) => JSON.stringify(value, null, 1) + "\n";
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** The predictions of a run's judged rows as `judgeResponses` takes them. */
function plainPredictions(responses: RunResponses, items: readonly Item[]): Prediction[] {
  const out: Prediction[] = [];
  for (let r = 0; r < responses.rows; r++) {
    const response = responses.response[r];
    if (response != null) out.push({ run: responses.run, item: items[responses.item[r]!]!.id, response });
  }
  return out;
}

function* itemLines(items: readonly Item[]): Generator<string> {
  for (const item of items) yield JSON.stringify(item);
}

/**
 * Computes the report into `dir` (an empty folder): infers (through the cache) and judges every run, scores it,
 * and writes every file of docs/report-data.md, each file's mtime set to meta.generated_at. Response rows are held
 * as columns per run (run-responses.ts, run-judgments.ts); the large tables are written as they are produced.
 */
export async function computeReport(dir: string, options: ReportOptions = {}): Promise<Report> {
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
  const position = itemIndex(items);

  const cacheDir = resolve(root, options.cacheDir ?? DEFAULT_CACHE_DIR);
  const judgeCacheDir = resolve(root, options.judgeCacheDir ?? join(dirname(cacheDir), "judge"));
  // Every configured judge judges every response; the first decides (the built-in one when none is configured).
  const judges: JudgeConfig[] = config.judges.length ? config.judges : [BUILTIN_JUDGE_CONFIG];
  const runs = runsInput(config);
  const sliceFields = reportSliceFields(items, loaded.length);
  const metricIndex = indexItems(items as never);
  const promptHash = new Map(config.runs.map((run) => [run.id, promptDefinitionHash(findPrompt(config, run.prompt))]));
  const path = (name: string) => join(dir, name);

  // The inputs that reproduce the scores (and each other judge's judged responses), below a size limit. Their
  // size is counted line by line (the items' lines, counted by the item-files job, also give each dataset's
  // hash), never as one string.
  const runsInputText = json(runs);
  let inputsSize = Buffer.byteLength(runsInputText);
  const limit = options.inputsLimit ?? DEFAULT_INPUTS_LIMIT;
  const always = options.inputs === "always";
  // Each judge's judged lines are written as each run is judged while they may still be kept; emptied once the
  // inputs pass the limit.
  const judgedFiles = await Promise.all(judges.map((_, k) => open(path(judgedFile(k + 1)), "w")));

  // Run by run: responses (read from the cache, or inferred through it), every judge's judgments, the run's
  // rows written to the large tables, and what scoring needs kept as compact columns. One run's texts at a time.
  const tables = await ResponseTablesWriter.open(dir, { items, runs, promptHash });
  const columns = new Map<string, MetricRunColumns>();
  const inferenceFailures: Record<string, number> = {};
  const judgedCount = judges.map(() => 0);
  // With two or more judges: every judgment, and the responses, for `judgeAgreement`.
  const judgmentsBy: Judgment[][] = judges.map(() => []);
  const responseText = new Map<string, string>();
  const firstJudgeName: Array<string | undefined> = judges.map(() => undefined);
  const sizes = config.runs.map((run) => itemsForRun(run, loaded).length);
  const workers = (options.workers ?? true) && sizes.reduce((a, b) => a + b, 0) >= (options.minWorkerResponses ?? MIN_WORKER_RESPONSES);
  const groups = runGroups(sizes, options.groupResponses ?? DEFAULT_GROUP_RESPONSES);
  // Scoring, on the worker while this thread writes the last group's tables; stopped if they fail.
  let scoring: Promise<ReportScores> | undefined;
  const stopScoring = new AbortController();
  // items.parquet, item-ids.parquet and the items' line hashes (item-files.ts): on a worker, which loads the
  // datasets itself while this thread reads the runs; here when there is no worker.
  const itemFiles = workers
    ? startJob<ItemFiles>(new URL("./item-files.ts", import.meta.url), "writeItemFiles", [configPath, dir], { signal: stopScoring.signal }).result
    : writeItemFilesOf(datasets, dir);
  itemFiles.catch(() => {});
  let itemsCounted = false;
  // The built-in judge's worker for the group, started before its runs are read (it loads the judge meanwhile).
  const builtin = judges.findIndex((judge) => judge.kind === "builtin");
  let judgeWorker: ReturnType<typeof builtinJudgeWorker> | null = null;
  try {
    for (const [n, group] of groups.entries()) {
      judgeWorker = workers && builtin >= 0 ? builtinJudgeWorker() : null;
      const groupRows: RunResponses[] = [];
      for (const i of group) {
        const run = config.runs[i]!;
        const rows = await runResponses({ config, runId: run.id, items: itemsForRun(run, loaded), position, cacheDir, log });
        // A failed request leaves the item missing from the run (coverage counts it), not judged as an answer.
        if (rows.failed) inferenceFailures[run.id] = rows.failed;
        log(`run ${run.id}: ${rows.rows} responses${rows.failed ? `, ${rows.failed} failed` : ""}`);
        if (rows.rows === 0) {
          const skipped = datasets.filter((d) => "skipped" in d && (!run.datasets || run.datasets.includes(d.id))).map((d) => `${d.id}: ${(d as { skipped: string }).skipped}`);
          throw new UvqaError(`run ${run.id} has no items${skipped.length ? ` (skipped datasets: ${skipped.join("; ")})` : ""}: nothing to answer or report`, 2);
        }
        if (rows.failed === rows.rows) throw noResponses(config, run.id, rows.rows, rows.error[0] ?? null);
        groupRows.push(rows);
      }

      // Per judge, per run of the group. The built-in judge goes item by item across the group's runs (what it
      // derives from an item's question and reference is computed once for all of them).
      const judgedBy: RunJudgments[][] = [];
      for (const [k, judge] of judges.entries()) {
        if (judge.kind === "builtin") judgedBy.push(await judgeRunsBuiltin(groupRows, items, k === builtin ? judgeWorker : null, { postAfter: itemFiles }));
        else {
          const out: RunJudgments[] = [];
          for (const rows of groupRows) out.push(fromJudgedRecords(rows, byId, await judgeResponses(byId, plainPredictions(rows, items), { config, judge, cacheDir: judgeCacheDir, log })));
          judgedBy.push(out);
        }
      }

      for (const [g, rows] of groupRows.entries()) columns.set(rows.run, runColumnsOf(metricIndex, judgedBy[0]![g]!, rows));
      // Every run's columns are known once the last group is judged: scoring starts.
      if (n === groups.length - 1) {
        const input: ReportScoresInput = { index: indexData(metricIndex, sliceFields), columns: [...columns.values()], runs, resamples, seed, sliceFields };
        scoring = runJob<ReportScores>(new URL("./report-scores.ts", import.meta.url), "reportScores", [input],
          { transfer: scoresTransfer(input), signal: stopScoring.signal, here: !workers });
      }
      // The items' lines come first in the inputs' size (the limit is checked line by line in that order).
      if (!itemsCounted) {
        inputsSize += (await itemFiles).itemBytes;
        itemsCounted = true;
      }
      for (const [g, i] of group.entries()) {
        const rows = groupRows[g]!;
        const first = judgedBy[0]![g]!;
        tables.appendRun(i, rows, first, judgedBy[1]?.[g] ?? null);
        for (const [k, byJudge] of judgedBy.entries()) {
          const by = byJudge[g]!;
          judgedCount[k]! += by.rows;
          firstJudgeName[k] ??= by.rows > 0 ? by.judge[0] : undefined;
          let batch: string[] = [];
          for (let n = 0; n < by.rows; n++) {
            // Past the limit only the size is counted (meta.inputs gives it); no line is kept from then on.
            if (!always && inputsSize > limit) {
              inputsSize += judgedLineBytes(by, n, rows, items) + 1;
              continue;
            }
            const line = judgedLine(by, n, rows, items);
            inputsSize += Buffer.byteLength(line) + 1;
            if (always || inputsSize <= limit) batch.push(line);
            if (batch.length === 4096) {
              await writeLines(judgedFiles[k]!, batch);
              batch = [];
            }
          }
          if (always || inputsSize <= limit) await writeLines(judgedFiles[k]!, batch);
          if (judges.length > 1) for (let n = 0; n < by.rows; n++) judgmentsBy[k]!.push(judgmentAt(by, n, rows, items));
        }
        if (judges.length > 1) for (let k = 0; k < rows.rows; k++) if (rows.response[k] != null) responseText.set(`${rows.run}\u0000${items[rows.item[k]!]!.id}`, rows.response[k]!);
      }
    }
    await tables.finish();
  } catch (error) {
    tables.abort();
    judgeWorker?.end();
    stopScoring.abort(error);
    // Nothing may write into the folder once this rejects (the caller removes it): the items files, written here or
    // on a worker (stopped by the abort), are waited for. Not waiting made a failed report's folder removal race
    // with items.parquet being written (ENOTEMPTY instead of the report's own error).
    await itemFiles.catch(() => {});
    throw error;
  } finally {
    await Promise.all(judgedFiles.map((file) => file.close()));
  }
  if (judges.length > 1) for (const [k, judge] of judges.entries()) log(`judge ${judge.id}: ${judgedCount[k]} responses`);
  const included = always || inputsSize <= limit;
  const inputs = included
    ? "included"
    : `left out: ${megabytes(inputsSize)} together, above UVQA_INPUTS_LIMIT (${megabytes(limit)}); UVQA_INPUTS=always includes them`;
  if (!included) {
    log(`inputs ${inputs}`);
    // Left out above the limit as empty files (pages link them whatever the size; meta.inputs says why).
    for (const k of judges.keys()) await writeFile(path(judgedFile(k + 1)), "");
  }

  // Scores from per-run columns (report-scores.ts), as `uvqa score` computes them.
  const { result, comparisons } = await scoring!;
  const { datasetHash, ids } = await itemFiles;
  if (ids !== itemIdsHash(items)) throw new UvqaError("a dataset changed while the report was made (items.parquet was written from other items): make the report again", 1);
  // The failure rows never reach scoring here: coverage.json counts them as `uvqa score` does (failed, among missing).
  const coverageRows = result.coverage.map((row) => ({ ...row, failed: inferenceFailures[row.run] ?? 0 }));

  // The other judges: their judgments compared with the first as `uvqa judge-agreement` compares judged files.
  const agreements = judgmentsBy.slice(1).map((judgments, k) => judgeAgreement({
    items, runs, first: judgmentsBy[0]!, other: { position: k + 2, judgments }, responses: responseText, resamples,
    ...(options.seed !== undefined ? { seed } : {}),
  }));

  const coverage = new Map(coverageRows.map((row) => [row.run, row]));
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

  const generatedAt = options.generatedAt ?? new Date();
  const meta = {
    generated_at: generatedAt.toISOString(),
    code_version: codeVersion(root),
    config: { file: options.configPath ?? "uvqa.config.ts", sha256: sha256(await readFile(configPath)) },
    datasets: datasets.map((d) => ("items" in d
      ? { id: d.id, kind: d.kind, source: d.source, items: d.items.length, sha256: datasetHash[d.id]!, warnings: d.warnings }
      : { id: d.id, kind: d.kind, skipped: d.skipped })),
    judge: { id: judges[0]!.id, kind: judges[0]!.kind, name: String(firstJudgeName[0] ?? judges[0]!.id) },
    judges: judges.map((judge, k) => ({ id: judge.id, kind: judge.kind, name: String(firstJudgeName[k] ?? judge.id) })),
    inference_failures: inferenceFailures,
    resamples,
    seed,
    slice_fields: sliceFields,
    // The command that recomputes every score from this report's own files.
    reproduce: reproduceCommand({ sliceFields, resamples, seed }),
    inputs,
  };

  // Left out above the limit as an empty file (pages link it whatever the size; meta.inputs says why).
  await writeLineFile(path("items.jsonl"), included ? itemLines(items) : []);

  const disagreements = agreements.flatMap((a) => a.rows);
  const scores = sortScores(result.scores);
  const files: Record<string, string | Uint8Array> = {
    "scores.json": json(scores),
    "coverage.json": json(coverageRows),
    "scores.parquet": toParquet(scores as never, S.SCORES),
    "transitions.parquet": toParquet(result.transitions as never, S.TRANSITIONS),
    "scores.arrow": toArrowStream(scores as never, S.SCORES),
    "transitions.arrow": toArrowStream(result.transitions as never, S.TRANSITIONS),
    "items.arrow": toArrowStream(slimItemRows(items), S.ITEMS_SLIM),
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
    "runs-input.json": included ? runsInputText : "",
  };
  for (const [name, content] of Object.entries(files)) await writeFile(path(name), content);
  const written = (await readdir(dir)).filter((name) => !name.startsWith(".")).sort();
  for (const name of written) await utimes(path(name), generatedAt, generatedAt);
  return { runs, datasets, meta, files: written };
}

/** One run's judged rows as the metrics' per-run columns. */
function runColumnsOf(index: ItemIndex, j: RunJudgments, responses: RunResponses): MetricRunColumns {
  const item = new Int32Array(j.rows);
  const refused = new Array<boolean | null>(j.rows);
  const correct = new Array<boolean | null>(j.rows);
  const scoreKind = new Array<string | null>(j.rows);
  for (let k = 0; k < j.rows; k++) {
    item[k] = responses.item[j.row[k]!]!;
    refused[k] = fromCode(j.refused[k]!);
    correct[k] = fromCode(j.correct[k]!);
    scoreKind[k] = scoreKindAt(j, k);
  }
  return runColumns(index, j.run, { item, refused, correct, score: j.score, scoreKind });
}

/**
 * Computes the report and writes it as the folder `out`, replaced whole (a failure leaves the previous
 * folder as it was). Returns the report without its file contents, and the names written.
 */
export async function writeReport(out: string, options: ReportOptions = {}, flag = "--out"): Promise<Report> {
  let report: Report | undefined;
  await replaceFolder(out, async (staging) => {
    report = await computeReport(staging, options);
  }, flag);
  return report!;
}
