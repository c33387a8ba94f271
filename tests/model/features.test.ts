// The learned model's text features on a hand-written scene: the words line up with the shared grounding's,
// and each grounding feature fires where a reader would say it should.
import { describe, expect, it } from "vitest";
import type { Scene } from "../../loaders/items/schema.ts";
import { tokens } from "../../loaders/generate/words.ts";
import { tokenize } from "../../loaders/model/tokens.ts";
import { encode, batchOf, PAD, TOKEN_DIM, TOKEN_FEATURES, GLOBAL_DIM, WORD_FEATURES, MAX_TOKENS } from "../../loaders/model/features.ts";
import { modifiedNoun, oneEdit } from "../../loaders/model/facts.ts";

const scene: Scene = {
  objects: ["woman", "umbrella", "bench", "dog", "yoga mat", "wheelchair"],
  relations: ["woman holding umbrella", "woman sitting on bench", "dog running"],
  triples: [
    { subject: "woman", predicate: "holding", object: "umbrella" },
    { subject: "woman", predicate: "sitting on", object: "bench" },
    { subject: "dog", predicate: "running", object: null },
  ],
  attributes: [
    { object: "umbrella", attribute: "red", class: "colour" },
    { object: "yoga mat", attribute: "purple", class: "colour" },
  ],
  captions: ["A woman in a green and yellow coat sits on a bench."],
};

/** The named features that are on for each word of the question. */
function on(question: string): Record<string, string[]> {
  const e = encode(question, scene);
  const out: Record<string, string[]> = {};
  e.tokens.slice(0, e.length).forEach((t, i) => {
    out[t.lower] = WORD_FEATURES.filter((_, k) => e.x[i * TOKEN_DIM + k]! > 0 && !["position", "length", "last"].includes(WORD_FEATURES[k]!));
  });
  return out;
}

describe("tokenize", () => {
  it("gives the same words as the grounding's tokens(), with offsets into the question", () => {
    for (const q of ["What's the man's dog doing?", "Cup/glass? don't—x 3rd", "The boys' bikes' owner's hat", "Ünïcode café 's s"]) {
      const t = tokenize(q);
      expect(t.map((w) => w.lower)).toEqual(tokens(q));
      for (const w of t) expect(q.slice(w.start, w.end)).toBe(w.text);
    }
  });
});

describe("encode", () => {
  it("marks an absent thing, a typo of a fact word, a compound and a contradicted attribute", () => {
    expect(on("Why is the woman holding the pillow?").pillow).toEqual(expect.arrayContaining(["absent_phrase", "lex_object"]));
    expect(on("Why is the woman holding the pillow?").pillow).not.toContain("fact_word");
    expect(on("Why is the womn holding the umbrella?").womn).toContain("typo_of_fact");
    expect(on("Who pushes the wheel chair?").wheel).toContain("compound_of_fact");
    const blue = on("Why is the woman holding the blue umbrella?").blue;
    expect(blue).toEqual(expect.arrayContaining(["lex_attribute", "colour", "attribute_conflict"]));
    expect(on("Why is the woman holding the red umbrella?").red).toContain("attribute_supported");
    // The caption gives the coat its colours; a compound name takes its last word ("yoga mat").
    expect(on("Where is the woman in the grey coat?").grey).toContain("attribute_conflict");
    expect(on("Who is on the purple yoga mat?").purple).toContain("attribute_supported");
  });

  it("marks a verb no fact about the named things explains, and words after a negation", () => {
    expect(on("Why is the woman kicking the bench?").kicking).toContain("relation_unexplained");
    expect(on("Why is the woman holding the umbrella?").holding).not.toContain("relation_unexplained");
    expect(on("Is there no cat near the bench?").cat).toContain("after_negation");
  });

  it("reads at most MAX_TOKENS words and pads a batch with the mask value", () => {
    const long = encode(Array.from({ length: 60 }, () => "dog").join(" "), scene);
    expect(long.length).toBe(MAX_TOKENS);
    expect(long.tokens).toHaveLength(60);
    const short = encode("Where is the dog?", scene);
    const batch = batchOf([short, encode("Why is the woman holding the red umbrella?", scene)]);
    expect(batch.steps).toBe(8);
    expect(batch.tokens).toHaveLength(2 * 8 * TOKEN_DIM);
    expect(Array.from(batch.mask.slice(0, 8))).toEqual([0, 0, 0, 0, PAD, PAD, PAD, PAD]);
    expect(batch.global).toHaveLength(2 * GLOBAL_DIM);
    expect(TOKEN_FEATURES).toHaveLength(TOKEN_DIM);
  });

  it("is a pure function of the question and the scene", () => {
    const a = encode("Why is the womn holding the blue umbrella?", scene);
    const b = encode("Why is the womn holding the blue umbrella?", JSON.parse(JSON.stringify(scene)));
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    expect(Array.from(b.global)).toEqual(Array.from(a.global));
  });
});

describe("word helpers", () => {
  it("oneEdit accepts one insertion, deletion, substitution or swap, nothing more", () => {
    expect(["umbrela", "umbrellla", "umbrelly", "umbrlela"].map((w) => oneEdit(w, "umbrella"))).toEqual([true, true, true, true]);
    expect(["umbela", "brella", "umbrellas2"].map((w) => oneEdit(w, "umbrella"))).toEqual([false, false, false]);
  });
  it("modifiedNoun skips other attribute words and stops at a function word", () => {
    expect(modifiedNoun(["a", "green", "and", "yellow", "coat"], 1)).toBe(4);
    expect(modifiedNoun(["the", "purple", "yoga", "mat", "is"], 1, new Set(["yoga", "mat"]))).toBe(3);
    expect(modifiedNoun(["a", "red", "coat", "sits", "on"], 1, new Set(["coat"]))).toBe(2);
    expect(modifiedNoun(["is", "red", "the", "cup"], 1)).toBeUndefined();
  });
});
