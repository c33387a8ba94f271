// The explorer's search texts: written by the build (loaders/storage/search-texts.ts) and read as the page reads
// them (components/search-texts.ts: range requests to scripts/serve-dist.js, the native gunzip), every row
// matching exactly as `String(text ?? "").toLowerCase().includes(needle)` would on the original text.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchRows } from "../../components/lowered-text.ts";
import { gunzip, parseLoweredMember, searchTexts, type LoweredRows } from "../../components/search-texts.ts";
import { loweredMember, partsOf, SearchTextsWriter } from "../../loaders/storage/search-texts.ts";
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
/** The rows (counted across parts) whose text holds `needle`, and every part's item indices joined. */
const foundIn = (parts: LoweredRows[], needle: string) => {
  const rows: number[] = [];
  let at = 0;
  for (const { block } of parts) {
    matchRows(block, needle, (k) => rows.push(at + k));
    at += block.rows;
  }
  return rows;
};
const itemsOf = (parts: LoweredRows[]) => parts.flatMap((p) => [...p.items]);

let dir: string;
let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "search-texts-"));
  // The report's parts (one per text here), and small parts (~60 rows each) as a long run would have.
  for (const [name, partChars] of [["search-texts", undefined], ["small-parts", 2_000]] as const) {
    const writer = await SearchTextsWriter.open(join(dir, `${name}.bin`), join(dir, `${name}.json`), { partChars });
    for (const [run, texts] of Object.entries(RUNS)) writer.addRun(run, Int32Array.from(texts, (_, k) => 1000 + k), texts);
    writer.addItems(QUESTIONS, REFERENCES);
    await writer.finish();
  }
  writeFileSync(join(dir, "search-index.json"), readFileSync(join(dir, "search-texts.json")));
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

describe("SearchTextsWriter", () => {
  it("a failed write (a full disk: /dev/full) is thrown by finish, not left as an unhandled rejection before it", async () => {
    const writer = await SearchTextsWriter.open("/dev/full", join(dir, "full-index.json"));
    writer.addRun("r", [0, 1], ["a", "b"]);
    // Let the write fail before anything awaits it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    writer.addRun("s", [0], ["c"]);
    await expect(writer.finish()).rejects.toThrow(/ENOSPC/);
  });
});

describe("partsOf", () => {
  it("cuts rows into parts of at most the limit's characters (a separator each), a longer row alone, none empty", () => {
    expect(partsOf([3, 3, 3, 3], 8)).toEqual([[0, 2], [2, 4]]);
    expect(partsOf([3, 20, 3], 8)).toEqual([[0, 1], [1, 2], [2, 3]]);
    expect(partsOf([1, 1, 1], 100)).toEqual([[0, 3]]);
    expect(partsOf([], 8)).toEqual([[0, 0]]);
  });
});

describe("searchTexts (the page's reads)", () => {
  it("reads each run and the items' fields with one range request per part, after the index", async () => {
    const requests: string[] = [];
    const counting: typeof fetch = (input, init) => {
      requests.push(`${String(input).split("/").pop()} ${new Headers(init?.headers).get("range") ?? ""}`.trim());
      return fetch(input, init);
    };
    const files = searchTexts(`${server.url}search-texts.bin`, `${server.url}search-index.json`, { fetch: counting });
    for (const [run, texts] of Object.entries(RUNS)) {
      const parts = (await files.run(run))!;
      expect(itemsOf(parts)).toEqual(texts.map((_, k) => 1000 + k));
      for (const needle of NEEDLES) expect(foundIn(parts, needle), `${run} ${JSON.stringify(needle)}`).toEqual(naive(texts, needle));
    }
    const question = await files.items("question"), reference = await files.items("reference");
    expect(foundIn(question, "camera")).toEqual([0]);
    expect(foundIn(question, "i̇")).toEqual(naive(QUESTIONS, "i̇"));
    expect(foundIn(reference, "οδος")).toEqual([1]);
    expect(await files.run("no-such-run")).toBeNull();
    const index = JSON.parse(readFileSync(join(dir, "search-index.json"), "utf8"));
    const parts = [...["run-a", "run-b"].flatMap((run) => index.runs.find((r: { run: string }) => r.run === run).parts), ...index.question, ...index.reference];
    expect(parts).toHaveLength(4);
    expect(requests).toEqual(["search-index.json", ...parts.map((r: { start: number; end: number }) => `search-texts.bin bytes=${r.start}-${r.end - 1}`)]);
  });

  it("reads a text cut into many parts as one: the same rows, items and matches", async () => {
    const files = searchTexts(`${server.url}small-parts.bin`, `${server.url}small-parts.json`);
    const index = JSON.parse(readFileSync(join(dir, "small-parts.json"), "utf8"));
    expect(index.runs.find((r: { run: string }) => r.run === "run-b").parts.length).toBeGreaterThan(50);
    for (const [run, texts] of Object.entries(RUNS)) {
      const parts = (await files.run(run))!;
      expect(itemsOf(parts)).toEqual(texts.map((_, k) => 1000 + k));
      for (const needle of NEEDLES) expect(foundIn(parts, needle), `${run} ${JSON.stringify(needle)}`).toEqual(naive(texts, needle));
    }
    expect(foundIn(await files.items("reference"), "table")).toEqual([0]);
  });

  it("slices the whole file where the server ignores byte ranges, and says which file failed", async () => {
    let requests = 0;
    const noRanges: typeof fetch = async (input) => {
      requests++;
      return fetch(input);
    };
    const files = searchTexts(`${server.url}search-texts.bin`, `${server.url}search-index.json`, { fetch: noRanges });
    expect(foundIn((await files.run("run-b"))!, "blue")).toEqual(naive(RUNS["run-b"], "blue"));
    expect(foundIn((await files.run("run-a"))!, "ς")).toEqual(naive(TRICKY, "ς"));
    expect(requests).toBe(2); // the index, then the whole file once
    await expect(searchTexts(`${server.url}nothing.bin`, `${server.url}nothing.json`).run("run-a")).rejects.toThrow(/nothing\.json: HTTP 404/);
  });

  it("refuses a member whose row count is not the index's, and an index of another version", async () => {
    const index = JSON.parse(readFileSync(join(dir, "search-index.json"), "utf8"));
    index.runs[0].parts[0].rows += 1;
    writeFileSync(join(dir, "bad-index.json"), JSON.stringify(index));
    await expect(searchTexts(`${server.url}search-texts.bin`, `${server.url}bad-index.json`).run("run-a")).rejects.toThrow(`a member of ${TRICKY.length} rows where the index says ${TRICKY.length + 1}`);
    writeFileSync(join(dir, "old-index.json"), JSON.stringify({ ...index, version: 1 }));
    await expect(searchTexts(`${server.url}search-texts.bin`, `${server.url}old-index.json`).items("question")).rejects.toThrow("old-index.json is version 1; this page reads version 2 (build the report again)");
  });
});
