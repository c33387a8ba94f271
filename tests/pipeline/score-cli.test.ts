// `uvqa score` end to end, as a real process, on a table small enough to work out by hand.
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

const run = promisify(execFile);
const uvqa = (args: string[]) => run(process.execPath, ["bin/uvqa.js", ...args], { cwd: process.cwd() });

const item = (id: string, category: string, question: string, reference: string) => ({ id, dataset: "t", category, video: "v", question, reference });
const items = [
  item("a1", "answerable", "What is the man holding?", "A red cup."),
  item("a2", "answerable", "What colour is the car?", "Blue."),
  item("u1", "object", "What colour is the dog?", "Unanswerable: there is no dog."),
  item("u2", "relation", "Why is the man kicking the table?", "Unanswerable: the man is not kicking the table."),
];
// Imported judgments (refused/correct given), so the expected values depend on the metrics alone.
//            base: a1 C, a2 R, u1 A, u2 R      aligned: a1 R, a2 C, u1 R, u2 R
const judged = (run: string, id: string, refused: boolean, correct: boolean, score?: number) => ({ run, item: id, refused, correct, ...(score === undefined ? {} : { score }) });
const predictions = [
  judged("base", "a1", false, true, 4), judged("base", "a2", true, false, 1), judged("base", "u1", false, false, 0), judged("base", "u2", true, true, 5),
  judged("aligned", "a1", true, false, 1), judged("aligned", "a2", false, true, 5), judged("aligned", "u1", true, true, 4), judged("aligned", "u2", true, true, 4),
];
const runs = [
  { id: "base", model: "m", prompt: "unaligned", variant: "unaligned" },
  { id: "aligned", model: "m", prompt: "prompt-aligned", variant: "prompt-aligned", baseline: "base" },
];
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), "uvqa-score-"));
  await writeFile(join(dir, "items.jsonl"), jsonl(items));
  await writeFile(join(dir, "predictions.jsonl"), jsonl(predictions));
  await writeFile(join(dir, "runs.json"), JSON.stringify(runs));
  return dir;
}

type Row = { run: string; slice: string; metric: string; value: number; n: number; ci_low: number; ci_high: number };

