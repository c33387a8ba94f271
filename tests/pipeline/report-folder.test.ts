// The report folder (docs/report-data.md) as `uvqa report` and the site build write it: every documented file,
// the slim tables against the report's own inputs, the zstd Parquet read the way the page reads it, the
// figures reproduced by the commands the report prints, byte-identical output for the same inputs.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { tableFromIPC } from "apache-arrow";
import { asyncBufferFromFile, parquetMetadata, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseGroupFootersHeader } from "../../components/group-footers.ts";
import { parseLoweredMember } from "../../components/search-texts.ts";
import { reportEnvironment } from "../../loaders/cli/report.ts";
import { BUILTIN_JUDGE_ID } from "../../loaders/judges/builtin.ts";
import { cacheFile, readCacheFile } from "../../loaders/inference/cache.ts";
import { startChatServer, type RunningServer } from "../../loaders/inference/server.ts";
import { BUILTIN_PROMPTS } from "../../loaders/prompts/index.ts";
import { judgeEvalRows } from "../../loaders/pipeline/judge-eval.ts";
import { runGroups, writeReport } from "../../loaders/pipeline/report.ts";
import { repoRoot, uvqaDir } from "../inference/helpers.ts";

const exec = promisify(execFile);
const bin = join(repoRoot, "bin", "uvqa.js");
const uvqa = (args: string[], cwd = repoRoot, env: NodeJS.ProcessEnv = process.env) => exec(process.execPath, [bin, ...args], { cwd, env, maxBuffer: 64 << 20 });

type Row = Record<string, unknown>;
const jsonl = (file: string): Row[] => readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Row);
const readJson = <T = unknown>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;
const arrowRows = (file: string): Row[] => tableFromIPC(readFileSync(file)).toArray().map((r) => ({ ...r.toJSON() }));
const arrowTypes = (file: string) => Object.fromEntries(tableFromIPC(readFileSync(file)).schema.fields.map((f) => [f.name, String(f.type)]));
async function parquetRows(file: string): Promise<{ rows: Row[]; groups: number[]; codecs: Set<string> }> {
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  const rows: Row[] = [];
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    rows.push(...await parquetReadObjects({ file: buffer, metadata, compressors, rowStart: start, rowEnd: end }));
    start = end;
  }
  const codecs = new Set(metadata.row_groups.flatMap((g) => g.columns.map((c) => String(c.meta_data!.codec))));
  return { rows, groups: metadata.row_groups.map((g) => Number(g.num_rows)), codecs };
}

/** The outcome rule of metrics.md, written out here. */
function outcomeOf(category: unknown, refused: unknown, correct: unknown): string {
  if (refused === null || refused === undefined) return "F";
  if (category !== "answerable") return refused ? "R" : "A";
  if (refused) return "R";
  if (correct === null || correct === undefined) return "F";
  return correct ? "C" : "W";
}

const DOCUMENTED = [
  "agreement.json", "comparisons.arrow", "comparisons.json", "comparisons.parquet", "coverage.json", "disagreements.arrow",
  "disagreements.parquet", "item-ids.parquet", "item-texts-footers.bin", "item-texts-starts.bin", "item-texts.parquet", "items.arrow", "items.jsonl", "items.parquet", "judge-eval.json", "judgments.parquet", "meta.json",
  "outcomes-index.json", "outcomes.arrow", "predictions.jsonl", "prompts.json", "reference.arrow", "responses.parquet", "runs-input.json", "runs.arrow",
  "runs.json", "scores.arrow", "scores.json", "scores.parquet", "search-index.json", "search-texts.bin", "texts-footers.bin", "texts.parquet", "transitions.arrow", "transitions.parquet",
];
const GENERATED_AT = new Date("2026-01-02T03:04:05Z");

const base = mkdtempSync(join(tmpdir(), "uvqa-report-folder-"));
const cacheDir = join(base, "cache");
const out = join(base, "report");
const file = (name: string) => join(out, name);
beforeAll(async () => {
  await writeReport(out, { root: repoRoot, cacheDir, resamples: 200, generatedAt: GENERATED_AT, log: () => {} });
}, 120_000);

