// The explorer's search as its worker runs it (components/search-core.ts) over search texts the build writes
// (loaders/storage/search-texts.ts), read through range requests to scripts/serve-dist.js: every field and set of
// runs gives exactly the (run, item) pairs a search of the original texts with toLowerCase().includes gives.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchState, type SearchField } from "../../components/search-core.ts";
import { searchTexts } from "../../components/search-texts.ts";
import { SearchTextsWriter } from "../../loaders/storage/search-texts.ts";
import { serveDist } from "../../scripts/serve-dist.js";

const ITEMS = 300;
const QUESTIONS = Array.from({ length: ITEMS }, (_, i) => `Question ${i}: where is the ${i % 5 ? "Camera" : "ΟΔΟΣ"}?`);
const REFERENCES = Array.from({ length: ITEMS }, (_, i) => (i % 3 ? `It is on the TABLE ${i}` : "The question cannot be answered"));
// Each run answers most items, in its own order (as texts.parquet orders a run: by category, then item).
const RUNS: Record<string, Array<[number, string | null]>> = {
  a: Array.from({ length: ITEMS }, (_, i) => [(i * 7) % ITEMS, i % 11 ? `the camera ${i} is RED` : null] as [number, string | null]),
  b: Array.from({ length: ITEMS - 20 }, (_, i) => [ITEMS - 1 - i, `I cannot tell; ΣΑΣ table ${i}`] as [number, string | null]),
};

/** The pairs a search of the original texts finds, in search-core's order. */
function naive(needle: string, field: SearchField, runs: string[]): Array<[number, number]> {
  const has = (t: string | null) => String(t ?? "").toLowerCase().includes(needle.toLowerCase());
  const out: Array<[number, number]> = [];
  if (field === "any" || field === "question" || field === "reference") {
    for (let i = 0; i < ITEMS; i++) {
      if (((field === "any" || field === "question") && has(QUESTIONS[i]!)) || ((field === "any" || field === "reference") && has(REFERENCES[i]!))) out.push([-1, i]);
    }
  }
  if (field === "any" || field === "response") runs.forEach((run, r) => { for (const [item, text] of RUNS[run]!) if (has(text)) out.push([r, item]); });
  return out;
}

let dir: string;
let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "search-core-"));
  // As the report writes them (one part per text here), and in parts of ~20 rows (as a run of long texts is cut).
  for (const [name, partChars] of [["s", undefined], ["p", 500]] as const) {
    const writer = await SearchTextsWriter.open(join(dir, `${name}.bin`), join(dir, `${name}.json`), { partChars });
    for (const [run, rows] of Object.entries(RUNS)) writer.addRun(run, rows.map(([item]) => item), rows.map(([, text]) => text));
    writer.addItems(QUESTIONS, REFERENCES);
    await writer.finish();
  }
  server = await serveDist(dir);
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("searchState", () => {
  it.each(["s", "p"])("finds exactly the pairs a search of the original texts finds, for every field and set of runs (%s: whole texts, then parts)", async (name) => {
    const state = searchState(searchTexts(`${server.url}${name}.bin`, `${server.url}${name}.json`));
    for (const needle of ["camera", "CAMERA", "table", "οδος", "σας", "cannot", "red", "2", "", "no such words"]) {
      for (const field of ["any", "question", "response", "reference"] as const) {
        for (const runs of [["a"], ["b", "a"], []]) {
          const hits = await state.search(needle, field, runs);
          expect([...hits.runs].map((r, k) => [r, hits.items[k]]), `${needle} in ${field} of ${runs}`).toEqual(naive(needle, field, runs));
        }
      }
    }
  });

  it("reads each text once: a prefetch, then searches, ask for nothing more", async () => {
    const asked: string[] = [];
    const counting: typeof fetch = (input, init) => {
      asked.push(new Headers(init?.headers).get("range") ?? String(input).split("/").pop()!);
      return fetch(input, init);
    };
    const state = searchState(searchTexts(`${server.url}s.bin`, `${server.url}s.json`, { fetch: counting }));
    await state.prefetch("any", ["a"]);
    expect(asked).toHaveLength(4); // the index, then run a, the questions, the references
    await state.search("camera", "any", ["a"]);
    await state.search("table", "response", ["a"]);
    expect(asked).toHaveLength(4);
    await state.search("table", "response", ["b"]);
    expect(asked).toHaveLength(5);
  });

  it("says what failed, and reads again on the next search", async () => {
    let fail = true;
    const flaky: typeof fetch = (input, init) => (fail && new Headers(init?.headers).has("range") ? Promise.resolve(new Response("", { status: 503 })) : fetch(input, init));
    const state = searchState(searchTexts(`${server.url}s.bin`, `${server.url}s.json`, { fetch: flaky }));
    await expect(state.search("camera", "response", ["a"])).rejects.toThrow(/s\.bin: HTTP 503/);
    fail = false;
    const hits = await state.search("camera", "response", ["a"]);
    expect(hits.items.length).toBe(naive("camera", "response", ["a"]).length);
  });
});