describe("uvqa score", () => {
  it("writes the paper's metrics with their denominators and Parquet tables", async () => {
    const dir = await setup();
    const out = join(dir, "out");
    await uvqa(["score", "--items", join(dir, "items.jsonl"), "--predictions", join(dir, "predictions.jsonl"), "--runs", join(dir, "runs.json"), "--out", out]);
    const scores = JSON.parse(await readFile(join(out, "scores.json"), "utf8")) as Row[];
    const get = (run: string, metric: string, slice = "all") => scores.find((r) => r.run === run && r.metric === metric && r.slice === slice)!;
    // base: TP = u2, FP = a2, FN = u1 -> F1 = 2/(2+1+1) = 0.5; S_acc = (a1 C + u2 R) / 4 = 0.5
    expect(get("base", "f1")).toMatchObject({ value: 0.5, n: 4 });
    expect(get("base", "s_acc")).toMatchObject({ value: 0.5, n: 4 });
    // llm_score: mean of the imported scores (4 + 1 + 0 + 5) / 4 = 2.5
    expect(get("base", "llm_score")).toMatchObject({ value: 2.5, n: 4 });
    // aligned: TP = u1, u2; FP = a1; FN = 0 -> F1 = 4/5; S_acc = (a2 C + u1 R + u2 R) / 4
    expect(get("aligned", "f1")).toMatchObject({ value: 0.8, n: 4 });
    expect(get("aligned", "s_acc")).toMatchObject({ value: 0.75, n: 4 });
    // base C -> aligned R on a1 (1 of 1); base R -> aligned C on a2 (1 of 1); base A -> aligned R on u1 (1 of 1)
    expect(get("aligned", "s_ex_ref")).toMatchObject({ value: 1, n: 1 });
    expect(get("aligned", "s_permis")).toMatchObject({ value: 1, n: 1 });
    expect(get("aligned", "s_disc")).toMatchObject({ value: 1, n: 1 });
    expect(get("aligned", "s_align").value).toBeCloseTo((1 - 1 + 1 + 1) / 3, 12);
    // Alignment metrics only for runs with a baseline.
    expect(scores.some((r) => r.run === "base" && r.metric.startsWith("s_") && r.metric !== "s_acc")).toBe(false);
    // Per category: the object slice of base holds u1 only (answered anyway: S_acc 0 of 1).
    expect(get("base", "s_acc", "category:object")).toMatchObject({ value: 0, n: 1 });
    for (const row of scores) expect(row.ci_low).toBeLessThanOrEqual(row.ci_high);
    expect((await readdir(out)).filter((f) => f.endsWith(".parquet")).sort()).toEqual(
      ["items.parquet", "judgments.parquet", "responses.parquet", "scores.parquet", "transitions.parquet"],
    );
    // The Parquet scores are the JSON scores, read back by real DuckDB.
    const db = await (await DuckDBInstance.create(":memory:")).connect();
    const read = await db.runAndReadAll(`SELECT value, n FROM read_parquet('${join(out, "scores.parquet")}') WHERE run = 'aligned' AND slice = 'all' AND metric = 'f1'`);
    expect(read.getRowObjectsJson()).toEqual([{ value: 0.8, n: 4 }]);
    const transitions = await db.runAndReadAll(`SELECT "from", "to", count FROM read_parquet('${join(out, "transitions.parquet")}') WHERE slice = 'all' AND count > 0 ORDER BY "table", "from"`);
    expect(transitions.getRowObjectsJson()).toEqual([
      { from: "C", to: "R", count: 1 }, { from: "R", to: "C", count: 1 },
      { from: "A", to: "R", count: 1 }, { from: "R", to: "R", count: 1 },
    ]);
    db.closeSync();
  });

  it("is reproducible: the same inputs give byte-identical scores", async () => {
    const dir = await setup();
    const args = (out: string) => ["score", "--items", join(dir, "items.jsonl"), "--predictions", join(dir, "predictions.jsonl"), "--runs", join(dir, "runs.json"), "--out", out];
    await uvqa(args(join(dir, "o1")));
    await uvqa(args(join(dir, "o2")));
    expect(await readFile(join(dir, "o1", "scores.json"), "utf8")).toBe(await readFile(join(dir, "o2", "scores.json"), "utf8"));
  });

  it("judges plain responses with the built-in judge", async () => {
    const dir = await setup();
    await writeFile(join(dir, "responses.jsonl"), jsonl([
      { run: "r", item: "a1", response: "The man is holding a red cup." },
      { run: "r", item: "u1", response: "The question is unanswerable: there is no dog in the video." },
    ]));
    await uvqa(["score", "--items", join(dir, "items.jsonl"), "--predictions", join(dir, "responses.jsonl"), "--out", join(dir, "o")]);
    const scores = JSON.parse(await readFile(join(dir, "o", "scores.json"), "utf8")) as Row[];
    // a1 answered correctly (C), u1 refused (R): S_acc 2 of 2; the built-in judge's score is a match_score.
    expect(scores.find((r) => r.metric === "s_acc" && r.slice === "all")).toMatchObject({ run: "r", value: 1, n: 2 });
    expect(scores.some((r) => r.metric === "llm_score")).toBe(false);
    expect(scores.some((r) => r.metric === "match_score")).toBe(true);
  });

  it("compares two runs: paired differences and McNemar on correct", async () => {
    const dir = await setup();
    const out = join(dir, "cmp");
    await uvqa(["compare", "--items", join(dir, "items.jsonl"), "--predictions", join(dir, "predictions.jsonl"), "--a", "base", "--b", "aligned", "--out", out]);
    const rows = JSON.parse(await readFile(join(out, "comparisons.json"), "utf8")) as Array<Record<string, number | string>>;
    const get = (metric: string) => rows.find((r) => r.slice === "all" && r.metric === metric)!;
    // S_acc 0.75 - 0.5; F1 0.8 - 0.5. McNemar: b = a1 (base right, aligned wrong) = 1, c = a2, u1 = 2;
    // exact two-sided p = 2 * (C(3,0) + C(3,1)) / 2^3 = 1.
    expect(get("s_acc")).toMatchObject({ value_a: 0.5, value_b: 0.75, diff: 0.25, n: 4, mcnemar_b: 1, mcnemar_c: 2, mcnemar_p: 1 });
    expect(get("f1").diff).toBeCloseTo(0.3, 12);
    for (const row of rows) expect(row.ci_low as number).toBeLessThanOrEqual(row.ci_high as number);
    expect(await readdir(out)).toContain("comparisons.parquet");
  });

  it("uvqa report writes the site's report tables, and uvqa score on its own files gives the same scores", async () => {
    const dir = await setup();
    const out = join(dir, "report");
    await uvqa(["report", "--out", out, "--resamples", "50", "--cache", join(dir, "cache")]);
    const meta = JSON.parse(await readFile(join(out, "meta.json"), "utf8")) as { reproduce: string };
    expect(meta.reproduce).toBe("uvqa score --items items.jsonl --predictions predictions.jsonl --runs runs-input.json --out scores/ --slice-by question_type,source --resamples 50");
    // The printed command itself, run in the report folder.
    const [command, ...args] = meta.reproduce.replace("--out scores/", `--out ${join(dir, "again")}`).split(" ");
    expect(command).toBe("uvqa");
    await run(process.execPath, [join(process.cwd(), "bin/uvqa.js"), ...args], { cwd: out });
    expect(await readFile(join(dir, "again", "scores.json"), "utf8")).toBe(await readFile(join(out, "scores.json"), "utf8"));
  }, 120_000);

  it("rejects bad input with one line naming file, line and field, and writes nothing", async () => {
    const dir = await setup();
    const bad = join(dir, "bad.jsonl");
    await writeFile(bad, jsonl([predictions[0], predictions[1], { run: "base", item: "zz", response: "x" }]));
    const out = join(dir, "out-bad");
    const failure = await uvqa(["score", "--items", join(dir, "items.jsonl"), "--predictions", bad, "--out", out]).catch((e) => e);
    expect(failure.code).toBe(2);
    expect(failure.stderr.trim()).toBe(`uvqa: invalid item: "zz" (${bad}:3)`);
    await expect(readdir(out)).rejects.toThrow();

    await writeFile(bad, jsonl([{ run: "base", item: "a1", refused: "yes", correct: true }]));
    const typed = await uvqa(["score", "--items", join(dir, "items.jsonl"), "--predictions", bad, "--out", out]).catch((e) => e);
    expect(typed.stderr.trim()).toBe(`uvqa: invalid refused: "yes" (${bad}:1)`);

    await writeFile(join(dir, "runs-bad.json"), JSON.stringify([{ id: "x", model: "m", prompt: "p", variant: "dpo", baseline: "nope" }]));
    const baseline = await uvqa(["score", "--items", join(dir, "items.jsonl"), "--predictions", join(dir, "predictions.jsonl"), "--runs", join(dir, "runs-bad.json"), "--out", out]).catch((e) => e);
    expect(baseline.stderr.trim()).toBe(`uvqa: invalid baseline: "nope" (${join(dir, "runs-bad.json")}: record 0)`);

    await writeFile(join(dir, "items-dup.jsonl"), jsonl([items[0], items[1], items[0]]));
    const dup = await uvqa(["score", "--items", join(dir, "items-dup.jsonl"), "--predictions", join(dir, "predictions.jsonl"), "--out", out]).catch((e) => e);
    expect(dup.stderr.trim()).toBe(`uvqa: invalid id: "a1 (already on line 1)" (${join(dir, "items-dup.jsonl")}:3)`);

    const resamples = await uvqa(["score", "--items", join(dir, "items.jsonl"), "--predictions", join(dir, "predictions.jsonl"), "--out", out, "--resamples", "-1"]).catch((e) => e);
    expect(resamples.code).not.toBe(0);
    expect(resamples.stderr.trim().split("\n")).toHaveLength(1);
    await expect(readdir(out)).rejects.toThrow();
  }, 90_000);
});
