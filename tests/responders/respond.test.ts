import { describe, expect, it } from "vitest";
import { asksToRefuse, respond } from "../../loaders/responders/respond.ts";
import type { Scene } from "../../loaders/items/schema.ts";

const PAPER = "If the question cannot be answered using the video content, state that it is unanswerable and provide a reason.";

// A hand-written scene: a woman on a bench in a park.
const scene: Scene = {
  objects: ["woman", "umbrella", "bench", "dog", "apple", "table"],
  relations: ["woman holding umbrella", "woman sitting on bench", "dog running", "apple on table"],
  triples: [
    { subject: "woman", predicate: "holding", object: "umbrella" },
    { subject: "woman", predicate: "sitting on", object: "bench" },
    { subject: "dog", predicate: "running", object: null },
    { subject: "apple", predicate: "on", object: "table" },
  ],
  attributes: [
    { object: "umbrella", attribute: "red", class: "colour" },
    { object: "bench", attribute: "wood", class: "material" },
    { object: "apple", attribute: "three", class: "count" },
  ],
  captions: ["A woman sits on a bench holding a red umbrella while a dog runs by."],
};

const unaligned = (question: string) => respond({ question, scene });
const aligned = (question: string) => respond({ question, scene, instruction: PAPER });
const refuses = (text: string) => /unanswerable/.test(text);

describe("respond without an instruction (unaligned)", () => {
  it("answers from the facts", () => {
    expect(unaligned("What is the woman holding?")).toBe("The woman is holding the umbrella.");
    expect(unaligned("What colour is the umbrella that the woman is holding?")).toBe("The umbrella is red.");
    expect(unaligned("What is the bench made of?")).toBe("The bench is made of wood.");
    expect(unaligned("What is the dog doing?")).toBe("The dog is running.");
    expect(unaligned("How many apples are on the table?")).toBe("There are three apples on the table.");
    expect(unaligned("Where are the apples?")).toBe("The apples are on the table.");
    expect(unaligned("Who is holding the umbrella?")).toBe("The woman is holding the umbrella.");
  });

  it("hallucinates an answer when the question names what the video lacks", () => {
    expect(unaligned("What colour is the bicycle that the woman is holding?")).toBe("The bicycle is red.");
    expect(unaligned("How many oranges are on the table?")).toBe("There are three oranges on the table.");
    expect(unaligned("What is the man sitting on?")).toBe("The man is sitting on the bench.");
    expect(unaligned("Why is the dog swimming?")).toBe("The dog is running.");
    expect(refuses(unaligned("What is the woman doing with the green umbrella?"))).toBe(false);
  });

  it("answers yes/no and is-there questions", () => {
    expect(unaligned("Is there a dog in the video?")).toBe("Yes, there is a dog in the video.");
    expect(unaligned("Is the woman holding the umbrella?")).toBe("Yes, the woman is holding the umbrella.");
    expect(unaligned("Is the woman throwing the umbrella?")).toBe("No, the woman is holding the umbrella.");
  });
});

describe("respond under the paper's instruction (prompt-aligned)", () => {
  it("recognises a refusal instruction by its content", () => {
    expect(asksToRefuse(PAPER)).toBe(true);
    expect(asksToRefuse("Say if the question can't be answered.")).toBe(true);
    expect(asksToRefuse("Answer briefly.")).toBe(false);
    expect(asksToRefuse(null)).toBe(false);
  });

  it("refuses a question about an absent object, naming it", () => {
    const text = aligned("What colour is the bicycle that the woman is holding?");
    expect(text).toMatch(/unanswerable/);
    expect(text).toContain("there is no bicycle");
    expect(aligned("How many oranges are on the table?")).toContain("no orange");
  });

  it("refuses a relation that does not hold, naming it and the true one", () => {
    expect(aligned("Who is throwing the umbrella?")).toContain("the woman is not throwing the umbrella; the woman is holding the umbrella");
    expect(aligned("Why is the dog swimming?")).toContain("the dog is not swimming");
    expect(aligned("Why are the apples under the table?")).toContain("not under the table");
  });

  it("refuses an attribute that does not match, naming it", () => {
    expect(aligned("What is the woman doing with the green umbrella?")).toContain("the umbrella is not green; it is red");
  });

  it("does not refuse answerable questions", () => {
    for (const question of ["What is the woman holding?", "What colour is the umbrella that the woman is holding?", "What is the dog doing?",
      "What is the woman sitting on?", "How many apples are on the table?", "What is the woman doing with the red umbrella?"]) {
      expect(aligned(question)).toBe(unaligned(question));
      expect(refuses(aligned(question))).toBe(false);
    }
  });

  it("answers a yes/no question about a false relation with no rather than refusing", () => {
    expect(aligned("Is the woman throwing the umbrella?")).toBe("No, the woman is holding the umbrella.");
  });
});
