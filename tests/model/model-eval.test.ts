// `uvqa model-eval` as a user runs it, on a small hand-written UVQA folder (two folds of cross-validation,
// one epoch each), and the scoring it rests on, on hand-made responses with figures worked out by hand.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Item } from "../../loaders/items/schema.ts";
import { TRAIN_EPOCHS } from "../../loaders/cli/model-eval.ts";
import { scoreModels, wilson } from "../../loaders/model/evaluate.ts";
import { foldOf } from "../../loaders/model/crossval.ts";
import { DEFAULT_FIT } from "../../loaders/model/train/fit.ts";
import { attributeRecord, objectListRecord, objectPairRecord, relationRecord, tempDir, writeJson } from "../datasets/fixtures.ts";
import { runCli } from "../inference/helpers.ts";

describe("wilson", () => {
  it("gives the Wilson score interval (5 of 10: 0.237 to 0.763) and 0 to 0 for no items", () => {
    const w = wilson(5, 10);
    expect(w.value).toBe(0.5);
    expect(w.ci_low).toBeCloseTo(0.2366, 4);
    expect(w.ci_high).toBeCloseTo(0.7634, 4);
    expect(wilson(0, 0)).toEqual({ k: 0, n: 0, value: 0, ci_low: 0, ci_high: 0 });
  });
});

describe("scoreModels", () => {
  it("judges each run's responses and counts refusals per category, twins and edited questions apart", () => {
    const item = (id: string, category: Item["category"], question: string, reference: string, flags?: string[]): Item =>
      ({ id, dataset: "t", category, video: "v", question, reference, ...(flags ? { flags } : {}) });
    const items = [
      item("o1", "object", "Why is the man holding the kite?", "No kite."),
      item("o2", "object", "Where is the kite?", "No kite.", ["edited-question"]),
      item("a1", "answerable", "What is the man holding?", "The man is holding a cup."),
      item("a2", "answerable", "What colour is the cup?", "The cup is red."),
    ];
    const refusal = "The question is unanswerable: there is no kite in the video.";
    const responses = new Map([
      // Both unanswerable refused (TP 2), one answerable refused (FP 1): F1 = 4 / 5; S_acc = 3 / 4.
      ["a", new Map([["o1", refusal], ["o2", refusal], ["a1", "The man is holding a cup."], ["a2", refusal]])],
      // Never refuses: F1 = 0; S_acc = 2 / 4 (both answers right).
      ["b", new Map([["o1", "He likes kites."], ["o2", "On the table."], ["a1", "The man is holding a cup."], ["a2", "The cup is red."]])],
    ]);
    const [a, b] = scoreModels(items, responses, { resamples: 0 });
    expect(a!.f1.value).toBeCloseTo(0.8, 10);
    expect(a!.s_acc.value).toBe(0.75);
    expect([a!.false_refusals.k, a!.false_refusals.n]).toEqual([1, 2]);
    expect([a!.refused.object!.k, a!.refused.object!.n, a!.edited.k, a!.edited.n, a!.as_generated.k, a!.as_generated.n]).toEqual([2, 2, 1, 1, 1, 1]);
    expect(b!.f1.value).toBe(0);
    expect(b!.s_acc.value).toBe(0.5);
    expect(b!.false_refusals.k).toBe(0);
  });
});

describe("uvqa model-eval", () => {
  it("prints both models side by side and the cross-validation, with every item held out once", async () => {
    const dir = await tempDir();
    await writeJson(dir, "eval_object.json", [objectListRecord(), objectPairRecord()]);
    await writeJson(dir, "eval_relation.json", [relationRecord()]);
    await writeJson(dir, "eval_attribute.json", [attributeRecord()]);
    const out = join(dir, "eval.json");
    const run = await runCli(["model-eval", "--uvqa", dir, "--folds", "2", "--cv-epochs", "1", "--resamples", "50", "--out", out]);
    expect(run.stderr.split("\n").filter((l) => l.startsWith("uvqa model-eval: fold"))).toHaveLength(2);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`uvqa model-eval: 8 public items from ${dir} (4 unanswerable, 0 of them edited-question; 4 answerable twins)`);
    expect(run.stdout).toMatch(/\nF1 +\d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] +\d\.\d{3} \[/);
    expect(run.stdout).toContain("cross-validation, 2 folds grouped by video");
    const report = JSON.parse(await readFile(out, "utf8"));
    expect(report.models.map((m: { run: string }) => m.run)).toEqual(["rule set", "learned model"]);
    expect(report.models[0].false_refusals.n).toBe(4);
    const folds = report.cross_validation.fold_sizes as Array<{ fold: number; items: number; videos: number }>;
    expect(folds.reduce((s, f) => s + f.items, 0)).toBe(8);
    expect(folds.reduce((s, f) => s + f.videos, 0)).toBe(4);
    expect(report.cross_validation.scores[1].false_refusals.n).toBe(4);
  }, 300_000);

  it("folds by video: a video's items are always in one fold", () => {
    expect(foldOf("kitchen01", 5)).toBe(foldOf("kitchen01", 5));
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 1000; i++) counts[foldOf(`video-${i}`, 5)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(150);
  });

  it("cross-validates with the epochs npm run train uses", () => {
    expect(TRAIN_EPOCHS).toBe(DEFAULT_FIT.epochs);
  });
});
