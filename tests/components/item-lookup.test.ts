// The item view's look-ups (components/item-lookup.ts) over Parquet files DuckDB writes as the report does (zstd,
// 4,096-row groups, statistics), served by scripts/serve-dist.js on 127.0.0.1 and read with hyparquet through range
// requests: every answer equals DuckDB's own, and only the row groups whose statistics can hold the item are read.
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareBytes, groupsHolding, itemIndexOf, itemResponseRows, itemTextRows, itemViewData, textGroupsFor } from "../../components/item-lookup.ts";
import { itemStartsFile } from "../../components/item-starts.ts";
import { parquetTexts } from "../../components/text-store.ts";
import { serveDist } from "../../scripts/serve-dist.js";
import { int32LittleEndian, runningSum, writeItemIds } from "../../loaders/pipeline/report-tables.ts";
import type { Item } from "../../loaders/items/schema.ts";

const RUNS = 4;
const ITEMS = 60_000;
const CATEGORIES = ["answerable", "attribute", "object", "relation"];
let dir: string;
let duck: DuckDBConnection;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "item-lookup-"));
  duck = await (await DuckDBInstance.create(":memory:")).connect();
  // Items with ids in no particular order (a hash), some ids outside ASCII; a category each, spread over the index.
  await duck.run(`CREATE TABLE items AS SELECT i::INTEGER AS item,
      CASE WHEN i % 997 = 0 THEN 'é-' || md5(i::VARCHAR) WHEN i % 1009 = 0 THEN '😀-' || md5(i::VARCHAR) ELSE md5(i::VARCHAR) END AS id,
      ${JSON.stringify(CATEGORIES).replace(/"/g, "'")}[1 + (hash(i) % 4)::INTEGER] AS category
    FROM range(${ITEMS}) t(i)`);
  // Every run has most items (a few missing, as failed or absent rows are), sorted as texts.parquet is.
  await duck.run(`CREATE TABLE texts AS SELECT 'run-' || r AS run, r::INTEGER AS run_order, i.item, i.category,
      'response ' || r || ' to ' || i.id AS response, CASE WHEN (i.item + r) % 3 = 0 THEN 'C' ELSE 'R' END AS outcome
    FROM range(${RUNS}) t(r), items i WHERE (i.item * 7 + r) % 50 <> 0
    ORDER BY run_order, category, item`);
  const out = (name: string) => `'${join(dir, name)}'`;
  await duck.run(`COPY (SELECT id, item FROM items ORDER BY id) TO ${out("item-ids.parquet")} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 4096)`);
  await duck.run(`COPY texts TO ${out("texts.parquet")} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 4096)`);
  // texts' rows with their row numbers in the file (it is written in this order)
  await duck.run("CREATE TABLE numbered AS SELECT row_number() OVER () - 1 AS text_row, * FROM texts");
  server = await serveDist(dir);
}, 120_000);

