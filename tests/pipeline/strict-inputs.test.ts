// Strict inputs (issue 13, items 12 and 13): bytes that are not UTF-8, misspelled keys, empty files, a
// `--slice-by` field no item has, duplicate predictions in `uvqa judge`, a BOM in JSON, items written by other
// tools (no `dataset`). Every error is one line naming file, line (or record) and the offending key or value;
// the tests hold the whole line.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uvqaInProcess as uvqa } from "../cli/in-process.ts";

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
const item = (id: string, category: string, question: string, reference: string, extra: Record<string, unknown> = {}) =>
  ({ id, dataset: "t", category, video: "v", question, reference, ...extra });
const items = [
  item("a1", "answerable", "What is the cook stirring?", "A pot of soup."),
  item("a2", "answerable", "How many candles are lit?", "Two candles."),
  item("u1", "object", "What is the goat chewing?", "Unanswerable: there is no goat."),
];
const judged = (run: string, id: string, refused: boolean, correct: boolean) => ({ run, item: id, refused, correct });
const predictions = [
  judged("base", "a1", false, true), judged("base", "a2", false, false), judged("base", "u1", false, false),
  judged("aligned", "a1", false, true), judged("aligned", "a2", true, false), judged("aligned", "u1", true, true),
];
const runs = [
  { id: "base", model: "m", prompt: "unaligned", variant: "unaligned" },
  { id: "aligned", model: "m", prompt: "prompt-aligned", variant: "prompt-aligned", baseline: "base" },
];

