// `uvqa score --slice` (filter slices), `--slice-by` an array field, and the twin-pair shares, as a real process.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const uvqa = (args: string[]) => run(process.execPath, ["bin/uvqa.js", ...args], { cwd: process.cwd() });

const item = (id: string, category: string, extra: Record<string, unknown>) => ({ id, dataset: "t", category, video: "v", question: `q ${id}?`, reference: "r", ...extra });
const items = [
  item("a1", "answerable", { pair: "u1", flags: ["f1"] }),
  item("a2", "answerable", { pair: "u2" }),
  item("u1", "object", { pair: "a1", flags: ["f1", "f2"] }),
  item("u2", "relation", { pair: "a2" }),
];
// a1 C, a2 R, u1 R, u2 R: pair (u1, a1) tells them apart, pair (u2, a2) refuses both.
const judged = (id: string, refused: boolean, correct: boolean) => ({ run: "r", item: id, refused, correct });
const predictions = [judged("a1", false, true), judged("a2", true, false), judged("u1", true, true), judged("u2", true, true)];
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), "uvqa-slices-"));
  await writeFile(join(dir, "items.jsonl"), jsonl(items));
  await writeFile(join(dir, "predictions.jsonl"), jsonl(predictions));
  return dir;
}
type Row = { run: string; slice: string; metric: string; value: number; n: number };

describe("uvqa score --slice", () => {
  it("adds each filter slice under its canonical name, slices an array field per element, and scores the pairs", async () => {
    const dir = await setup();
    const out = join(dir, "out");
    await uvqa([
      "score", "--items", join(dir, "items.jsonl"), "--predictions", join(dir, "predictions.jsonl"), "--resamples", "20",
      "--slice-by", "flags", "--slice", "flags=f2", "--slice", "flags=f1&category=relation,object", "--out", out,
    ]);
    const scores = JSON.parse(await readFile(join(out, "scores.json"), "utf8")) as Row[];
    const get = (slice: string, metric: string) => scores.find((r) => r.slice === slice && r.metric === metric);
    expect([...new Set(scores.map((r) => r.slice))].sort()).toEqual([
      "all", "category:answerable", "category:object", "category:relation",
      "category=object,relation&flags=f1", "flags:f1", "flags:f2", "flags=f2",
    ]);
    // flags:f1 = {a1 C, u1 R}: s_acc 2/2; flags:f2 = {u1}
    expect(get("flags:f1", "s_acc")).toMatchObject({ value: 1, n: 2 });
    expect(get("flags:f2", "s_acc")).toMatchObject({ value: 1, n: 1 });
    // the filter (object or relation) and f1 = {u1}: its pair tells apart
    expect(get("category=object,relation&flags=f1", "pair_acc")).toMatchObject({ value: 1, n: 1 });
    expect(get("flags=f2", "s_acc")).toMatchObject({ value: 1, n: 1 });
    // all: 2 pairs, one told apart, one refused both
    expect(get("all", "pair_acc")).toMatchObject({ value: 0.5, n: 2 });
    expect(get("all", "pair_refuse_both")).toMatchObject({ value: 0.5, n: 2 });
    expect(get("all", "pair_answer_both")).toMatchObject({ value: 0, n: 2 });
    expect(get("all", "pair_other")).toMatchObject({ value: 0, n: 2 });
  });

  it("refuses a bad expression before reading anything, and a field no item has, in one line, writing nothing", async () => {
    const dir = await setup();
    const out = join(dir, "out-bad");
    const args = (slice: string) => ["score", "--items", join(dir, "items.jsonl"), "--predictions", join(dir, "predictions.jsonl"), "--slice", slice, "--out", out];
    const syntax = await uvqa(args("category=object&source")).catch((e) => e);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr.trim()).toBe(`error: option '--slice <expr>' argument 'category=object&source' is invalid. no "=" in "source"`);
    const field = await uvqa(args("color=red")).catch((e) => e);
    expect(field.code).toBe(2);
    expect(field.stderr.trim()).toBe('uvqa: invalid slice: "color=red" (no item has field "color")');
    await expect(readdir(out)).rejects.toThrow();
  });
});
