// The streaming writers and reader give what their whole-table counterparts give: the same Parquet bytes written
// row group by row group (parquet-stream.ts) or in parts (ZstdParquetWriter), the same Arrow bytes from columns,
// and the same lines and errors from a JSONL file read in chunks (scanLines) as from readText.
import { describe, expect, it } from "vitest";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ParquetTableWriter } from "../../loaders/storage/parquet-stream.ts";
import { ZstdParquetWriter, writeParquetZstd } from "../../loaders/storage/parquet-zstd.ts";
import { toParquet, type TableSpec } from "../../loaders/storage/tables.ts";
import { parseJsonlLines, readJsonlLines, readText, scanLines } from "../../loaders/storage/jsonl.ts";
import { z } from "zod";
import { ArrowPartStream, END_OF_STREAM } from "../../loaders/storage/arrow-runs.ts";
import { tableFromIPC } from "apache-arrow";

const spec: TableSpec = { run: "category", item: "int", score: "double", ok: "bool", settings: "json", response: "string" };
const row = (i: number) => ({
  run: `run-${i % 3}`, item: i, score: i % 7 === 0 ? null : i / 8, ok: i % 5 === 0 ? null : i % 2 === 0,
  settings: i % 11 === 0 ? null : { temperature: 0, seed: i % 4 }, response: i % 13 === 0 ? null : `response ${i} <b>é</b>`,
});
const tmp = () => mkdtemp(join(tmpdir(), "uvqa-streaming-"));

describe("ParquetTableWriter", () => {
  it("writes toParquet's bytes across its row groups (1,000 rows, then 100,000), appended in uneven parts", async () => {
    const rows = Array.from({ length: 101_537 }, (_, i) => row(i));
    const file = join(await tmp(), "t.parquet");
    const writer = new ParquetTableWriter(file, spec);
    for (let from = 0; from < rows.length; ) {
      const to = Math.min(rows.length, from + 777 + (from % 5000));
      const part = rows.slice(from, to);
      if (from % 2) writer.appendRows(part);
      else writer.append(part.length, (name) => part.map((r) => r[name as keyof typeof r]));
      from = to;
    }
    writer.close();
    expect(writer.rows).toBe(rows.length);
    expect(Buffer.compare(await readFile(file), Buffer.from(toParquet(rows, spec)))).toBe(0);
  }, 60_000);

  it("writes an empty table as toParquet does", async () => {
    const file = join(await tmp(), "empty.parquet");
    const writer = new ParquetTableWriter(file, spec);
    writer.close();
    expect(Buffer.compare(await readFile(file), Buffer.from(toParquet([], spec)))).toBe(0);
  });

  it("refuses a column of the wrong length", async () => {
    const writer = new ParquetTableWriter(join(await tmp(), "bad.parquet"), spec);
    expect(() => writer.append(2, (name) => (name === "item" ? [1] : [null, null]))).toThrow("ParquetTableWriter: column item has 1 values for 2 rows");
    writer.abort();
  });
});

describe("ZstdParquetWriter", () => {
  it("filled run by run, writes writeParquetZstd's bytes for the same rows", async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => row(i));
    const dir = await tmp();
    const order = (r: { run: string }) => Number(r.run.slice(4));
    await writeParquetZstd(join(dir, "whole.parquet"), rows, spec, { orderBy: ["run_order", "item"], keys: { run_order: (r) => 2 - order(r as { run: string }) } });
    const writer = await ZstdParquetWriter.open(spec, { orderBy: ["run_order", "item"], keys: ["run_order"] });
    for (const part of [rows.slice(0, 4321), rows.slice(4321, 4322), rows.slice(4322)]) {
      writer.append(part.length, (name) => (name === "run_order" ? part.map((r) => 2 - order(r)) : part.map((r) => r[name as keyof typeof r])));
    }
    await writer.finish(join(dir, "parts.parquet"));
    expect(Buffer.compare(await readFile(join(dir, "parts.parquet")), await readFile(join(dir, "whole.parquet")))).toBe(0);
  }, 60_000);
});

