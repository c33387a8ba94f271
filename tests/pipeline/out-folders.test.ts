// Output folders (issue 13, item 11): every `--out <dir>` is written beside and swapped in whole, so that
// afterwards it holds exactly this command's output; `--out` naming a file where a folder is expected, or a
// folder where a file is expected, is one line, not a stack trace.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MARKER } from "../../loaders/storage/folder.ts";
import { uvqaInProcess as uvqa } from "../cli/in-process.ts";

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
const items = [
  { id: "a1", dataset: "t", category: "answerable", video: "v", question: "What is the cook stirring?", reference: "A pot of soup." },
  { id: "u1", dataset: "t", category: "object", video: "v", question: "What is the goat chewing?", reference: "Unanswerable: there is no goat." },
];
const predictions = [
  { run: "base", item: "a1", response: "A pot of soup." }, { run: "base", item: "u1", response: "It chews grass." },
  { run: "aligned", item: "a1", response: "A pot of soup." }, { run: "aligned", item: "u1", response: "There is no goat in the video." },
];

let dir = "";
const path = (...names: string[]) => join(dir, ...names);
const common = () => ["--items", path("items.jsonl"), "--predictions", path("predictions.jsonl"), "--resamples", "0"];

/** A folder as an older `uvqa report --out` left it. */
async function olderReport(name: string): Promise<string> {
  const out = path(name);
  await mkdir(out, { recursive: true });
  for (const file of ["scores.json", "meta.json", "comparisons.json", "comparisons.parquet", "scores.arrow", "runs.json"]) await writeFile(join(out, file), "old");
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-out-folders-"));
  await writeFile(path("items.jsonl"), jsonl(items));
  await writeFile(path("predictions.jsonl"), jsonl(predictions));
  const judged = await uvqa(["judge", "--judge", "builtin", "--items", path("items.jsonl"), "--predictions", path("predictions.jsonl"), "--out", path("judged.jsonl")]);
  expect(judged.code, judged.stderr).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("an output folder holding an older report", () => {
  it("uvqa score: afterwards it holds exactly score's files", async () => {
    const out = await olderReport("score");
    expect(await uvqa(["score", ...common(), "--out", out])).toEqual({ code: 0, stderr: `scored 4 predictions of 2 run(s) over 2 items -> ${out}/scores.json\n` });
    expect((await readdir(out)).sort()).toEqual([MARKER, "coverage.json", "items.parquet", "judgments.parquet", "responses.parquet", "runs.json",
      "scores.json", "scores.parquet", "transitions.parquet"].sort());
    expect(await readFile(join(out, "scores.json"), "utf8")).not.toBe("old");
    expect((await readdir(dir)).filter((name) => name.includes("staging") || name.includes(".old-"))).toEqual([]);
  });

  it("uvqa compare and uvqa judge-agreement: the same", async () => {
    const compared = await olderReport("compare");
    expect((await uvqa(["compare", ...common(), "--a", "base", "--b", "aligned", "--out", compared])).code).toBe(0);
    expect((await readdir(compared)).sort()).toEqual([MARKER, "comparisons.json", "comparisons.parquet"].sort());
    const agreement = await olderReport("agreement");
    const result = await uvqa(["judge-agreement", "--items", path("items.jsonl"), "--a", path("judged.jsonl"), "--b", path("judged.jsonl"), "--resamples", "0", "--out", agreement]);
    expect(result.code, result.stderr).toBe(0);
    expect((await readdir(agreement)).sort()).toEqual([MARKER, "agreement.json", "disagreements.arrow", "disagreements.parquet"].sort());
  });

  it("uvqa report: the same", async () => {
    const out = await olderReport("report");
    await writeFile(join(out, "scores-old-extra.json"), "old");
    const config = path("report.config.ts");
    await writeFile(config, `export default {
  datasets: [{ id: "mine", kind: "items", path: ${JSON.stringify(path("items.jsonl"))} }],
  models: [{ id: "builtin", backend: "builtin", context: "scene" }],
  runs: [{ id: "b", model: "builtin", prompt: "prompt-aligned", variant: "prompt-aligned" }],
};
`);
    const result = await uvqa(["report", "--config", config, "--cache", path("cache"), "--resamples", "0", "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    const files = await readdir(out);
    expect(files).not.toContain("scores-old-extra.json");
    expect(files).toContain(MARKER);
    expect(await readFile(join(out, "comparisons.json"), "utf8")).toBe("[]\n");
  }, 60_000);
});

describe("--out naming the wrong kind of thing", () => {
  it("a file where a folder is expected: one line, the file untouched", async () => {
    const file = path("scores.json");
    await writeFile(file, "mine");
    for (const args of [
      ["score", ...common(), "--out", file],
      ["compare", ...common(), "--a", "base", "--b", "aligned", "--out", file],
      ["judge-agreement", "--items", path("items.jsonl"), "--a", path("judged.jsonl"), "--b", path("judged.jsonl"), "--out", file],
      ["report", "--config", path("report.config.ts"), "--cache", path("cache"), "--out", file],
    ]) {
      expect(await uvqa(args), args[0]).toEqual({ code: 2, stderr: `uvqa: --out names a file, not a folder: ${file}\n` });
    }
    expect(await uvqa(["score", ...common(), "--out", join(file, "sub")])).toEqual({ code: 2, stderr: `uvqa: --out ${join(file, "sub")}: ${file} is a file, not a folder\n` });
    expect(await readFile(file, "utf8")).toBe("mine");
  });

  it("a folder where a file is expected: one line", async () => {
    const folder = path("a-folder");
    await mkdir(folder, { recursive: true });
    const scenes = join(process.cwd(), "data", "scenes");
    for (const args of [
      ["judge", "--judge", "builtin", "--items", path("items.jsonl"), "--predictions", path("predictions.jsonl"), "--out", folder],
      ["infer", "--backend", "builtin", "--prompt", "unaligned", "--items", path("items.jsonl"), "--run", "r", "--cache", path("cache"), "--out", folder],
      ["generate", "--mode", "template", "--scenes", scenes, "--out", folder],
      ["import", "--from", "jsonl", "--file", path("predictions.jsonl"), "--no-cache", "--out", folder],
      ["judge-eval", "--out", folder],
    ]) {
      expect(await uvqa(args), args[0]).toEqual({ code: 2, stderr: `uvqa: --out names a folder, not a file: ${folder}\n` });
    }
    expect(await readdir(folder)).toEqual([]);
  });

  it("an input file that is a folder: one line", async () => {
    expect(await uvqa(["score", "--items", dir, "--predictions", path("predictions.jsonl"), "--out", path("never")]))
      .toEqual({ code: 2, stderr: `uvqa: ${dir} is a folder, not a file\n` });
  });
});