afterAll(async () => {
  await server?.close();
  duck?.closeSync();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const rowsOf = async (sql: string) => (await duck.runAndReadAll(sql)).getRowObjects();

describe("compareBytes", () => {
  it("orders strings as DuckDB does (UTF-8 bytes), not as UTF-16 code units", async () => {
    const words = ["b", "a", "ab", "", "é", "😀", "\uffff", "z", "Z"];
    const [{ sorted }] = await rowsOf(`SELECT list_sort([${words.map((w) => `'${w}'`).join(", ")}]) AS sorted`) as Array<{ sorted: { items: string[] } }>;
    expect([...words].sort(compareBytes)).toEqual(sorted!.items);
    // JS's own `<` puts U+FFFF after the emoji (a surrogate pair): the byte order does not
    expect(compareBytes("😀", "\uffff")).toBeGreaterThan(0);
    expect("😀" < "\uffff").toBe(true);
  });
});

describe("itemIndexOf (item-ids.parquet)", () => {
  it("finds every sampled id, ASCII or not, and reads one row group for each", async () => {
    const ids = parquetTexts(`${server.url}item-ids.parquet`);
    const sample = await rowsOf("SELECT id, item FROM items WHERE item % 97 = 0 OR item % 997 = 0 OR item % 1009 = 0 OR item = (SELECT max(item) FROM items)") as Array<{ id: string; item: number }>;
    expect(sample.length).toBeGreaterThan(200);
    for (const { id, item } of sample) expect(await itemIndexOf(ids, id)).toBe(item);
    const { metadata } = await ids.layout();
    expect(metadata.row_groups.length).toBeGreaterThan(3);
    // one group per id by its statistics
    for (const { id } of sample.slice(0, 20)) expect(groupsHolding(metadata, { id }).length).toBe(1);
  });

  it("finds every id in the file the report itself writes (sorted as JS compares strings, ids beyond the BMP too)", async () => {
    const all = (await rowsOf("SELECT id FROM items ORDER BY item")).map((r) => String(r.id));
    // ids where UTF-16 order and byte order disagree, among the rest
    const ids = [...all, "\uffff-a", "\uffff-b", "😀-a", "😀-b", "\ue000"];
    await writeItemIds(join(dir, "report-item-ids.parquet"), ids.map((id) => ({ id })) as unknown as Item[]);
    const file = parquetTexts(`${server.url}report-item-ids.parquet`);
    const sample = [...ids.keys()].filter((i) => i % 331 === 0 || i % 997 === 0 || i % 1009 === 0 || i >= all.length - 1);
    expect(sample.length).toBeGreaterThan(200);
    for (const i of sample) {
      expect(await itemIndexOf(file, ids[i]!)).toBe(i);
    }
    expect(await itemIndexOf(file, "😀-c")).toBeNull();
  });

  it("answers null for an id the file lacks (below, between and above every id)", async () => {
    const ids = parquetTexts(`${server.url}item-ids.parquet`);
    for (const id of ["", "0", "no-such-item", "~", "😀😀"]) expect(await itemIndexOf(ids, id)).toBeNull();
  });
});

describe("itemTextRows (texts.parquet)", () => {
  it("gives exactly DuckDB's rows of the item, in run order, with their row numbers", async () => {
    const texts = parquetTexts(`${server.url}texts.parquet`);
    for (const item of [0, 1, 49, 50, 4095, 12_345, ITEMS - 1]) {
      const [{ category }] = await rowsOf(`SELECT category FROM items WHERE item = ${item}`) as Array<{ category: string }>;
      const expected = (await rowsOf(`SELECT text_row::INTEGER AS text_row, run, run_order, response, outcome FROM numbered WHERE item = ${item} ORDER BY text_row`))
        .map((r) => ({ ...r, text_row: Number(r.text_row) }));
      expect(expected.length).toBeGreaterThan(0);
      const got = await itemTextRows(texts, item, ["run", "run_order", "response", "outcome"], category!);
      expect(got.map((r) => ({ text_row: r.text_row, run: r.run, run_order: r.run_order, response: r.response, outcome: r.outcome }))).toEqual(expected);
      // without the category: the same rows
      expect((await itemTextRows(texts, item, ["run"])).map((r) => r.text_row)).toEqual(expected.map((r) => r.text_row));
    }
  });

  it("reads a small part of the file: the groups whose item and category statistics can hold the item", async () => {
    const texts = parquetTexts(`${server.url}texts.parquet`);
    const { metadata } = await texts.layout();
    const groups = metadata.row_groups.length;
    expect(groups).toBeGreaterThan(20);
    const [{ category }] = await rowsOf("SELECT category FROM items WHERE item = 12345") as Array<{ category: string }>;
    const candidates = groupsHolding(metadata, { item: 12_345, category: category! });
    // about one interior group per run, and the groups where the category or the run changes
    expect(candidates.length).toBeLessThanOrEqual(RUNS * 4);
    expect(candidates.length).toBeLessThan(groups / 2);
    // with the neighbours' keys: one group per run, or two where the item sits at a group's edge, and never one
    // that holds a row of the item left out
    const { starts } = await texts.layout();
    const groupOf = (row: number) => starts.findIndex((s, g) => s <= row && row < starts[g + 1]!);
    for (const item of [0, 1, 777, 12_345, 40_000, ITEMS - 1]) {
      const [{ category: c }] = await rowsOf(`SELECT category FROM items WHERE item = ${item}`) as Array<{ category: string }>;
      const holding = new Set((await rowsOf(`SELECT text_row FROM numbered WHERE item = ${item}`)).map((r) => groupOf(Number(r.text_row))));
      const chosen = textGroupsFor(metadata, item, c!);
      expect(chosen.length).toBeLessThanOrEqual(RUNS * 2);
      expect(chosen).toEqual(expect.arrayContaining([...holding]));
    }
    const before = texts.fetched();
    await itemTextRows(texts, 12_345, ["run", "response"], category!);
    expect(texts.fetched() - before).toBeLessThan(statSync(join(dir, "texts.parquet")).size / 2);
  });
});

describe("itemResponseRows (item-texts.parquet, else texts.parquet)", () => {
  const COLUMNS = ["run", "run_order", "response", "outcome"];
  const expectedOf = async (item: number) => (await rowsOf(`SELECT text_row::INTEGER AS text_row, run, run_order, response, outcome FROM numbered WHERE item = ${item} ORDER BY text_row`))
    .map((r) => ({ ...r, text_row: Number(r.text_row) }));
  const pick = (rows: Array<Record<string, unknown>>) => rows.map((r) => ({ text_row: r.text_row, run: r.run, run_order: r.run_order, response: r.response, outcome: r.outcome }));
  // item-texts.parquet and item-texts-starts.bin as the report writes them (texts' rows by item, then run, each with
  // its text_row); `shift` moves every start (a starts file that does not match the Parquet file)
  async function byItemFiles(name: string, shift = 0) {
    await duck.run(`COPY (SELECT * FROM numbered ORDER BY item, run_order) TO '${join(dir, `${name}.parquet`)}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 4096)`);
    const counts = new Int32Array(ITEMS);
    for (const r of await rowsOf("SELECT item, count(*)::INTEGER AS n FROM numbered GROUP BY item")) counts[Number(r.item)] = Number(r.n);
    writeFileSync(join(dir, `${name}-starts.bin`), int32LittleEndian(runningSum(counts).map((v, i) => (i > 0 ? v + shift : v))));
    return { texts: parquetTexts(`${server.url}${name}.parquet`), starts: itemStartsFile(`${server.url}${name}-starts.bin`) };
  }

  it("reads the item's rows in every run from item-texts.parquet: DuckDB's rows with their text_row, one or two row groups, texts.parquet untouched", async () => {
    const byItem = await byItemFiles("item-texts");
    const texts = parquetTexts(`${server.url}texts.parquet`);
    const { metadata } = await byItem.texts.layout();
    const perGroup = Math.max(...metadata.row_groups.map((g) => g.columns.reduce((n, c) => n + Number(c.meta_data!.total_compressed_size), 0)));
    for (const item of [0, 1, 49, 50, 4095, 12_345, ITEMS - 1]) {
      const before = byItem.texts.fetched(), decoded = byItem.texts.decodes();
      const got = await itemResponseRows(texts, byItem, item, COLUMNS, () => Promise.reject(new Error("the category is not needed")));
      expect(pick(got)).toEqual(await expectedOf(item));
      expect(got.length).toBeGreaterThan(0);
      expect(byItem.texts.decodes() - decoded).toBeLessThanOrEqual(2);
      expect(byItem.texts.fetched() - before).toBeLessThanOrEqual(2 * perGroup);
    }
    expect(texts.fetched()).toBe(0);
  });

  it("gives no rows for an item no run has", async () => {
    const byItem = await byItemFiles("item-texts");
    await duck.run("CREATE TABLE numbered_full AS SELECT * FROM numbered");
    await duck.run("DELETE FROM numbered WHERE item = 7");
    try {
      const none = await byItemFiles("item-texts-none");
      expect(await itemResponseRows(parquetTexts(`${server.url}texts.parquet`), none, 7, COLUMNS, () => Promise.reject(new Error("not needed")))).toEqual([]);
    } finally {
      await duck.run("DROP TABLE numbered; ALTER TABLE numbered_full RENAME TO numbered");
    }
    expect(pick(await itemResponseRows(parquetTexts(`${server.url}texts.parquet`), byItem, 7, COLUMNS, () => Promise.reject(new Error("not needed"))))).toEqual(await expectedOf(7));
  });

  it("falls back on texts.parquet's row groups where item-texts disagrees with it or is absent", async () => {
    const texts = parquetTexts(`${server.url}texts.parquet`);
    const category = async (item: number) => String((await rowsOf(`SELECT category FROM items WHERE item = ${item}`))[0]!.category);
    const wrong = await byItemFiles("item-texts-shifted", 1);
    const absent = { texts: parquetTexts(`${server.url}no-such-file.parquet`), starts: itemStartsFile(`${server.url}no-such-file.bin`) };
    const noParquet = { texts: parquetTexts(`${server.url}no-such-file.parquet`), starts: (await byItemFiles("item-texts")).starts };
    for (const item of [0, 777, ITEMS - 1]) {
      const expected = await expectedOf(item);
      for (const byItem of [wrong, absent, noParquet, null]) expect(pick(await itemResponseRows(texts, byItem, item, COLUMNS, () => category(item)))).toEqual(expected);
    }
  });
});

describe("itemViewData (the item view's reads together)", () => {
  it("gives the item's row and its responses, from its id or from its index, and null for an id the report lacks", async () => {
    await duck.run(`COPY (SELECT * FROM items ORDER BY item) TO '${join(dir, "items.parquet")}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 4096)`);
    await duck.run(`COPY (SELECT * FROM numbered ORDER BY item, run_order) TO '${join(dir, "view-texts.parquet")}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 4096)`);
    const counts = new Int32Array(ITEMS);
    for (const r of await rowsOf("SELECT item, count(*)::INTEGER AS n FROM numbered GROUP BY item")) counts[Number(r.item)] = Number(r.n);
    writeFileSync(join(dir, "view-starts.bin"), int32LittleEndian(runningSum(counts)));
    const files = {
      ids: parquetTexts(`${server.url}item-ids.parquet`), items: parquetTexts(`${server.url}items.parquet`),
      texts: parquetTexts(`${server.url}texts.parquet`),
      byItem: { texts: parquetTexts(`${server.url}view-texts.parquet`), starts: itemStartsFile(`${server.url}view-starts.bin`) },
    };
    for (const item of [0, 4_097, ITEMS - 1]) {
      const [row] = await rowsOf(`SELECT item, id, category FROM items WHERE item = ${item}`);
      const responses = (await rowsOf(`SELECT text_row::INTEGER AS text_row, response FROM numbered WHERE item = ${item} ORDER BY text_row`)).map((r) => ({ text_row: Number(r.text_row), response: r.response }));
      const byId = await itemViewData(files, String(row!.id), ["response"]);
      expect(byId?.index).toBe(item);
      expect(byId?.item).toEqual({ item, id: row!.id, category: row!.category });
      expect(byId?.rows.map((r) => ({ text_row: r.text_row, response: r.response }))).toEqual(responses);
      // with the index known: the same, and item-ids.parquet is not read
      const ids = parquetTexts(`${server.url}item-ids.parquet`);
      expect(await itemViewData({ ...files, ids }, String(row!.id), ["response"], item)).toEqual(byId);
      expect(ids.fetched()).toBe(0);
    }
    expect(files.texts.fetched()).toBe(0);
    expect(await itemViewData(files, "no-such-item", ["response"])).toBeNull();
  });
});