describe("ZstdParquetWriter in insertion order, spilling to disk", () => {
  it("writes the rows in the order appended, the same bytes as writeParquetZstd sorting them, under a memory limit that makes DuckDB spill", async () => {
    // 60,000 rows of ~2 kB text (~120 MB) against a 64 MB limit: the table cannot stay in memory.
    const rows = Array.from({ length: 60_000 }, (_, i) => ({ ...row(i), response: `${i} ${"x".repeat(2000 + (i % 97))}` }));
    const dir = await tmp();
    const order = (r: { run: string }) => Number(r.run.slice(4));
    await writeParquetZstd(join(dir, "sorted.parquet"), rows, spec, { orderBy: ["run_order", "item"], keys: { run_order: (r) => order(r as { run: string }) } });
    const sorted = [...rows].sort((a, b) => order(a) - order(b) || a.item - b.item);
    const spill = join(dir, "spill");
    const writer = await ZstdParquetWriter.open(spec, { orderBy: [], spillDir: spill, memoryLimit: "64MB" });
    for (let at = 0; at < sorted.length; at += 7_000) {
      const part = sorted.slice(at, at + 7_000);
      writer.append(part.length, (name) => part.map((r) => r[name as keyof typeof r]));
    }
    await writer.finish(join(dir, "appended.parquet"));
    expect(Buffer.compare(await readFile(join(dir, "appended.parquet")), await readFile(join(dir, "sorted.parquet")))).toBe(0);
  }, 120_000);
});

describe("ArrowPartStream", () => {
  it("one record batch per part: the whole stream reads as every part's rows; the header and one part read as that part alone", () => {
    const partSpec: TableSpec = { run: "category", item: "int", outcome: "category", score: "double", ok: "bool" };
    const stream = new ArrowPartStream(partSpec, { run: ["b", "a"], outcome: ["C", "W", "R"] });
    const parts = [
      stream.part(3, { run: [0, 0, 0], item: [4, 2, 9], outcome: [0, -1, 2], score: [1.5, null, 0], ok: [true, null, false] }),
      stream.part(0, {}),
      stream.part(2, { run: [1, 1], item: [1, 2], outcome: [1, 1], score: [null, 3], ok: [false, true] }),
    ];
    const rows = (bytes: Uint8Array) => tableFromIPC(bytes).toArray().map((r) => ({ ...r.toJSON() }));
    const expected = [
      { run: "b", item: 4, outcome: "C", score: 1.5, ok: true }, { run: "b", item: 2, outcome: null, score: null, ok: null },
      { run: "b", item: 9, outcome: "R", score: 0, ok: false },
      { run: "a", item: 1, outcome: "W", score: null, ok: false }, { run: "a", item: 2, outcome: "W", score: 3, ok: true },
    ];
    expect(rows(Buffer.concat([stream.header, ...parts, END_OF_STREAM]))).toEqual(expected);
    expect(rows(Buffer.concat([stream.header, parts[2]!, END_OF_STREAM]))).toEqual(expected.slice(3));
    expect(rows(Buffer.concat([stream.header, parts[1]!, END_OF_STREAM]))).toEqual([]);
    expect(() => stream.part(1, { run: [2], item: [1], outcome: [0], score: [0], ok: [true] })).toThrow("outside its dictionary");
    expect(() => stream.part(2, { run: [0], item: [1, 2], outcome: [0, 0], score: [0, 0], ok: [true, true] })).toThrow("column run has 1 values for 2 rows");
  });
});

