// Answer matching: the overlap rule and its threshold; numbers, colours, entities and yes/no must agree.
import { describe, expect, it } from "vitest";
import { KEY_CAP, MATCH_THRESHOLD, conflictsOf, matchAnswer } from "../../loaders/judges/match.ts";
import { coloursIn, contentStems, numberOf, numbersIn, stem } from "../../loaders/judges/normalize.ts";

describe("normalize", () => {
  it("stems both sides alike and reads numbers", () => {
    expect(["washing", "washes", "wash"].map(stem)).toEqual(["wash", "wash", "wash"]);
    expect(["running", "chopped", "babies"].map(stem)).toEqual(["run", "chop", "baby"]);
    expect([...numbersIn("three dogs, 4 cats and the red one")]).toEqual([3, 4]);
    expect(contentStems("The man is wearing a crimson shirt")).toEqual(["man", "wear", "red", "shirt"]);
  });
});

describe("word tables", () => {
  it("a word that names a property of Object.prototype is no number and no colour (fixed in builtin@1.1.1)", () => {
    for (const word of ["constructor", "valueof", "tostring", "hasownproperty"]) {
      expect(numberOf(word)).toBeNull();
      expect([...coloursIn(`the ${word} stands there`)]).toEqual([]);
      expect([...numbersIn(`a ${word} and two dogs`)]).toEqual([2]);
      expect(contentStems(`the ${word}`)).toEqual([stem(word)]);
    }
    // Before the fix, the reference's "constructor" was read as a number that "two" disagreed with.
    expect(conflictsOf("Who is by the car?", "The constructor.", "Two workers.")).toEqual([]);
  });
});

describe("matchAnswer", () => {
  it("uses the reference's answer words: those the question does not already hold", () => {
    const m = matchAnswer("What is the man slicing?", "The man is slicing tomatoes.", "Tomatoes.");
    expect(m.key).toEqual(["tomato"]);
    expect(m.overlap).toBe(1);
    expect(m.correct).toBe(true);
  });

  it("applies the threshold: half of the answer words (at most KEY_CAP of them)", () => {
    expect(MATCH_THRESHOLD).toBe(0.5);
    const q = "What does the woman do?";
    const ref = "She opens the fridge and takes out milk.";
    // answer words: open, fridge, take, milk -> 2 of 4 = 0.5 (correct), 1 of 4 = 0.25 (not)
    expect(matchAnswer(q, ref, "She opens the fridge.").overlap).toBe(0.5);
    expect(matchAnswer(q, ref, "She opens the fridge.").correct).toBe(true);
    expect(matchAnswer(q, ref, "She opens a window.").overlap).toBe(0.25);
    expect(matchAnswer(q, ref, "She opens a window.").correct).toBe(false);
    const long = "one two three four five six seven eight nine ten".split(" ").map((w) => `${w}x`).join(" ");
    expect(matchAnswer("What?", long, "onex twox threex fourx").overlap).toBe(4 / KEY_CAP);
  });

  it("numbers must agree", () => {
    expect(conflictsOf("How many dogs are there?", "There are three dogs.", "Four dogs.")).toEqual(["number: 3 vs 4"]);
    expect(matchAnswer("How many dogs are there?", "There are three dogs.", "3 dogs.").correct).toBe(true);
    expect(matchAnswer("How many dogs are there?", "There are three dogs.", "Several dogs.").correct).toBe(false);
  });

  it("colours must agree (shades of one family agree)", () => {
    expect(matchAnswer("What color is the shirt?", "The shirt is red.", "Blue.").correct).toBe(false);
    expect(matchAnswer("What color is the shirt?", "The shirt is red.", "It is crimson.").correct).toBe(true);
    expect(conflictsOf("What is he wearing?", "A red shirt and blue jeans.", "A red shirt and black jeans.")).toEqual(["colour: red/blue vs red/black"]);
  });

  it("named entities, opposite pairs and yes/no must agree", () => {
    expect(conflictsOf("Who jumps?", "Anna Lindqvist from Norway jumps.", "Maria Delgado from Chile jumps.")[0]).toMatch(/^entity:/);
    expect(conflictsOf("Who is playing?", "A woman is playing the piano.", "A man is playing the piano.")).toEqual(["opposite: woman vs man"]);
    expect(matchAnswer("Is the man wearing a hat?", "Yes, he wears a cap.", "No.").correct).toBe(false);
    expect(matchAnswer("Is the man wearing a hat?", "Yes, he wears a cap.", "Yes.").correct).toBe(true);
  });

  it("match_score stays in 0..5, rises with overlap, and is at most 1 with a conflict", () => {
    const q = "What does the woman do?";
    const ref = "She opens the fridge and takes out milk.";
    const scores = ["She sings.", "She opens a door.", "She opens the fridge.", "She opens the fridge and takes milk.", "She opens the fridge and takes out the milk."]
      .map((r) => matchAnswer(q, ref, r).match_score);
    expect(scores).toEqual([0, 1.25, 2.5, 5, 5]);
    for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeGreaterThanOrEqual(scores[i - 1]!);
    expect(matchAnswer("How many dogs?", "Three dogs run.", "Four dogs run.").match_score).toBeLessThanOrEqual(1);
  });
});
