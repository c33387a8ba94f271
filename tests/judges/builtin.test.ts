// The built-in judge: verdicts, reason_ok, imported judgments kept, failures recorded.
import { describe, expect, it } from "vitest";
import type { Prediction } from "../../loaders/items/records.ts";
import type { Item } from "../../loaders/items/schema.ts";
import { BUILTIN_JUDGE, BUILTIN_JUDGE_ID, judgeBuiltin, judgePredictions } from "../../loaders/judges/builtin.ts";
import { reasonTargets } from "../../loaders/judges/reason.ts";

const answerable: Item = { id: "a1", dataset: "t", category: "answerable", video: "v", question: "What color is the car?", reference: "The car is red." };
const object: Item = {
  id: "u1", dataset: "t", category: "object", video: "v", question: "What color is the baby basket the customer is looking at?",
  reference: "Unanswerable: there is no baby basket.",
  scene: { objects: ["customer", "door"], relations: ["customer looking at door"], triples: [], attributes: [], captions: [] },
  perturbation: { kind: "object", original: null, replaced_with: "baby basket", in_question: true },
};
const relation: Item = {
  id: "u2", dataset: "t", category: "relation", video: "v", question: "How many coffee cups is the waiter washing?", reference: "",
  scene: { objects: ["waiter", "coffee cup"], relations: ["waiter pouring into coffee cup"], triples: [], attributes: [], captions: [] },
  // The question was edited by hand after generation: "installing" is not in it, "washing" is.
  perturbation: { kind: "relation", original: "pouring into", replaced_with: "installing", in_question: false },
};

describe("judgeBuiltin", () => {
  it("has a name and a semver version", () => {
    expect(BUILTIN_JUDGE.name).toBe("builtin");
    expect(BUILTIN_JUDGE.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(BUILTIN_JUDGE_ID).toBe(`builtin@${BUILTIN_JUDGE.version}`);
  });

  it("an answer equal to the reference is correct, also when the question names another colour (issue 13, item 15)", () => {
    const item: Item = { id: "a9", dataset: "t", category: "answerable", video: "v",
      question: "The girl in pink opens the door and the boy walks in. What color is the shirt?", reference: "The shirt is white." };
    expect(judgeBuiltin(item, "The shirt is white.")).toEqual({ refused: false, correct: true, reason_ok: null, match_score: 5 });
  });

  it("answerable: correct when it answers and matches; a refusal is neither correct nor scored", () => {
    // answer words: {red} (the question holds "car"); "It is red." covers it: overlap 1, score 5
    expect(judgeBuiltin(answerable, "It is red.")).toEqual({ refused: false, correct: true, reason_ok: null, match_score: 5 });
    expect(judgeBuiltin(answerable, "It is blue.")).toMatchObject({ refused: false, correct: false });
    expect(judgeBuiltin(answerable, "The video does not show a car.")).toEqual({ refused: true, correct: false, reason_ok: null, match_score: 0 });
  });

  it("unanswerable: correct = refused; reason_ok when the refusal names the perturbed element", () => {
    expect(judgeBuiltin(object, "There is no baby basket in the video.")).toEqual({ refused: true, correct: true, reason_ok: true, match_score: 5 });
    expect(judgeBuiltin(object, "The question is unanswerable because the video is too dark.")).toEqual({ refused: true, correct: true, reason_ok: false, match_score: 3 });
    expect(judgeBuiltin(object, "The basket is brown.")).toEqual({ refused: false, correct: false, reason_ok: null, match_score: 0 });
  });

  it("reason_ok accepts the hand-edited question's own new word", () => {
    expect([...reasonTargets(relation)].sort()).toEqual(["install", "wash"]);
    expect(judgeBuiltin(relation, "The waiter is not washing any cups; this is unanswerable.").reason_ok).toBe(true);
    expect(judgeBuiltin(relation, "Unanswerable: the video does not show a bar.").reason_ok).toBe(false);
  });

  it("is deterministic", () => {
    expect(judgeBuiltin(object, "I can't see any basket.")).toEqual(judgeBuiltin(object, "I can't see any basket."));
  });
});

describe("judgePredictions", () => {
  const items = [answerable, object];

  it("judges responses into Judgment rows with score_kind match", () => {
    const rows = judgePredictions(items, [{ run: "r", item: "a1", response: "Red." }]);
    expect(rows).toEqual([{ run: "r", item: "a1", judge: BUILTIN_JUDGE_ID, refused: false, correct: true, score: 5, score_kind: "match", reason_ok: null, error: null }]);
  });

  it("keeps imported judgments: refused and correct given together, with an LLM score", () => {
    const p: Prediction = { run: "r", item: "u1", response: "whatever", refused: false, correct: false, score: 2 };
    expect(judgePredictions(new Map(items.map((i) => [i.id, i])), [p])).toEqual([
      { run: "r", item: "u1", judge: "imported", refused: false, correct: false, score: 2, score_kind: "llm", reason_ok: null, error: null },
    ]);
  });

  it("keeps uvqa judge output as it is: its judge name, match_score and recorded failures", () => {
    const judged = { run: "r", item: "a1", response: "Red.", refused: false, correct: true, match_score: 4, reason_ok: null, judge: "builtin@9.9.9", error: null } as Prediction;
    const failed = { run: "r", item: "u1", response: "x", refused: null, correct: null, score: null, judge: "llm@judge-v1+abc", error: "request failed" } as Prediction;
    expect(judgePredictions(items, [judged, failed])).toEqual([
      { run: "r", item: "a1", judge: "builtin@9.9.9", refused: false, correct: true, score: 4, score_kind: "match", reason_ok: null, error: null },
      { run: "r", item: "u1", judge: "llm@judge-v1+abc", refused: null, correct: null, score: null, score_kind: null, reason_ok: null, error: "request failed" },
    ]);
  });

  it("records a response that is missing as a failed judgment", () => {
    expect(judgePredictions(items, [{ run: "r", item: "a1" }])[0]).toMatchObject({ refused: null, correct: null, error: "no response to judge" });
  });

  it("names the unknown item, with the file and line when given", () => {
    expect(() => judgePredictions(items, [{ run: "r", item: "nope", response: "x" }])).toThrow('invalid item: "nope" (predictions: record 0)');
    expect(() => judgePredictions(items, [{ run: "r", item: "a1", response: "x" }, { run: "r", item: "nope", response: "x" }], { file: "p.jsonl", lineOf: (i) => i + 3 }))
      .toThrow('invalid item: "nope" (p.jsonl:4)');
  });
});