let dir = "";
let itemsFile = "";
let predictionsFile = "";
let runsFile = "";
const path = (name: string) => join(dir, name);
const score = (extra: string[], predictionsPath = predictionsFile, itemsPath = itemsFile) =>
  uvqa(["score", "--items", itemsPath, "--predictions", predictionsPath, "--out", path(`out-${Math.random().toString(36).slice(2)}`), "--resamples", "0", ...extra]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-strict-"));
  [itemsFile, predictionsFile, runsFile] = [path("items.jsonl"), path("predictions.jsonl"), path("runs.json")];
  await writeFile(itemsFile, jsonl(items));
  await writeFile(predictionsFile, jsonl(predictions));
  await writeFile(runsFile, JSON.stringify(runs));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("bytes that are not UTF-8", () => {
  it("are an error naming the file, line and byte, never a U+FFFD in a run id", async () => {
    const bad = path("latin1.jsonl");
    const text = jsonl(predictions.slice(0, 2)) + '{"run":"b/al\u00e9igned","item":"u1","refused":true,"correct":true}\n';
    await writeFile(bad, Buffer.from(text, "latin1"));
    expect(await score([], bad)).toEqual({ code: 2, stderr: `uvqa: invalid UTF-8: byte 0xE9 at column 13 (${bad}:3)\n` });
  });

  it("in an items file and a runs file too", async () => {
    const badItems = path("items-latin1.jsonl");
    await writeFile(badItems, Buffer.concat([Buffer.from(jsonl(items)), Buffer.from(`${JSON.stringify(item("a3", "answerable", "Who waves?", "The caf\u00e9 owner."))}\n`, "latin1")]));
    const line = JSON.stringify(item("a3", "answerable", "Who waves?", "The caf\u00e9 owner."));
    expect(await score([], predictionsFile, badItems)).toEqual({ code: 2, stderr: `uvqa: invalid UTF-8: byte 0xE9 at column ${line.indexOf("\u00e9") + 1} (${badItems}:4)\n` });
    const badRuns = path("runs-latin1.json");
    const runLine = '  {"id": "base", "model": "m", "prompt": "p", "variant": "unaligned \u00e9"}';
    await writeFile(badRuns, Buffer.from(`[\n${runLine}\n]\n`, "latin1"));
    expect(await score(["--runs", badRuns])).toEqual({ code: 2, stderr: `uvqa: invalid UTF-8: byte 0xE9 at column ${runLine.indexOf("\u00e9") + 1} (${badRuns}:2)\n` });
  });
});

describe("misspelled keys", () => {
  it("`refsued` in a prediction is named, not re-judged", async () => {
    const bad = path("refsued.jsonl");
    await writeFile(bad, jsonl([...predictions.slice(0, 3), { run: "aligned", item: "a1", response: "A pot of soup.", refsued: true }]));
    expect(await score([], bad)).toEqual({ code: 2, stderr: `uvqa: invalid key: "refsued", did you mean "refused"? (${bad}:4)\n` });
  });

  it("`scroe` and a misspelled required key in a prediction are named", async () => {
    const bad = path("scroe.jsonl");
    await writeFile(bad, jsonl([{ ...predictions[0], scroe: 4 }]));
    expect(await score([], bad)).toEqual({ code: 2, stderr: `uvqa: invalid key: "scroe", did you mean "score"? (${bad}:1)\n` });
    await writeFile(bad, jsonl([{ run: "base", itme: "a1", response: "Soup." }]));
    expect(await score([], bad)).toEqual({ code: 2, stderr: `uvqa: invalid key: "itme", did you mean "item"? (${bad}:1)\n` });
  });

  it("`baseLine` in runs.json is named instead of dropping every alignment score with exit 0", async () => {
    const bad = path("runs-baseLine.json");
    await writeFile(bad, JSON.stringify([runs[0], { ...runs[1], baseline: undefined, baseLine: "base" }]));
    expect(await score(["--runs", bad])).toEqual({ code: 2, stderr: `uvqa: invalid key: "baseLine", did you mean "baseline"? (${bad}: record 1)\n` });
    // Runs files are strict: any key the format does not have is named.
    await writeFile(bad, JSON.stringify([{ ...runs[0], colour: "red" }]));
    expect(await score(["--runs", bad])).toEqual({ code: 2, stderr: `uvqa: invalid key: "colour" (${bad}: record 0)\n` });
  });

  it("a misspelled item key is named; so is any unknown key inside scene or perturbation", async () => {
    const bad = path("items-typo.jsonl");
    await writeFile(bad, jsonl([items[0], { ...items[1], refrence: "x" }, items[2]]));
    expect(await score([], predictionsFile, bad)).toEqual({ code: 2, stderr: `uvqa: invalid key: "refrence", did you mean "reference"? (${bad}:2)\n` });
    await writeFile(bad, jsonl([{ ...items[0], scene: { objcts: ["pot"] } }, items[1], items[2]]));
    expect(await score([], predictionsFile, bad)).toEqual({ code: 2, stderr: `uvqa: invalid key: "scene.objcts", did you mean "objects"? (${bad}:1)\n` });
    await writeFile(bad, jsonl([items[0], items[1], { ...items[2], perturbation: { kind: "object", original: null, replaced_with: "goat", note: "x" } }]));
    expect(await score([], predictionsFile, bad)).toEqual({ code: 2, stderr: `uvqa: invalid key: "perturbation.note" (${bad}:3)\n` });
  });

  it("extra fields stay allowed where the formats say so: slice fields on items, provenance on predictions", async () => {
    const withExtras = path("items-extras.jsonl");
    await writeFile(withExtras, jsonl(items.map((it, i) => ({ ...it, split: i ? "test" : "val", difficulty: i }))));
    const provenance = path("predictions-extras.jsonl");
    await writeFile(provenance, jsonl(predictions.map((p) => ({ ...p, latency: 12, backend: "openai", usage: { prompt_tokens: 1, completion_tokens: 2 }, my_note: "kept" }))));
    const out = path("extras");
    const result = await uvqa(["score", "--items", withExtras, "--predictions", provenance, "--runs", runsFile, "--slice-by", "split", "--resamples", "0", "--out", out]);
    expect(result).toEqual({ code: 0, stderr: `scored 6 predictions of 2 run(s) over 3 items -> ${out}/scores.json\n` });
    const slices = new Set((JSON.parse(await readFile(join(out, "scores.json"), "utf8")) as Array<{ slice: string }>).map((r) => r.slice));
    expect([...slices].sort()).toEqual(["all", "category:answerable", "category:object", "split:test", "split:val"]);
  });
});

describe("empty inputs", () => {
  it("an empty items file or predictions file is an error, not a report of 0 runs", async () => {
    const empty = path("empty.jsonl");
    await writeFile(empty, "\n\n");
    expect(await score([], predictionsFile, empty)).toEqual({ code: 2, stderr: `uvqa: no items in ${empty}: the file is empty\n` });
    expect(await score([], empty)).toEqual({ code: 2, stderr: `uvqa: no predictions in ${empty}: the file is empty\n` });
    expect(await uvqa(["judge", "--judge", "builtin", "--items", itemsFile, "--predictions", empty, "--out", path("never.jsonl")]))
      .toEqual({ code: 2, stderr: `uvqa: no predictions in ${empty}: the file is empty\n` });
  });
});

describe("uvqa judge", () => {
  it("refuses duplicate predictions with the error uvqa score gives", async () => {
    const dup = path("dup.jsonl");
    await writeFile(dup, jsonl([
      { run: "m", item: "a1", response: "Soup." }, { run: "m", item: "a2", response: "Two." }, { run: "m", item: "a1", response: "Stew." },
    ]));
    const message = `uvqa: invalid item: "a1 (a second prediction for run m)" (${dup}:3)\n`;
    expect(await score([], dup)).toEqual({ code: 2, stderr: message });
    expect(await uvqa(["judge", "--judge", "builtin", "--items", itemsFile, "--predictions", dup, "--out", path("dup-out.jsonl")])).toEqual({ code: 2, stderr: message });
  });
});

describe("--slice-by", () => {
  it("a field that no item has is an error naming it", async () => {
    expect(await score(["--slice-by", "question_type,nosuchfield"])).toEqual({ code: 2, stderr:
      `uvqa: invalid --slice-by: "question_type" (no item in ${itemsFile} has it; fields: category, dataset)\n` });
    expect(await uvqa(["compare", "--items", itemsFile, "--predictions", predictionsFile, "--a", "base", "--b", "aligned", "--slice-by", "nosuchfield", "--out", path("cmp")]))
      .toEqual({ code: 2, stderr: `uvqa: invalid --slice-by: "nosuchfield" (no item in ${itemsFile} has it; fields: category, dataset)\n` });
  });
});

describe("a byte order mark", () => {
  it("at the start of a JSON runs file just works, as in JSONL", async () => {
    const bom = path("runs-bom.json");
    await writeFile(bom, "\uFEFF" + JSON.stringify(runs));
    const items = path("items-bom.jsonl");
    await writeFile(items, "\uFEFF" + jsonl(items_()));
    const out = path("bom");
    expect(await uvqa(["score", "--items", items, "--predictions", predictionsFile, "--runs", bom, "--resamples", "0", "--out", out]))
      .toEqual({ code: 0, stderr: `scored 6 predictions of 2 run(s) over 3 items -> ${out}/scores.json\n` });
    const scores = JSON.parse(await readFile(join(out, "scores.json"), "utf8")) as Array<{ run: string; metric: string; slice: string; value: number; n: number }>;
    // aligned against base: base C on a1 stays C (s_ex_ref 0 of 1); base A on u1 becomes R (s_disc 1 of 1).
    expect(scores.find((r) => r.run === "aligned" && r.slice === "all" && r.metric === "s_disc")).toMatchObject({ value: 1, n: 1 });
  });
});

describe("items written by other tools (issue 13, item 13)", () => {
  it("need no dataset: it defaults to the file's stem", async () => {
    const foreign = path("msrvtt-qa.jsonl");
    await writeFile(foreign, jsonl(items.map(({ dataset: _omitted, ...rest }) => rest)));
    const out = path("foreign");
    expect(await uvqa(["score", "--items", foreign, "--predictions", predictionsFile, "--slice-by", "dataset", "--resamples", "0", "--out", out]))
      .toEqual({ code: 0, stderr: `scored 6 predictions of 2 run(s) over 3 items -> ${out}/scores.json\n` });
    const slices = new Set((JSON.parse(await readFile(join(out, "scores.json"), "utf8")) as Array<{ slice: string }>).map((r) => r.slice));
    expect(slices.has("dataset:msrvtt-qa")).toBe(true);
  });
});

function items_() {
  return items;
}
