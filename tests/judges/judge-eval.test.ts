// The built-in judge's refusal detection on the public reference answers and the project's hard set.
// The figures asserted are what it reaches (docs/judges.md lists what it gets wrong).
import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runJudgeEval, formatReport } from "../../loaders/cli/judge-eval.ts";
import { HardCase, evaluateSet, hardCaseToLabelled } from "../../loaders/judges/validation.ts";
import { readJsonl } from "../../loaders/storage/jsonl.ts";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const dataDir = process.env.UVQA_TEST_DATA_DIR ?? resolve(repoRoot, "../shared/uvqa");
const hardset = join(repoRoot, "data/judge/hardset.jsonl");

describe("hard set", () => {
  it("has at least 150 hand-written responses covering the hard kinds, with unique ids", async () => {
    const rows = await readJsonl(hardset, HardCase);
    expect(rows.length).toBeGreaterThanOrEqual(150);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    const kinds = new Set(rows.map((r) => r.kind));
    for (const kind of ["negated-answer", "hedged-answer", "partial-refusal", "wrong-reason-refusal", "irrelevant-absence", "plain-refusal", "plain-answer"]) {
      expect(kinds).toContain(kind);
    }
  });
});

describe("evaluateSet", () => {
  it("counts accuracy, precision and recall of refused on a tiny hand-labelled set", () => {
    const row = (id: string, response: string, refused: boolean) => hardCaseToLabelled({ id, kind: "k", category: "answerable", question: "What is the dog doing?", response, refused });
    const report = evaluateSet("tiny", [
      row("1", "There is no dog in the video.", true), // TP
      row("2", "The dog is running.", false), // TN
      row("3", "The dog is running.", true), // FN (mislabelled on purpose)
      row("4", "It is unclear from the video.", false), // FP
    ]);
    expect([report.tp, report.tn, report.fn, report.fp]).toEqual([1, 1, 1, 1]);
    expect([report.accuracy, report.precision, report.recall]).toEqual([0.5, 0.5, 0.5]);
    expect(report.errors.map((e) => e.id)).toEqual(["3", "4"]);
  });
});

describe("judge-eval on the public data", () => {
  it("reaches the figures reported in docs/judges.md", async () => {
    const report = await runJudgeEval({ uvqa: dataDir, hardset });
    const [uvqa, vcg, hard] = report.sets;
    // UVQA reference refusals (positives): all 313 detected; reason_ok right on all of them.
    expect(uvqa!.n).toBe(313);
    expect(uvqa!.recall).toBe(1);
    expect(uvqa!.reason_ok.accuracy).toBe(1);
    // Video-ChatGPT reference answers (negatives): >= 0.97; the few errors are references that are
    // themselves refusals (a reference saying the video does not specify some detail).
    expect(vcg!.n).toBe(2555);
    expect(vcg!.accuracy).toBeGreaterThanOrEqual(0.997);
    expect(vcg!.errors.length).toBeLessThanOrEqual(5);
    // Hard set: >= 0.97 overall, but that includes the batches the rules were tuned on; the held-out
    // batches 3 and 5 (never tuned on) are lower, and they are the honest estimate for new phrasings.
    expect(hard!.n).toBe(310);
    expect(hard!.accuracy).toBeGreaterThanOrEqual(0.97);
    expect(hard!.by_group["batch 3"]!.accuracy).toBeGreaterThanOrEqual(0.85);
    // Batch 4: answers that name a colour while the question names another (issue 13, item 15), and
    // corrections of the question's own colour; batch 5: written after that fix, held out (28 of 30).
    expect(hard!.by_group["batch 4"]).toMatchObject({ n: 20, accuracy: 1 });
    expect(hard!.by_group["batch 5"]).toMatchObject({ n: 30, accuracy: 28 / 30 });
    expect(formatReport(report)).toContain("uvqa-reference-refusals");
  });

  it("runs as a command, prints the table and writes the JSON report", async () => {
    const out = join(await mkdtemp(join(tmpdir(), "uvqa-judge-eval-")), "report.json");
    const { stdout } = await promisify(execFile)("node", ["bin/uvqa.js", "judge-eval", "--uvqa", dataDir, "--out", out], { cwd: repoRoot });
    expect(stdout).toMatch(/^judge: builtin@\d+\.\d+\.\d+\n/);
    expect(stdout).toMatch(/uvqa-reference-refusals\s+313\s+1\.000\s+1\.000\s+1\.000/);
    const json = JSON.parse(await readFile(out, "utf8")) as { sets: Array<{ name: string }> };
    expect(json.sets.map((s) => s.name)).toEqual(["uvqa-reference-refusals", "vcgbench-reference-answers", "hardset"]);
  });
});
