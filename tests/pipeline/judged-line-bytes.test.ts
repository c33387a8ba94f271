// judgedLineBytes: the size of a predictions.jsonl line the report leaves out, counted without writing the line.
// It must be exactly Buffer.byteLength(judgedLine(...)): meta.inputs reports the total in MB.
import { describe, expect, it } from "vitest";
import type { Item } from "../../loaders/items/schema.ts";
import { judgedLine, judgedLineBytes, type RunJudgments } from "../../loaders/pipeline/run-judgments.ts";
import type { RunResponses } from "../../loaders/pipeline/run-responses.ts";

const texts = [
  "A plain answer.", "", "She said \"no\".", "back\\slash", "two\nlines\tand a tab", "\u0001 control", "café", "日本語の答え",
  "emoji 🎬 ok", "lone \ud800 surrogate", "del \u007f char", "</script><img src=x onerror=alert(1)>",
];
const scores = [0, 1, 2.35, 5, 0.1 + 0.2, NaN, -0, 1e-7, 123456789.125];

function fixture(): { j: RunJudgments; r: RunResponses; items: Item[] } {
  const n = texts.length * scores.length;
  const items = Array.from({ length: n }, (_, i) => ({ id: i % 3 ? `item-${i}` : `vidéo "${i}"` }) as unknown as Item);
  const r = {
    run: "model/run \u00e9", rows: n, item: Int32Array.from({ length: n }, (_, i) => i), response: Array.from({ length: n }, (_, i) => texts[i % texts.length]!),
  } as unknown as RunResponses;
  const code = (i: number, m: number) => ((i * m) % 3) - 1;
  const j: RunJudgments = {
    run: r.run, rows: n, row: Int32Array.from({ length: n }, (_, i) => i),
    refused: Int8Array.from({ length: n }, (_, i) => code(i, 1)), correct: Int8Array.from({ length: n }, (_, i) => code(i, 2)),
    reasonOk: Int8Array.from({ length: n }, (_, i) => code(i, 5)), score: Float64Array.from({ length: n }, (_, i) => scores[Math.floor(i / texts.length)]!),
    scoreKind: new Uint8Array(n).fill(2), judge: Array.from({ length: n }, (_, i) => (i % 2 ? "builtin@1.1.1" : "jüdge")), error: null, records: null,
  };
  return { j, r, items };
}

describe("judgedLineBytes", () => {
  it("is the byte length of judgedLine's line for every kind of text, number and boolean", () => {
    const { j, r, items } = fixture();
    for (let k = 0; k < j.rows; k++) {
      expect(judgedLineBytes(j, k, r, items), judgedLine(j, k, r, items)).toBe(Buffer.byteLength(judgedLine(j, k, r, items)));
    }
  });

  it("counts another judge's records as written", () => {
    const { j, r, items } = fixture();
    const records = Array.from({ length: j.rows }, (_, k) => ({ run: j.run, item: items[k]!.id, response: r.response[k], score: 4, score_kind: "llm", note: "é" }));
    const withRecords = { ...j, records };
    for (let k = 0; k < j.rows; k++) expect(judgedLineBytes(withRecords, k, r, items)).toBe(Buffer.byteLength(judgedLine(withRecords, k, r, items)));
  });
});