describe("the default report folder", () => {
  it("holds exactly the documented files, every mtime at generated_at", () => {
    expect(readdirSync(out).filter((n) => !n.startsWith(".")).sort()).toEqual(DOCUMENTED);
    for (const name of DOCUMENTED) expect(statSync(file(name)).mtime.toISOString(), name).toBe(GENERATED_AT.toISOString());
    expect(readJson<{ generated_at: string }>(file("meta.json")).generated_at).toBe(GENERATED_AT.toISOString());
  });

  it("is byte for byte the same when built again from the same inputs", async () => {
    const again = join(base, "again");
    await writeReport(again, { root: repoRoot, cacheDir, resamples: 200, generatedAt: GENERATED_AT, log: () => {} });
    for (const name of DOCUMENTED) expect(readFileSync(join(again, name)).equals(readFileSync(file(name))), name).toBe(true);
  }, 120_000);

  it("meta: every judge, the seed, the slice fields, the inputs, and the uvqa score command that reproduces scores.json", async () => {
    const meta = readJson<Row>(file("meta.json"));
    expect(meta).toMatchObject({
      judge: { id: "builtin", kind: "builtin", name: BUILTIN_JUDGE_ID },
      judges: [{ id: "builtin", kind: "builtin", name: BUILTIN_JUDGE_ID }],
      resamples: 200, seed: 20250124, slice_fields: ["question_type", "source"], inputs: "included",
      reproduce: "uvqa score --items items.jsonl --predictions predictions.jsonl --runs runs-input.json --out scores/ --slice-by question_type,source --resamples 200",
    });
    const scores = readJson<Array<{ slice: string }>>(file("scores.json"));
    const items = jsonl(file("items.jsonl"));
    for (const field of ["question_type", "source"]) {
      const values = new Set(items.map((i) => i[field]).filter((v) => v !== undefined).map(String));
      expect(values.size, field).toBeGreaterThan(1);
      for (const value of values) expect(scores.some((s) => s.slice === `${field}:${value}`), `${field}:${value}`).toBe(true);
    }
    // The printed command, run as printed in the report folder, gives scores.json byte for byte.
    const scoresOut = join(base, "reproduced");
    const [, ...args] = String(meta.reproduce).replace("--out scores/", `--out ${scoresOut}`).split(" ");
    await uvqa(args, out);
    expect(readFileSync(join(scoresOut, "scores.json"), "utf8")).toBe(readFileSync(file("scores.json"), "utf8"));
  }, 120_000);

  it("outcomes.arrow: slim and typed, one row per judged (run, item), sorted, with the baseline's outcome", () => {
    expect(arrowTypes(file("outcomes.arrow"))).toEqual({
      run: "Dictionary<Int32, Utf8>", item: "Int32", outcome: "Dictionary<Int32, Utf8>", base: "Dictionary<Int32, Utf8>",
      refused: "Bool", correct: "Bool", reason_ok: "Bool", score: "Float64", score_kind: "Dictionary<Int32, Utf8>",
      outcome_2: "Dictionary<Int32, Utf8>", text_row: "Int32",
    });
    const items = jsonl(file("items.jsonl"));
    const index = new Map(items.map((item, i) => [item.id, i]));
    const runs = readJson<Array<{ id: string; baseline: string | null }>>(file("runs-input.json"));
    const predictions = jsonl(file("predictions.jsonl"));
    const outcome = new Map(predictions.map((p) => [`${p.run}/${p.item}`, outcomeOf(items[index.get(p.item)!]!.category, p.refused, p.correct)]));
    const expected = runs.flatMap((run) => predictions.filter((p) => p.run === run.id)
      .sort((a, b) => index.get(a.item)! - index.get(b.item)!)
      .map((p) => ({
        run: run.id, item: index.get(p.item), outcome: outcome.get(`${run.id}/${p.item}`),
        base: run.baseline ? outcome.get(`${run.baseline}/${p.item}`) ?? null : null,
        refused: p.refused, correct: p.correct, reason_ok: p.reason_ok, score: p.match_score, score_kind: "match", outcome_2: null,
      })));
    const rows = arrowRows(file("outcomes.arrow"));
    expect(rows).toHaveLength(runs.length * items.length);
    expect(rows.map(({ text_row: _, ...rest }) => rest)).toEqual(expected);
    // Not vacuous: correct answers, refusals and hallucinated answers, and runs with and without a baseline.
    const outcomes = new Set(rows.map((r) => r.outcome));
    for (const o of ["C", "R", "A"]) expect(outcomes.has(o), o).toBe(true);
    expect(rows.some((r) => r.base !== null) && rows.some((r) => r.base === null)).toBe(true);
  });

  it("items.arrow: every item by index, no text, flags joined, the twin as an index", () => {
    const items = jsonl(file("items.jsonl"));
    const index = new Map(items.map((item, i) => [item.id, i]));
    expect(Object.keys(arrowTypes(file("items.arrow")))).toEqual(["item", "id", "dataset", "category", "video", "question_type", "source", "flags", "pair", "perturbation_kind"]);
    expect(arrowTypes(file("items.arrow"))).toMatchObject({ item: "Int32", pair: "Int32", category: "Dictionary<Int32, Utf8>" });
    const rows = arrowRows(file("items.arrow"));
    expect(rows).toEqual(items.map((item, i) => ({
      item: i, id: item.id, dataset: item.dataset, category: item.category, video: item.video,
      question_type: item.question_type ?? null, source: item.source ?? null, flags: ((item.flags as string[] | undefined) ?? []).join(","),
      pair: item.pair === undefined ? null : index.get(item.pair), perturbation_kind: (item.perturbation as Row | undefined)?.kind ?? null,
    })));
    expect(rows.filter((r) => r.pair !== null).length).toBeGreaterThan(items.length / 2);
  });

  it("items.parquet: zstd, row i is item i with every field; texts.parquet: every response, sorted by run, category, item", async () => {
    const items = jsonl(file("items.jsonl"));
    const parquetItems = await parquetRows(file("items.parquet"));
    expect(parquetItems.codecs).toEqual(new Set(["ZSTD"]));
    expect(parquetItems.groups.every((n) => n <= 4_096)).toBe(true);
    expect(parquetItems.rows).toHaveLength(items.length);
    parquetItems.rows.forEach((row, i) => {
      const item = items[i]!;
      expect(row, item.id as string).toMatchObject({ item: i, id: item.id, question: item.question, reference: item.reference, scene: item.scene, pair: item.pair ?? null });
    });

    const runs = readJson<Array<{ id: string; prompt_hash: string }>>(file("runs.json"));
    const predictions = new Map(jsonl(file("predictions.jsonl")).map((p) => [`${p.run}/${p.item}`, p.response]));
    const texts = await parquetRows(file("texts.parquet"));
    expect(texts.codecs).toEqual(new Set(["ZSTD"]));
    expect(texts.rows).toHaveLength(runs.length * items.length);
    const key = (r: Row) => [runs.findIndex((run) => run.id === r.run), r.category as string, r.item as number] as const;
    const sorted = [...texts.rows].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0) || x[2] - y[2];
    });
    expect(texts.rows).toEqual(sorted);
    // Each response row carries the deciding judge's judgment of it (predictions.jsonl's), so an item's rows in
    // every run are read from this file alone.
    const judged = new Map(jsonl(file("predictions.jsonl")).map((p) => [`${p.run}/${p.item}`, p]));
    for (const row of texts.rows) {
      const item = items[row.item as number]!;
      const p = judged.get(`${row.run}/${item.id}`)!;
      expect(row).toEqual({
        run: row.run, item: row.item, category: item.category, response: predictions.get(`${row.run}/${item.id}`),
        prompt_hash: runs.find((r) => r.id === row.run)!.prompt_hash, error: null,
        settings: expect.any(Object), frames: null, run_order: runs.findIndex((r) => r.id === row.run),
        outcome: outcomeOf(item.category, p.refused, p.correct), refused: p.refused, correct: p.correct, reason_ok: p.reason_ok,
        score: p.match_score, score_kind: "match", judge: BUILTIN_JUDGE_ID, outcome_2: null,
      });
    }
    // outcomes.arrow names each judged response's row here, so the page reads one response by its row number.
    const outcomes = arrowRows(file("outcomes.arrow"));
    expect(outcomes.length).toBeGreaterThan(0);
    for (const o of outcomes) {
      const text = texts.rows[o.text_row as number]!;
      expect([text.run, text.item], `${o.run}/${o.item}`).toEqual([o.run, o.item]);
    }
  });

  it("responses.parquet and judgments.parquet: by run then row, the cache's rows with their provenance and predictions.jsonl's judgments", async () => {
    const runs = readJson<Array<{ id: string }>>(file("runs.json"));
    const predictions = jsonl(file("predictions.jsonl"));
    const responses = await parquetRows(file("responses.parquet"));
    expect(responses.rows).toHaveLength(predictions.length);
    // Each run's newest cached row per item: what the report read.
    const cached = new Map<string, Row>();
    for (const run of runs) for (const row of (await readCacheFile(cacheFile(cacheDir, run.id), false)).rows) cached.set(`${row.run}/${row.item}`, row as unknown as Row);
    responses.rows.forEach((row, k) => {
      const p = predictions[k]!;
      const c = cached.get(`${p.run}/${p.item}`)!;
      expect(row).toEqual({
        run: p.run, item: p.item, response: p.response, error: null, backend: c.backend, model: c.model, prompt: c.prompt,
        prompt_hash: c.prompt_hash, settings: c.settings, frames: null,
      });
    });
    const judgments = await parquetRows(file("judgments.parquet"));
    const items = new Map(jsonl(file("items.jsonl")).map((item) => [item.id, item]));
    expect(judgments.rows).toEqual(predictions.map((p) => {
      const category = items.get(p.item)!.category;
      return {
        run: p.run, item: p.item, category, judge: p.judge, refused: p.refused, correct: p.correct, score: p.match_score,
        score_kind: "match", reason_ok: p.reason_ok, outcome: outcomeOf(category, p.refused, p.correct), error: null,
      };
    }));
  });

  it("outcomes.arrow: one record batch per run; a run read alone by the byte ranges of outcomes-index.json", () => {
    const bytes = readFileSync(file("outcomes.arrow"));
    const index = readJson<{ header: number; runs: Array<{ run: string; start: number; end: number; rows: number; text_start: number; text_stop: number }> }>(file("outcomes-index.json"));
    const runs = readJson<Array<{ id: string }>>(file("runs.json"));
    const all = arrowRows(file("outcomes.arrow"));
    expect(index.runs.map((r) => r.run)).toEqual(runs.map((r) => r.id));
    // The parts tile the file: header, each run's batch in order, then the 8-byte end of stream.
    expect(index.runs[0]!.start).toBe(index.header);
    index.runs.slice(1).forEach((r, k) => expect(r.start).toBe(index.runs[k]!.end));
    expect(index.runs.at(-1)!.end + 8).toBe(bytes.length);
    const endOfStream = Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
    let textStart = 0;
    for (const r of index.runs) {
      const alone = Buffer.concat([bytes.subarray(0, index.header), bytes.subarray(r.start, r.end), endOfStream]);
      const rows = tableFromIPC(alone).toArray().map((x) => ({ ...x.toJSON() }));
      expect(rows, r.run).toEqual(all.filter((x) => x.run === r.run));
      expect(rows).toHaveLength(r.rows);
      // Its responses' rows in texts.parquet: contiguous, in run order.
      expect(r.text_start).toBe(textStart);
      expect(rows.every((x) => (x.text_row as number) >= r.text_start && (x.text_row as number) < r.text_stop)).toBe(true);
      textStart = r.text_stop;
    }
  });

  it("item-ids.parquet: every item's id and index, sorted by id in small row groups", async () => {
    const items = jsonl(file("items.jsonl"));
    const ids = await parquetRows(file("item-ids.parquet"));
    expect(ids.codecs).toEqual(new Set(["ZSTD"]));
    expect(ids.groups.every((n) => n <= 4_096)).toBe(true);
    const expected = items.map((item, i) => ({ id: String(item.id), item: i })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    expect(ids.rows).toEqual(expected);
  });

  it("item-texts.parquet: texts.parquet's rows by item, then run, each with its text_row; item-texts-starts.bin gives each item's rows", async () => {
    const items = jsonl(file("items.jsonl"));
    const texts = (await parquetRows(file("texts.parquet"))).rows;
    const byItem = await parquetRows(file("item-texts.parquet"));
    expect(byItem.codecs).toEqual(new Set(["ZSTD"]));
    expect(byItem.groups.every((n) => n <= 4_096)).toBe(true);
    // every row of texts.parquet once, as it is there, with its position there; sorted by item, then run
    expect(byItem.rows.map(({ text_row, ...rest }) => [rest, texts[Number(text_row)]])).toEqual(texts.map((_, k) => k).sort((a, b) =>
      Number(texts[a]!.item) - Number(texts[b]!.item) || Number(texts[a]!.run_order) - Number(texts[b]!.run_order)).map((k) => [texts[k], texts[k]]));
    expect(new Set(byItem.rows.map((r) => r.text_row)).size).toBe(texts.length);
    const bytes = readFileSync(file("item-texts-starts.bin"));
    expect(bytes.byteLength).toBe((items.length + 1) * 4);
    const starts = Array.from({ length: items.length + 1 }, (_, k) => bytes.readInt32LE(k * 4));
    expect(starts.at(-1)).toBe(texts.length);
    for (let i = 0; i < items.length; i++) {
      const rows = byItem.rows.slice(starts[i], starts[i + 1]);
      expect(rows.every((r) => Number(r.item) === i), `item ${i}`).toBe(true);
      expect(rows.length, `item ${i}`).toBe(texts.filter((r) => Number(r.item) === i).length);
    }
  });

  it("search-texts.bin: each run's responses in texts.parquet's order and the items' questions and references, lower-cased", async () => {
    const items = jsonl(file("items.jsonl"));
    const texts = (await parquetRows(file("texts.parquet"))).rows;
    type Part = { start: number; end: number; rows: number };
    const index = readJson<{ version: number; runs: Array<{ run: string; parts: Part[] }>; question: Part[]; reference: Part[] }>(file("search-index.json"));
    expect(index.version).toBe(2);
    const bin = new Uint8Array(readFileSync(file("search-texts.bin")));
    // every part's rows, one after the other (a text is one part here: the parts' limit is far above these files)
    const member = (parts: Part[]) => {
      expect(parts).toHaveLength(1);
      return parseLoweredMember(gunzipSync(bin.subarray(parts[0]!.start, parts[0]!.end)));
    };
    const rowTexts = (rows: ReturnType<typeof member>) => Array.from({ length: rows.block.rows }, (_, k) => rows.block.text.slice(rows.block.starts[k], rows.block.starts[k + 1]! - 1));
    const runs = readJson<Array<{ id: string }>>(file("runs.json"));
    expect(index.runs.map((r) => r.run)).toEqual(runs.map((r) => r.id));
    for (const r of index.runs) {
      const rows = texts.filter((t) => t.run === r.run);
      const read = member(r.parts);
      expect([...read.items]).toEqual(rows.map((t) => Number(t.item)));
      expect(rowTexts(read)).toEqual(rows.map((t) => String(t.response ?? "").toLowerCase()));
    }
    expect(rowTexts(member(index.question))).toEqual(items.map((item) => String(item.question).toLowerCase()));
    expect(rowTexts(member(index.reference))).toEqual(items.map((item) => String(item.reference).toLowerCase()));
  });

  it.each([["texts.parquet", "texts-footers.bin"], ["item-texts.parquet", "item-texts-footers.bin"]])("%s's per-group footers (%s): one per row group, each reading that group's rows from the file", async (name, footers) => {
    const texts = readFileSync(file(name));
    const buffer = texts.buffer.slice(texts.byteOffset, texts.byteOffset + texts.byteLength);
    const whole = parquetMetadata(buffer);
    const side = new Uint8Array(readFileSync(file(footers)));
    const header = parseGroupFootersHeader(side);
    if (!header || "need" in header) throw new Error(`${footers}: no header`);
    expect(header.fileLength).toBe(texts.byteLength);
    expect(header.starts.length).toBe(whole.row_groups.length + 1);
    expect(header.starts.at(-1)).toBe(Number(whole.num_rows));
    expect(header.offsets.at(-1)).toBe(side.byteLength);
    for (let g = 0; g < whole.row_groups.length; g++) {
      const footer = parquetMetadata(side.slice(header.offsets[g], header.offsets[g + 1]).buffer);
      expect(footer.row_groups.length).toBe(1);
      expect(Number(footer.num_rows)).toBe(header.starts[g + 1]! - header.starts[g]!);
      const alone = await parquetReadObjects({ file: buffer, metadata: footer, compressors });
      const expected = await parquetReadObjects({ file: buffer, metadata: whole, compressors, rowStart: header.starts[g]!, rowEnd: header.starts[g + 1]! });
      expect(alone).toEqual(expected);
    }
  });

  it("prompts.json: the text of each run's prompt under the hash runs.json gives it", () => {
    const runs = readJson<Array<{ prompt: string; prompt_hash: string }>>(file("runs.json"));
    const prompts = readJson<Record<string, { id: string; text: string }>>(file("prompts.json"));
    expect(Object.keys(prompts).sort()).toEqual([...new Set(runs.map((r) => r.prompt_hash))].sort());
    for (const run of runs) {
      expect(prompts[run.prompt_hash]).toEqual({ id: run.prompt, text: BUILTIN_PROMPTS.find((p) => p.id === run.prompt)!.template });
    }
    expect(new Set(runs.map((r) => r.prompt_hash)).size).toBe(2);
  });

  it("judge-eval.json: the figures uvqa judge-eval prints for the hard set; one judge, no agreement", async () => {
    const rows = readJson<Row[]>(file("judge-eval.json"));
    const cli = join(base, "judge-eval.json");
    await uvqa(["judge-eval", "--uvqa", uvqaDir, "--out", cli]);
    const sets = readJson<{ judge: string; sets: Array<Row & { name: string; errors: unknown[] }> }>(cli);
    const hardset = sets.sets.find((s) => s.name === "hardset")!;
    const { name, errors, ...figures } = hardset;
    expect(rows).toEqual([{ judge: sets.judge, set: name, ...figures, errors: errors.length }]);
    expect(rows[0]!.n).toBe(jsonl(join(repoRoot, "data", "judge", "hardset.jsonl")).length);
    // With the public files: the three sets, in the CLI's order, with the CLI's figures.
    const withReferences = await judgeEvalRows({ hardset: join(repoRoot, "data", "judge", "hardset.jsonl"), referencesDir: uvqaDir });
    expect(withReferences).toEqual(sets.sets.map(({ name: set, errors: e, ...f }) => ({ judge: sets.judge, set, ...f, errors: e.length })));
    expect(readJson(file("agreement.json"))).toEqual([]);
    expect(tableFromIPC(readFileSync(file("disagreements.arrow"))).numRows).toBe(0);
  }, 120_000);
});

