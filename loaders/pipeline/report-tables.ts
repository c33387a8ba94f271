// The report folder's slim and text tables (docs/report-data.md): keyed by the integer item index, sorted,
// written from the per-run columns (run-responses.ts, run-judgments.ts) with storage/tables.ts (Arrow),
// storage/parquet-stream.ts and storage/parquet-zstd.ts.
import { open, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { endianness } from "node:os";
import type { PromptConfig } from "../config/schema.ts";
import { OUTCOMES } from "../items/outcome.ts";
import type { Run } from "../items/records.ts";
import type { Item } from "../items/schema.ts";
import { sha256 } from "../prompts/index.ts";
import { writeGroupFooters } from "../storage/parquet-group-footers.ts";
import { DuckDBTable, literal } from "../storage/duckdb-table.ts";
import { compactFooter } from "../storage/parquet-footer.ts";
import { ROW_GROUP_SIZE, SMALL_ROW_GROUP_SIZE, ZstdParquetWriter } from "../storage/parquet-zstd.ts";
import { SearchTextsWriter } from "../storage/search-texts.ts";
import type { TableSpec } from "../storage/tables.ts";
import * as S from "../storage/schemas.ts";
import { ArrowPartStream, END_OF_STREAM } from "../storage/arrow-runs.ts";
import { fromCode, outcomeAt, scoreKindAt, type RunJudgments } from "./run-judgments.ts";
import type { RunResponses } from "./run-responses.ts";
import { itemColumn } from "./tables.ts";

/** Item id -> index: the item's position in items.jsonl (0-based). */
export function itemIndex(items: readonly Item[]): Map<string, number> {
  return new Map(items.map((item, i) => [item.id, i]));
}

/**
 * The hash of a prompt's definition (system message and template), the key of prompts.json and the
 * `prompt_hash` of runs.* and texts.parquet. (responses.parquet keeps each response row's own
 * `prompt_hash`: the hash of the messages rendered for that item.)
 */
export function promptDefinitionHash(prompt: Pick<PromptConfig, "template" | "system">): string {
  return sha256(JSON.stringify({ system: prompt.system ?? null, template: prompt.template }));
}

export interface PromptText {
  id: string;
  /** The template: `{question}` (and `{context}`, the scene facts) are filled in per item. */
  text: string;
  system?: string;
}

/** prompts.json: every prompt a run uses, by definition hash (the first id in run order when two share a text). */
export function promptTexts(prompts: readonly PromptConfig[]): Record<string, PromptText> {
  const out: Record<string, PromptText> = {};
  for (const prompt of prompts) {
    const hash = promptDefinitionHash(prompt);
    out[hash] ??= { id: prompt.id, text: prompt.template, ...(prompt.system ? { system: prompt.system } : {}) };
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export interface ResponseTablesInput {
  items: readonly Item[];
  runs: readonly Run[];
  /** Each run's prompt definition hash (texts.parquet's prompt_hash). */
  promptHash: ReadonlyMap<string, string>;
}

/** outcomes-index.json: where each run's record batch lies in outcomes.arrow (docs/report-data.md). */
export interface OutcomesIndex {
  /** Bytes of the schema, the dictionaries and an empty record batch: every run's stream starts with them. */
  header: number;
  runs: Array<{ run: string; start: number; end: number; rows: number; text_start: number; text_stop: number }>;
}

/** Byte order, as DuckDB sorts VARCHAR (texts.parquet is sorted by run_order, category, item). */
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const SCORE_KINDS = ["llm", "match"] as const;

/** One run's judged rows as outcomes.arrow needs them, sorted by item index (kept until every run is in). */
interface RunOutcomes {
  item: Int32Array;
  /** Index into OUTCOMES. */
  outcome: Int8Array;
  refused: Int8Array;
  correct: Int8Array;
  reasonOk: Int8Array;
  score: Float64Array;
  /** score_kind code (run-judgments.ts: 0 none, 1 llm, 2 match). */
  scoreKind: Uint8Array;
  /** Index into OUTCOMES, -1 for none. */
  outcome2: Int8Array;
  textRow: Int32Array;
  /** Per item index: this run's outcome (-1: none), for the runs it is the baseline of. */
  byItem: Int8Array;
  textStart: number;
  textStop: number;
}

/**
 * The columns of the staging table beyond texts.parquet's: what responses.parquet and judgments.parquet add (each
 * row's position in its run, its judged row, its provenance, the request's error, the judge's error).
 */
const STAGED: TableSpec = {
  row_order: "int", judged_row: "int", response_error: "json", backend: "category", model: "category", prompt: "category",
  row_prompt_hash: "category", judge_error: "string",
};

/** responses.parquet's and judgments.parquet's columns that the staging table names otherwise (the rest: the same). */
const RESPONSES_FROM: Record<string, string> = { error: "response_error", prompt_hash: "row_prompt_hash" };
const JUDGMENTS_FROM: Record<string, string> = { error: "judge_error" };

/**
 * The report's tables of one row per response or judgment, staged run by run as each run is judged, so that no
 * more than one run's response text is held in JS at once: every response row goes once into a DuckDB table
 * (which may spill to disk; storage/duckdb-table.ts), and `finish` writes texts.parquet (zstd, in the order
 * appended), responses.parquet and judgments.parquet (by run, then row; snappy) from it, then outcomes.arrow (one
 * record batch per run) with outcomes-index.json (docs/report-data.md).
 */
export class ResponseTablesWriter {
  private textRows = 0;
  private readonly outcomes: Array<RunOutcomes | null>;
  /** Each item's response rows over every run: item-texts-starts.bin is their running sum. */
  private readonly itemRows: Int32Array;

  private constructor(
    private readonly dir: string,
    private readonly input: ResponseTablesInput,
    private readonly table: DuckDBTable,
    private readonly search: SearchTextsWriter,
  ) {
    this.outcomes = input.runs.map(() => null);
    this.itemRows = new Int32Array(input.items.length);
  }

  static async open(dir: string, input: ResponseTablesInput): Promise<ResponseTablesWriter> {
    const spec = { ...S.TEXTS, ...STAGED };
    // Coded: the category columns and the json ones whose values repeat (frames differ by video: plain).
    const coded = [...Object.keys(spec).filter((name) => spec[name] === "category"), "settings", "response_error"];
    const table = await DuckDBTable.open(spec, { spillDir: join(dir, ".texts-spill"), coded });
    const search = await SearchTextsWriter.open(join(dir, "search-texts.bin"), join(dir, "search-index.json")).catch((error) => {
      table.close();
      throw error;
    });
    return new ResponseTablesWriter(dir, input, table, search);
  }

  /**
   * Run `i` of `input.runs` (appended in that order): its response rows, the deciding judge's judgments of them
   * and the second judge's (null with one judge).
   */
  appendRun(i: number, r: RunResponses, j: RunJudgments, second: RunJudgments | null): void {
    const { items } = this.input;
    if (this.input.runs[i]?.id !== r.run) throw new Error(`ResponseTablesWriter: run ${r.run} appended as run ${i}`);
    // Per response row: its judged row (-1: a failure row, not judged), for each judge.
    const judgedRow = (by: RunJudgments | null) => {
      const at = new Int32Array(r.rows).fill(-1);
      if (by) for (let k = 0; k < by.rows; k++) at[by.row[k]!] = k;
      return at;
    };
    const first = judgedRow(j), other = judgedRow(second);
    // Each judged row's outcome (an index into OUTCOMES), worked out once for texts.parquet, judgments.parquet and outcomes.arrow.
    const outcomeCodes = (by: RunJudgments | null) => Int8Array.from({ length: by?.rows ?? 0 }, (_, k) => OUTCOMES.indexOf(outcomeAt(by!, k, r, items)));
    const firstOutcome = outcomeCodes(j), otherOutcome = outcomeCodes(second);

    // texts.parquet: every response row (a failed request too, with its error class), in file order: category
    // (byte order), then item index; written in that order (the file keeps it).
    const order = Array.from({ length: r.rows }, (_, k) => k);
    order.sort((a, b) => byteOrder(items[r.item[a]!]!.category, items[r.item[b]!]!.category) || r.item[a]! - r.item[b]!);
    const textStart = this.textRows;
    const textRowOf = new Int32Array(r.rows);
    order.forEach((row, position) => (textRowOf[row] = textStart + position));
    for (let row = 0; row < r.rows; row++) this.itemRows[r.item[row]!]!++;
    const byText = <T>(value: (row: number, k: number) => T) => order.map((row) => value(row, first[row]!));
    // The explorer's search text of the run, in the same order (search-texts.ts).
    this.search.addRun(r.run, byText((row) => r.item[row]!), byText((row) => r.response[row]));
    this.table.append(r.rows, (name) => {
      switch (name) {
        case "run": return new Array(r.rows).fill(r.run);
        case "run_order": return new Array(r.rows).fill(i);
        case "item": return byText((row) => r.item[row]);
        case "category": return byText((row) => items[r.item[row]!]!.category);
        case "response": return byText((row) => r.response[row]);
        case "prompt_hash": return new Array(r.rows).fill(this.input.promptHash.get(r.run) ?? null);
        case "error": return byText((row) => r.error[row]?.class ?? null);
        case "settings": return byText((row) => r.settings[row]);
        case "frames": return byText((row) => r.frames[row]);
        case "outcome": return byText((_, k) => (k < 0 ? null : OUTCOMES[firstOutcome[k]!]));
        case "refused": return byText((_, k) => (k < 0 ? null : fromCode(j.refused[k]!)));
        case "correct": return byText((_, k) => (k < 0 ? null : fromCode(j.correct[k]!)));
        case "reason_ok": return byText((_, k) => (k < 0 ? null : fromCode(j.reasonOk[k]!)));
        case "score": return byText((_, k) => (k < 0 || Number.isNaN(j.score[k]!) ? null : j.score[k]));
        case "score_kind": return byText((_, k) => (k < 0 ? null : scoreKindAt(j, k)));
        case "judge": return byText((_, k) => (k < 0 ? null : j.judge[k]));
        case "outcome_2": return byText((row) => (other[row]! >= 0 ? OUTCOMES[otherOutcome[other[row]!]!] : null));
        // responses.parquet's and judgments.parquet's (STAGED).
        case "row_order": return order;
        case "judged_row": return byText((_, k) => (k < 0 ? null : k));
        case "response_error": return byText((row) => r.error[row]);
        case "backend": return byText((row) => r.backend[row]);
        case "model": return byText((row) => r.model[row]);
        case "prompt": return byText((row) => r.prompt[row]);
        case "row_prompt_hash": return byText((row) => r.promptHash[row]);
        case "judge_error": return byText((_, k) => (k < 0 ? null : j.error?.[k] ?? null));
        default: throw new Error(`texts.parquet: no column ${name}`);
      }
    });
    this.textRows += r.rows;

    // outcomes.arrow's rows of this run, by item index (the run's rows are in item order already, unless a run
    // lists its datasets out of order).
    const rows = Array.from({ length: j.rows }, (_, k) => k).sort((a, b) => r.item[j.row[a]!]! - r.item[j.row[b]!]!);
    const out: RunOutcomes = {
      item: new Int32Array(j.rows), outcome: new Int8Array(j.rows), refused: new Int8Array(j.rows), correct: new Int8Array(j.rows),
      reasonOk: new Int8Array(j.rows), score: new Float64Array(j.rows), scoreKind: new Uint8Array(j.rows), outcome2: new Int8Array(j.rows),
      textRow: new Int32Array(j.rows), byItem: new Int8Array(items.length).fill(-1), textStart, textStop: this.textRows,
    };
    rows.forEach((k, n) => {
      const row = j.row[k]!, item = r.item[row]!;
      out.item[n] = item;
      out.outcome[n] = out.byItem[item] = firstOutcome[k]!;
      out.refused[n] = j.refused[k]!;
      out.correct[n] = j.correct[k]!;
      out.reasonOk[n] = j.reasonOk[k]!;
      out.score[n] = j.score[k]!;
      out.scoreKind[n] = j.scoreKind[k]!;
      out.outcome2[n] = other[row]! >= 0 ? otherOutcome[other[row]!]! : -1;
      out.textRow[n] = textRowOf[row]!;
    });
    this.outcomes[i] = out;
  }

  /**
   * Writes the staged tables (texts.parquet, responses.parquet, judgments.parquet), then outcomes.arrow and
   * outcomes-index.json, and closes DuckDB.
   */
  async finish(): Promise<void> {
    const { items } = this.input;
    const table = this.table;
    const texts = join(this.dir, "texts.parquet");
    const itemTexts = join(this.dir, "item-texts.parquet");
    // The COPYs run on DuckDB's thread while this one writes outcomes.arrow and item-texts-starts.bin.
    const copies = (async () => {
      try {
        table.closeAppender();
        await table.addTable("ids", { item_index: "int", item_id: "string" }, items.length, (name) => (name === "item_index" ? Array.from(items, (_, i) => i) : items.map((item) => item.id)));
        // responses.parquet and judgments.parquet name an item by its id (the ids table), texts.parquet by its index.
        const select = (spec: TableSpec, from: Record<string, string> = {}, byId = true) =>
          Object.keys(spec).map((name) => (name === "item" && byId ? `item_id AS "item"` : table.column(from[name] ?? name, name))).join(", ");
        await table.run(`COPY (SELECT ${select(S.TEXTS, {}, false)} FROM t) TO ${literal(texts)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${ROW_GROUP_SIZE})`, "writing texts.parquet");
        // The same rows by item, then run (rowid: the order appended, which is texts.parquet's): the item view
        // reads an item's rows in every run from one row group. At 1M generated responses ~3 s of the report's
        // ~28 s, and 12 MB beside texts' 16 MB (an item's responses in different runs are alike, so they compress
        // well side by side).
        await table.run(`COPY (SELECT ${select(S.TEXTS, {}, false)}, rowid::INTEGER AS text_row FROM t ORDER BY "item", run_order, rowid) TO ${literal(itemTexts)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${SMALL_ROW_GROUP_SIZE})`, "writing item-texts.parquet");
        const byRow = `FROM t JOIN ids ON item_index = t."item"`;
        await table.run(`COPY (SELECT ${select(S.RESPONSES, RESPONSES_FROM)} ${byRow} ORDER BY run_order, row_order) TO ${literal(join(this.dir, "responses.parquet"))} (FORMAT parquet, COMPRESSION snappy)`, "writing responses.parquet");
        await table.run(`COPY (SELECT ${select(S.JUDGMENTS, JUDGMENTS_FROM)} ${byRow} WHERE judged_row IS NOT NULL ORDER BY run_order, judged_row) TO ${literal(join(this.dir, "judgments.parquet"))} (FORMAT parquet, COMPRESSION snappy)`, "writing judgments.parquet");
      } finally {
        table.close();
      }
    })();
    const [copied, written] = await Promise.allSettled([copies, (async () => {
      this.search.addItems(items.map((item) => item.question), items.map((item) => item.reference));
      await this.search.finish();
      await this.writeOutcomes();
      await writeFile(join(this.dir, "item-texts-starts.bin"), int32LittleEndian(runningSum(this.itemRows)));
    })()]);
    if (copied.status === "rejected") throw copied.reason;
    if (written.status === "rejected") throw written.reason;
    // The footer keeps the statistics the item view finds an item's row groups by (components/item-lookup.ts).
    await compactFooter(texts, ["run_order", "category", "item"]);
    // Its footer cut per row group: the page reads a few rows without the whole footer (2 MB at 10M responses).
    await writeGroupFooters(texts, join(this.dir, "texts-footers.bin"));
    // item-texts.parquet is read by row number (item-texts-starts.bin): its footer needs no statistics.
    await compactFooter(itemTexts, []);
    await writeGroupFooters(itemTexts, join(this.dir, "item-texts-footers.bin"));
    await rm(join(this.dir, ".texts-spill"), { recursive: true, force: true });
  }

  abort(): void {
    this.table.close();
    void this.search.abort();
  }

  private async writeOutcomes(): Promise<void> {
    const { runs } = this.input;
    const stream = new ArrowPartStream(S.OUTCOMES, { run: runs.map((run) => run.id), outcome: OUTCOMES, base: OUTCOMES, score_kind: SCORE_KINDS, outcome_2: OUTCOMES });
    const at = new Map(runs.map((run, i) => [run.id, i]));
    const handle = await open(join(this.dir, "outcomes.arrow"), "w");
    const index: OutcomesIndex = { header: stream.header.length, runs: [] };
    try {
      await handle.write(stream.header);
      let offset = stream.header.length;
      for (const [i, run] of runs.entries()) {
        const o = this.outcomes[i];
        if (!o) continue;
        const base = run.baseline ? this.outcomes[at.get(run.baseline) ?? -1]?.byItem ?? null : null;
        const n = o.item.length;
        const bool = (codes: Int8Array) => Array.from(codes, fromCode);
        const part = stream.part(n, {
          run: new Int32Array(n).fill(i),
          item: o.item,
          outcome: o.outcome,
          base: run.baseline ? Int32Array.from(o.item, (item) => base?.[item] ?? -1) : new Int32Array(n).fill(-1),
          refused: bool(o.refused),
          correct: bool(o.correct),
          reason_ok: bool(o.reasonOk),
          score: Array.from(o.score, (x) => (Number.isNaN(x) ? null : x)),
          score_kind: Int32Array.from(o.scoreKind, (kind) => kind - 1),
          outcome_2: o.outcome2,
          text_row: o.textRow,
        });
        await handle.write(part);
        index.runs.push({ run: run.id, start: offset, end: offset + part.length, rows: n, text_start: o.textStart, text_stop: o.textStop });
        offset += part.length;
      }
      await handle.write(END_OF_STREAM);
    } finally {
      await handle.close();
    }
    await writeFile(join(this.dir, "outcomes-index.json"), JSON.stringify(index, null, 1) + "\n");
  }
}

/** counts.length + 1 values: 0, then each running sum (item i's rows in item-texts.parquet are [out[i], out[i + 1])). Pure. */
export function runningSum(counts: Int32Array): Int32Array {
  const out = new Int32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) out[i + 1] = out[i]! + counts[i]!;
  return out;
}

/** The values as little-endian bytes, whatever the machine's byte order (item-texts-starts.bin is little-endian). */
export function int32LittleEndian(values: Int32Array): Uint8Array {
  if (endianness() === "LE") return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, k) => out.setInt32(k * 4, v, true));
  return new Uint8Array(out.buffer);
}

