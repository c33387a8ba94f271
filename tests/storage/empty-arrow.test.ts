// An empty table is still a table DuckDB-WASM can load: its Arrow stream carries one dictionary batch per
// dictionary column (DuckDB-WASM refuses a stream without them: "IPC stream did not have the expected number of
// dictionaries"), then an empty record batch; read back, it has the spec's columns and types and no row.
// (A report with one judge writes an empty disagreements.arrow, one with no aligned run empty transitions and comparisons.)
import { MessageHeader, MessageReader, tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { toArrowStream } from "../../loaders/storage/tables.ts";

function headers(bytes: Uint8Array): MessageHeader[] {
  const reader = new MessageReader(bytes);
  const out: MessageHeader[] = [];
  for (let m = reader.readMessage(); m; m = reader.readMessage()) {
    out.push(m.headerType);
    if (m.bodyLength) reader.readMessageBody(m.bodyLength);
  }
  return out;
}

describe("toArrowStream of no rows", () => {
  const spec = { run: "category", item: "int", score: "double", judge: "category", text: "string", ok: "bool" } as const;
  it("writes the schema, a dictionary batch per dictionary column, then an empty record batch", () => {
    expect(headers(toArrowStream([], spec))).toEqual([MessageHeader.Schema, MessageHeader.DictionaryBatch, MessageHeader.DictionaryBatch, MessageHeader.RecordBatch]);
  });
  it("reads back with the spec's columns and types and no row", () => {
    const table = tableFromIPC(toArrowStream([], spec));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(["run:Dictionary<Int32, Utf8>", "item:Int32", "score:Float64", "judge:Dictionary<Int32, Utf8>", "text:Utf8", "ok:Bool"]);
  });
  it("a table with rows is written as before: its dictionaries, then its rows", () => {
    const bytes = toArrowStream([{ run: "a", item: 1, score: 0.5, judge: "j", text: "x", ok: true }], spec);
    expect(headers(bytes)).toEqual([MessageHeader.Schema, MessageHeader.DictionaryBatch, MessageHeader.DictionaryBatch, MessageHeader.RecordBatch]);
    expect(tableFromIPC(bytes).get(0)!.toJSON()).toEqual({ run: "a", item: 1, score: 0.5, judge: "j", text: "x", ok: true });
  });
});
