import { describe, expect, it } from "vitest";
import { attributeClass, modifiedNoun } from "../../loaders/datasets/attributes.ts";
import { mentions } from "../../loaders/datasets/mentions.ts";
import { questionType } from "../../loaders/datasets/question-type.ts";

describe("mentions", () => {
  it("matches whole words without case, allowing simple plurals either way", () => {
    expect(mentions("How many Shot Glasses are there?", "shot glass")).toBe(true);
    expect(mentions("What is the baby holding?", "babies")).toBe(true);
    expect(mentions("Is the glassware clean?", "glass")).toBe(false);
  });

  it("ignores punctuation, articles and MOMA's 'unclassified' prefix", () => {
    expect(mentions("Is the girl in the red-ish jacket there?", "red-ish")).toBe(true);
    expect(mentions("Who is standing up from a squat?", "standing up from squat")).toBe(true);
    expect(mentions("What is the adult holding?", "unclassified adult")).toBe(true);
    expect(mentions("What is the waiter holding?", "unclassified adult")).toBe(false);
  });
});

describe("questionType", () => {
  it.each([
    ["What color is the bowl?", "what-color"],
    ["What is the color of the bowl?", "what-color"],
    ["How many cups are there?", "how-many"],
    ["How does the waiter pour?", "how"],
    ["In what manner does he pour?", "how"],
    ["Why does the light blink?", "why"],
    ["At what point does the car stop?", "when"],
    ["What is the waiter holding?", "what"],
    ["Can you describe the room?", "describe"],
    ["Is the door open?", "yes-no"],
    ['"Where is the cup?', "where"],
    ["In the sequence, how does the man react?", "how"],
    ["Tell me about it.", "other"],
  ])("%s -> %s", (question, type) => {
    expect(questionType(question)).toBe(type);
  });
});

describe("attributes", () => {
  it("classes attributes with a small table", () => {
    expect(attributeClass("red")).toBe("color");
    expect(attributeClass("reddish-brown")).toBe("color");
    expect(attributeClass("brown/red")).toBe("color");
    expect(attributeClass("striped")).toBe("pattern");
    expect(attributeClass("top")).toBe("position");
    expect(attributeClass("large")).toBe("size");
    expect(attributeClass("happy")).toBe("other");
  });

  it("finds the noun an attribute modifies", () => {
    expect(modifiedNoun("a red lamp flickers above the piano.", "red")).toBe("lamp");
    expect(modifiedNoun("a man wearing a red and white cap waves", "red")).toBe("cap");
    expect(modifiedNoun("the red race car moves away", "red")).toBe("car");
    expect(modifiedNoun("three blue plates go by", "blue")).toBe("plates");
    // No noun after it: the attribute describes the one before ("the boy in orange").
    expect(modifiedNoun("the boy in orange walks off the stage.", "orange")).toBe("boy");
    // A position names what it is a position of.
    expect(modifiedNoun("camera pans to top of tree", "top")).toBe("tree");
    expect(modifiedNoun("a dog runs", "purple")).toBeNull();
  });
});