/** items.parquet: row i is item i (itemRows' columns), read by row (= item index): its footer keeps only the item column's statistics. */
export async function writeItemsParquet(path: string, items: readonly Item[]): Promise<void> {
  const writer = await ZstdParquetWriter.open(S.ITEMS, { orderBy: [], statistics: ["item"], rowGroupSize: SMALL_ROW_GROUP_SIZE });
  try {
    writer.append(items.length, (name) => itemColumn(items, name));
  } catch (error) {
    writer.close();
    throw error;
  }
  await writer.finish(path);
}

/** item-ids.parquet: (id, item) sorted by id as JS compares strings (the page searches it with the same order). */
export async function writeItemIds(path: string, items: readonly Item[]): Promise<void> {
  const order = Array.from(items, (_, i) => i).sort((a, b) => byteOrder(items[a]!.id, items[b]!.id));
  const writer = await ZstdParquetWriter.open(S.ITEM_IDS, { orderBy: [] });
  try {
    writer.append(order.length, (name) => (name === "id" ? order.map((i) => items[i]!.id) : order));
  } catch (error) {
    writer.close();
    throw error;
  }
  await writer.finish(path);
}

/** items.arrow rows: no text; flags comma-joined ("" for none), pair as the twin's item index. */
export function slimItemRows(items: readonly Item[]): Record<string, unknown>[] {
  const index = itemIndex(items);
  return items.map((item, i) => ({
    item: i, id: item.id, dataset: item.dataset, category: item.category, video: item.video,
    question_type: item.question_type ?? null, source: item.source ?? null, flags: (item.flags ?? []).join(","),
    pair: item.pair !== undefined ? index.get(item.pair) ?? null : null, perturbation_kind: item.perturbation?.kind ?? null,
  }));
}