describe("scanLines", () => {
  async function lines(file: string): Promise<Array<[string, number]>> {
    const out: Array<[string, number]> = [];
    await scanLines(file, (text, line) => out.push([text, line]));
    return out;
  }
  const fromText = (text: string) => text.split("\n").map((t, i) => [t.trim(), i + 1] as [string, number]).filter(([t]) => t);

  it("gives readText's non-blank lines with their numbers, across 4 MB chunks that cut a character in two", async () => {
    const dir = await tmp();
    // Lines of 3-byte characters, so some chunk boundary falls inside one; blank lines, CRLF, a BOM.
    const body = Array.from({ length: 60_000 }, (_, i) => (i % 1000 === 7 ? "" : `{"i":${i},"t":"${"€".repeat(20 + (i % 13))}"}${i % 3 ? "\r" : ""}`)).join("\n");
    await writeFile(join(dir, "a.jsonl"), "\uFEFF" + body);
    const got = await lines(join(dir, "a.jsonl"));
    expect(got).toEqual(fromText(await readText(join(dir, "a.jsonl"))));
    expect(got.length).toBe(59_940);
    expect(got[0]).toEqual(['{"i":0,"t":"' + "€".repeat(20) + '"}', 1]);
  }, 60_000);

  it("names the first byte that is not UTF-8 as readText does, even after a line the callback refused", async () => {
    const dir = await tmp();
    const file = join(dir, "bad.jsonl");
    await writeFile(file, Buffer.concat([Buffer.from('{"a":1}\nnot json\n{"b":"x'), Buffer.from([0xff]), Buffer.from('"}\n')]));
    let message = "";
    await scanLines(file, (text) => {
      if (text === "not json") throw new Error("the callback's own error");
    }).catch((error: Error) => (message = error.message));
    expect(message).toBe(`invalid UTF-8: byte 0xFF at column 8 (${file}:3)`);
    await expect(readText(file)).rejects.toThrow(message);
  });

  it("agrees with readText on small and edge files: empty, newlines only, a BOM alone, half a BOM, no final newline, a line longer than two chunks, a bad byte on the last line", async () => {
    const dir = await tmp();
    const long = `{"t":"${"é".repeat(5_000_000)}"}`;
    const cases: Array<[string, Buffer]> = [
      ["empty", Buffer.alloc(0)],
      ["newlines", Buffer.from("\n\n\r\n")],
      ["bom", Buffer.from([0xef, 0xbb, 0xbf])],
      ["half-bom", Buffer.from([0xef, 0xbb])],
      ["one", Buffer.from("a")],
      ["no-final-newline", Buffer.from("\uFEFFa\n b \nc")],
      ["long", Buffer.from(`x\n${long}\ny\n${long}`)],
      ["bad-last", Buffer.concat([Buffer.from("a\nb\n"), Buffer.from([0x80])])],
    ];
    for (const [name, bytes] of cases) {
      const file = join(dir, `${name}.jsonl`);
      await writeFile(file, bytes);
      const expected = await readText(file).then(fromText, (error: Error) => error.message);
      expect(await lines(file).catch((error: Error) => error.message), name).toEqual(expected);
    }
  }, 60_000);

  it("throws the callback's first error once the file is read, and readText's error for a missing file", async () => {
    const dir = await tmp();
    await writeFile(join(dir, "ok.jsonl"), "a\nb\nc\n");
    const seen: string[] = [];
    await expect(scanLines(join(dir, "ok.jsonl"), (text) => {
      seen.push(text);
      if (text !== "a") throw new Error(`bad ${text}`);
    })).rejects.toThrow("bad b");
    expect(seen).toEqual(["a", "b"]);
    await expect(scanLines(join(dir, "none.jsonl"), () => {})).rejects.toThrow(`no such file: ${join(dir, "none.jsonl")}`);
  });
});

describe("readJsonlLines", () => {
  const Row = z.object({ i: z.number(), t: z.string() });
  /** Its rows, or its error's message. */
  const read = (file: string) => readJsonlLines(file, Row).catch((error: Error) => error.message);
  const fromText = async (file: string) => {
    try {
      return parseJsonlLines(await readText(file), Row, file);
    } catch (error) {
      return (error as Error).message;
    }
  };

  it("gives parseJsonlLines(readText(file))'s rows and line numbers: BOM, CRLF, blank lines, multi-byte text, no final newline", async () => {
    const dir = await tmp();
    const body = Array.from({ length: 5_000 }, (_, i) => (i % 100 === 7 ? "  " : `{"i":${i},"t":"${"é€😀".repeat(i % 9)}"}${i % 3 ? "\r" : ""}`)).join("\n");
    const file = join(dir, "a.jsonl");
    await writeFile(file, "\uFEFF" + body);
    const rows = await read(file);
    expect(rows).toEqual(await fromText(file));
    expect((rows as unknown[]).length).toBe(4_950);
  });

  it("names the same file, line and column as readText for bytes that are not UTF-8, and the same line for bad JSON or a bad field", async () => {
    const dir = await tmp();
    const cases: Array<[string, Buffer]> = [
      ["utf8", Buffer.concat([Buffer.from('{"i":1,"t":"a"}\n\n{"i":2,"t":"é'), Buffer.from([0xc3]), Buffer.from('"}\n')])],
      ["json", Buffer.from('{"i":1,"t":"a"}\n{"i":2,"t":\n')],
      ["field", Buffer.from('{"i":1,"t":"a"}\n\n{"i":"2","t":"b"}\n')],
    ];
    for (const [name, bytes] of cases) {
      const file = join(dir, `${name}.jsonl`);
      await writeFile(file, bytes);
      const message = await read(file);
      expect(typeof message, name).toBe("string");
      expect(message, name).toBe(await fromText(file));
      expect(message, name).toContain(`${file}:${name === "json" ? 2 : 3}`);
    }
    expect(await read(join(dir, "none.jsonl"))).toBe(`no such file: ${join(dir, "none.jsonl")}`);
  });
});
