// The explorer's search texts: written by the build (loaders/storage/search-texts.ts) and read as the page reads
// them (components/search-texts.ts: range requests to scripts/serve-dist.js, the native gunzip), every row
// matching exactly as `String(text ?? "").toLowerCase().includes(needle)` would on the original text.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchRows } from "../../components/lowered-text.ts";
import { gunzip, parseLoweredMember, searchTexts } from "../../components/search-texts.ts";
import { loweredMember, SearchTextsWriter } from "../../loaders/storage/search-texts.ts";
import { serveDist } from "../../scripts/serve-dist.js";

// Texts that lower-case in surprising ways, hold the separator itself, or are missing.
const TRICKY = ["ΟΔΟΣ", "ΣΑΣ", "İstanbul", "STRASSE Straße", "😀 EMOJI 😀", "ǅ titlecase", "Σ", "a\u0000b CAMERA", null, "", "ends with cam", "era next"];
const NEEDLES = ["ς", "σ", "οδος", "i̇stanbul", "i", "straße", "😀 emoji", "ǆ", "camera", "cam", "era", "b camera", "\u0000", "a\u0000b", ""];
const RUNS = { "run-a": TRICKY, "run-b": Array.from({ length: 5_000 }, (_, k) => `Response ${k}: the ${k % 7 ? "Red" : "BLUE"} camera`) };
const QUESTIONS = ["Where is the CAMERA?", "What colour is the İ?"];
const REFERENCES = ["On the table", "unanswerable: no ΟΔΟΣ"];

const naive = (texts: readonly (string | null)[], needle: string) => texts.flatMap((t, k) => (String(t ?? "").toLowerCase().includes(needle) ? [k] : []));
const found = (block: Parameters<typeof matchRows>[0], needle: string) => {
  const rows: number[] = [];
  matchRows(block, needle, (k) => rows.push(k));
  return rows;
};

let dir: string;
let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "search-texts-"));
  const writer = await SearchTextsWriter.open(join(dir, "search-texts.bin"), join(dir, "search-index.json"));
  for (const [run, texts] of Object.entries(RUNS)) writer.addRun(run, Int32Array.from(texts, (_, k) => 1000 + k), texts);
  writer.addItems(QUESTIONS, REFERENCES);
  await writer.finish();
  server = await serveDist(dir);
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("loweredMember / parseLoweredMember", () => {
  it("gives back every row's item and lower-cased text; a search finds what toLowerCase().includes finds", () => {
    const rows = parseLoweredMember(loweredMember(Int32Array.from(TRICKY, (_, k) => 7 * k), TRICKY));
    expect([...rows.items]).toEqual(TRICKY.map((_, k) => 7 * k));
    expect(rows.block.rows).toBe(TRICKY.length);
    TRICKY.forEach((t, k) => expect(rows.block.text.slice(rows.block.starts[k], rows.block.starts[k + 1]! - 1)).toBe(String(t ?? "").toLowerCase()));
    for (const needle of NEEDLES) expect(found(rows.block, needle), JSON.stringify(needle)).toEqual(naive(TRICKY, needle));
  });

  it("refuses a member whose parts do not add up, and a count of items unlike the texts'", () => {
    const bytes = loweredMember([1, 2], ["ab", "cd"]);
    expect(() => parseLoweredMember(bytes.subarray(0, bytes.byteLength - 1))).toThrow(/characters where the lengths give/);
    expect(() => parseLoweredMember(bytes.subarray(0, 6))).toThrow(/holds 6 bytes/);
    expect(() => loweredMember([1], ["a", "b"])).toThrow("search texts: 1 item indices for 2 texts");
  });

  it("gunzip undoes Node's gzip", async () => {
    const bytes = loweredMember([3], ["Hello"]);
    expect(await gunzip(gzipSync(bytes))).toEqual(bytes);
  });
});

describe("searchTexts (the page's reads)", () => {
  it("reads each run and the items' fields with one range request each, after the index", async () => {
    const requests: string[] = [];
    const counting: typeof fetch = (input, init) => {
      requests.push(`${String(input).split("/").pop()} ${new Headers(init?.headers).get("range") ?? ""}`.trim());
      return fetch(input, init);
    };
    const files = searchTexts(`${server.url}search-texts.bin`, `${server.url}search-index.json`, { fetch: counting });
    for (const [run, texts] of Object.entries(RUNS)) {
      const rows = (await files.run(run))!;
      expect([...rows.items]).toEqual(texts.map((_, k) => 1000 + k));
      for (const needle of NEEDLES) expect(found(rows.block, needle), `${run} ${JSON.stringify(needle)}`).toEqual(naive(texts, needle));
    }
    const question = (await files.items("question"))!, reference = (await files.items("reference"))!;
    expect(found(question.block, "camera")).toEqual([0]);
    expect(found(question.block, "i̇")).toEqual(naive(QUESTIONS, "i̇"));
    expect(found(reference.block, "οδος")).toEqual([1]);
    expect(await files.run("no-such-run")).toBeNull();
    const index = JSON.parse(readFileSync(join(dir, "search-index.json"), "utf8"));
    expect(requests).toEqual(["search-index.json", ...["run-a", "run-b"].map((run) => index.runs.find((r: { run: string }) => r.run === run)), index.question, index.reference]
      .map((r) => (typeof r === "string" ? r : `search-texts.bin bytes=${r.start}-${r.end - 1}`)));
  });

  it("slices the whole file where the server ignores byte ranges, and says which file failed", async () => {
    let requests = 0;
    const noRanges: typeof fetch = async (input) => {
      requests++;
      return fetch(input);
    };
    const files = searchTexts(`${server.url}search-texts.bin`, `${server.url}search-index.json`, { fetch: noRanges });
    expect(found((await files.run("run-b"))!.block, "blue")).toEqual(naive(RUNS["run-b"], "blue"));
    expect(found((await files.run("run-a"))!.block, "ς")).toEqual(naive(TRICKY, "ς"));
    expect(requests).toBe(2); // the index, then the whole file once
    await expect(searchTexts(`${server.url}nothing.bin`, `${server.url}nothing.json`).run("run-a")).rejects.toThrow(/nothing\.json: HTTP 404/);
  });

  it("refuses a member whose row count is not the index's", async () => {
    const index = JSON.parse(readFileSync(join(dir, "search-index.json"), "utf8"));
    index.runs[0].rows += 1;
    writeFileSync(join(dir, "bad-index.json"), JSON.stringify(index));
    await expect(searchTexts(`${server.url}search-texts.bin`, `${server.url}bad-index.json`).run("run-a")).rejects.toThrow(`a member of ${TRICKY.length} rows where the index says ${TRICKY.length + 1}`);
  });
});