describe("the JSONL inputs and UVQA_INPUTS_LIMIT", () => {
  it("leaves the inputs out above the limit (empty files, meta says why) and keeps them with UVQA_INPUTS=always", async () => {
    const small = join(base, "small");
    await writeReport(small, { root: repoRoot, cacheDir, resamples: 0, inputsLimit: 1000, log: () => {} });
    for (const name of ["items.jsonl", "predictions.jsonl", "runs-input.json"]) expect(statSync(join(small, name)).size, name).toBe(0);
    const size = ["items.jsonl", "predictions.jsonl", "runs-input.json"].reduce((sum, name) => sum + statSync(file(name)).size, 0);
    expect(readJson<{ inputs: string }>(join(small, "meta.json")).inputs)
      .toBe(`left out: ${(size / 1e6).toFixed(1)} MB together, above UVQA_INPUTS_LIMIT (0.0 MB); UVQA_INPUTS=always includes them`);

    const always = join(base, "always");
    await writeReport(always, { root: repoRoot, cacheDir, resamples: 0, inputsLimit: 1000, inputs: "always", log: () => {} });
    expect(readJson<{ inputs: string }>(join(always, "meta.json")).inputs).toBe("included");
    expect(readFileSync(join(always, "items.jsonl"), "utf8")).toBe(readFileSync(file("items.jsonl"), "utf8"));
  }, 120_000);

  it("reads UVQA_INPUTS_LIMIT, UVQA_INPUTS, UVQA_DATA_DIR, UVQA_DUCKDB_MEMORY and SOURCE_DATE_EPOCH from the environment, names a bad value, and says what to do when DuckDB runs out of memory", async () => {
    expect(reportEnvironment({ UVQA_INPUTS_LIMIT: "1200", UVQA_INPUTS: "always", UVQA_DATA_DIR: "/data/uvqa", SOURCE_DATE_EPOCH: "86400" }))
      .toEqual({ inputsLimit: 1200, inputs: "always", referencesDir: "/data/uvqa", generatedAt: new Date("1970-01-02T00:00:00Z") });
    expect(reportEnvironment({})).toEqual({});
    const failed = await uvqa(["report", "--out", join(base, "never")], repoRoot, { ...process.env, UVQA_INPUTS_LIMIT: "50MB" }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 2, stderr: 'uvqa: invalid UVQA_INPUTS_LIMIT: "50MB" (environment; bytes, default 50000000)\n' });
    expect(() => reportEnvironment({ UVQA_INPUTS: "sometimes" })).toThrow('invalid UVQA_INPUTS: "sometimes" (environment; "always" or "auto")');
    expect(reportEnvironment({ UVQA_GROUP_RESPONSES: "700" })).toEqual({ groupResponses: 700 });
    expect(() => reportEnvironment({ UVQA_GROUP_RESPONSES: "0" })).toThrow('invalid UVQA_GROUP_RESPONSES: "0" (environment; responses, default 1500000)');
    expect(reportEnvironment({ UVQA_WORKERS: "0" })).toEqual({ workers: false });
    expect(reportEnvironment({ UVQA_WORKERS: "1" })).toEqual({ workers: true });
    expect(() => reportEnvironment({ UVQA_WORKERS: "no" })).toThrow('invalid UVQA_WORKERS: "no" (environment; 0 or 1)');
    expect(reportEnvironment({ UVQA_DUCKDB_MEMORY: "1GB" })).toEqual({});
    expect(() => reportEnvironment({ UVQA_DUCKDB_MEMORY: "1 gigabyte" })).toThrow('invalid UVQA_DUCKDB_MEMORY: "1 gigabyte" (environment; a size such as 512MB or 2GB, default 256MB)');
    // out of memory in DuckDB: one line naming the step and the setting, exit 1, no folder left behind
    const oom = await uvqa(["report", "--out", join(base, "never")], repoRoot, { ...process.env, UVQA_DUCKDB_MEMORY: "2MB" }).catch((e: { code: number; stderr: string }) => e);
    expect(oom).toMatchObject({ code: 1 });
    expect((oom as { stderr: string }).stderr).toMatch(/(^|\n)uvqa: [a-z. ']+: DuckDB ran out of memory: Out of Memory Error: [^\n]*memory limit 2MB\); raise the limit with UVQA_DUCKDB_MEMORY \(e\.g\. 1GB\) or free memory\n$/);
    expect(existsSync(join(base, "never"))).toBe(false);
  }, 60_000);

  it("runs read and judged in groups (one run at a time here) give the very same folder", async () => {
    // The default report's three runs of 659 responses: groups of at most 700 responses hold one run each.
    expect(runGroups([659, 659, 659], 700)).toEqual([[0], [1], [2]]);
    const grouped = join(base, "grouped");
    await writeReport(grouped, { root: repoRoot, cacheDir, resamples: 200, generatedAt: GENERATED_AT, groupResponses: 700, log: () => {} });
    for (const name of DOCUMENTED) expect(readFileSync(join(grouped, name)).equals(readFileSync(file(name))), name).toBe(true);
  }, 120_000);
});

describe("runGroups", () => {
  it("packs consecutive runs up to the limit; a run above it goes alone", () => {
    expect(runGroups([], 10)).toEqual([]);
    expect(runGroups([4, 4, 4, 4], 10)).toEqual([[0, 1], [2, 3]]);
    expect(runGroups([3, 12, 3, 3, 5], 10)).toEqual([[0], [1], [2, 3], [4]]);
    expect(runGroups([10, 10], 10)).toEqual([[0], [1]]);
    expect(runGroups([1, 1, 1], 1_500_000)).toEqual([[0, 1, 2]]);
  });
});

describe("two configured judges", () => {
  // A second judge that disagrees: a real OpenAI-compatible server (the project's) whose model calls every
  // response a correct answer, except that it cannot give a verdict on a response that mentions a colour word.
  let judge: RunningServer;
  const folder = join(base, "two-judges");
  beforeAll(async () => {
    judge = await startChatServer({
      modelName: "lenient",
      model: (messages) => {
        const text = messages.map((m) => (typeof m.content === "string" ? m.content : "")).join("\n");
        const response = /<response>([\s\S]*?)<\/response>/.exec(text)?.[1] ?? "";
        return /\b(red|blue|green)\b/i.test(response) ? "no verdict" : JSON.stringify({ refused: false, correct: true, score: 5, reason: "lenient" });
      },
    });
    const config = join(base, "two-judges.config.ts");
    await writeFile(config, `export default {
  datasets: [{ id: "sample", kind: "sample" }],
  models: [
    { id: "builtin", backend: "builtin", context: "scene" },
    { id: "lenient", backend: "openai", model: "lenient", baseUrl: "${judge.url}", retries: 0, concurrency: 16 },
  ],
  runs: [
    { id: "b/unaligned", model: "builtin", prompt: "unaligned", variant: "unaligned" },
    { id: "b/prompt-aligned", model: "builtin", prompt: "prompt-aligned", variant: "prompt-aligned", baseline: "b/unaligned" },
  ],
  judges: [{ id: "builtin", kind: "builtin" }, { id: "lenient", kind: "llm", model: "lenient" }],
};
`);
    await writeReport(folder, { root: repoRoot, configPath: config, cacheDir, resamples: 100, log: () => {} });
  }, 180_000);
  afterAll(async () => {
    await judge?.close();
  });

  it("outcome_2 is the second judge's outcome, read from its judged predictions", () => {
    const items = jsonl(join(folder, "items.jsonl"));
    const index = new Map(items.map((item, i) => [item.id, i]));
    const second = new Map(jsonl(join(folder, "predictions-2.jsonl")).map((p) => [`${p.run}/${index.get(p.item)}`, outcomeOf(items[index.get(p.item)!]!.category, p.refused, p.correct)]));
    const rows = arrowRows(join(folder, "outcomes.arrow"));
    expect(rows).toHaveLength(2 * items.length);
    for (const row of rows) expect(row.outcome_2, `${row.run}/${row.item}`).toBe(second.get(`${row.run}/${row.item}`));
    expect(new Set(rows.map((r) => r.outcome_2))).toEqual(new Set(["C", "A", "F"]));
    const meta = readJson<{ judges: Array<{ id: string; name: string }> }>(join(folder, "meta.json"));
    expect(meta.judges.map((j) => j.id)).toEqual(["builtin", "lenient"]);
    expect(meta.judges[1]!.name).toMatch(/^lenient@/);
  });

  it("agreement.json and disagreements.* are what uvqa judge-agreement computes on the report's own files", async () => {
    const [entry] = readJson<Array<Row & { judge: number; reproduce: string }>>(join(folder, "agreement.json"));
    expect(entry!.judge).toBe(2);
    expect(entry!.reproduce).toBe("uvqa judge-agreement --items items.jsonl --a predictions.jsonl --b predictions-2.jsonl --runs runs-input.json --out agreement-2/ --resamples 100");
    const cliOut = join(base, "agreement-cli");
    const [, ...args] = entry!.reproduce.replace("--out agreement-2/", `--out ${cliOut}`).split(" ");
    await uvqa(args, folder);
    const { judge: _position, reproduce: _command, ...summary } = entry!;
    expect(summary).toEqual(readJson(join(cliOut, "agreement.json")));
    // Not vacuous: the judges disagree on refusals, and the second judge failed on some responses.
    const byField = summary.disagreements_by_field as Record<string, number>;
    expect(byField.refused).toBeGreaterThan(0);
    expect(byField.failed).toBeGreaterThan(0);
    expect((summary.metrics as Array<{ flagged: boolean }>).some((m) => m.flagged)).toBe(true);

    const cliRows = await parquetRows(join(cliOut, "disagreements.parquet"));
    const reportRows = await parquetRows(join(folder, "disagreements.parquet"));
    expect(reportRows.rows.map(({ judge_a: _a, judge_b: _b, ...rest }) => rest)).toEqual(cliRows.rows);
    expect(new Set(reportRows.rows.map((r) => `${r.judge_a} vs ${r.judge_b}`))).toEqual(new Set([`${summary.judge_a} vs ${summary.judge_b}`]));
    expect(arrowRows(join(folder, "disagreements.arrow"))).toHaveLength(summary.disagreements as number);
  }, 120_000);
});
