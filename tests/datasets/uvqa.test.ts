import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { readUvqaDir, readUvqaFile } from "../../loaders/datasets/uvqa.ts";
import { Item } from "../../loaders/items/schema.ts";
import { attributeRecord, didemoMoments, objectListRecord, objectPairRecord, relationRecord, tempDir, writeJson } from "./fixtures.ts";

describe("readUvqaFile: object", () => {
  it("recovers the scene and the perturbation from a prompt with an object list", async () => {
    const file = await writeJson(await tempDir(), "eval_object.json", [objectListRecord()]);
    const [item] = await readUvqaFile(file, "object");
    expect(item).toEqual({
      id: "uvqa/object/0",
      dataset: "uvqa",
      category: "object",
      video: "kitchen01",
      question: "What color is the whisk the cook is holding?",
      reference: "It cannot be answered: the video does not show that.",
      question_type: "what-color",
      source: "moma-lrg",
      scene: {
        objects: ["cook", "ladle", "chef's pot"],
        relations: ["cook holding ladle", "cook looking at chef's pot", "cook walking"],
        triples: [
          { subject: "cook", predicate: "holding", object: "ladle" },
          { subject: "cook", predicate: "looking at", object: "chef's pot" },
          { subject: "cook", predicate: "walking", object: null },
        ],
        attributes: [],
        captions: [],
      },
      perturbation: { kind: "object", original: null, replaced_with: "whisk", fact: "cook holding whisk", in_question: true },
    });
    expect(Item.parse(item)).toEqual(item);
  });

  it("reads the one-relation prompt, which names the replaced object", async () => {
    const file = await writeJson(await tempDir(), "eval_object.json", [objectPairRecord()]);
    const [item] = await readUvqaFile(file, "object");
    expect(item!.scene).toMatchObject({ objects: ["cook", "stove"], relations: ["cook behind stove"] });
    expect(item!.perturbation).toEqual({ kind: "object", original: "stove", replaced_with: "fridge", fact: "cook behind fridge", in_question: true });
    expect(item!.question_type).toBe("how");
    expect(item!.flags).toBeUndefined();
  });

  it("flags an edited question and an unparsed relation, keeping the item", async () => {
    const prompt = objectPairRecord().prompt.replace("\ncook behind stove\n", "\ncook frobnicating stove\n");
    const file = await writeJson(await tempDir(), "eval_object.json", [objectPairRecord({ prompt, new_question: "How tall is the cupboard?" })]);
    const [item] = await readUvqaFile(file, "object");
    expect(item!.flags).toEqual(["edited-question", "unparsed-relation"]);
    expect(item!.perturbation?.in_question).toBe(false);
    expect(item!.scene?.relations).toEqual(["cook frobnicating stove"]);
    expect(item!.scene?.triples).toEqual([]);
  });

  it("parses relations between the listed objects whatever the predicate (passive ones)", async () => {
    const prompt = objectListRecord().prompt.replace("'cook walking'", "'ladle hung above cook', 'cook walking'");
    const file = await writeJson(await tempDir(), "eval_object.json", [objectListRecord({ prompt })]);
    const [item] = await readUvqaFile(file, "object");
    expect(item!.flags).toBeUndefined();
    expect(item!.scene?.triples).toContainEqual({ subject: "ladle", predicate: "hung above", object: "cook" });
  });

  it("names the prompt when neither wording is in it", async () => {
    const file = await writeJson(await tempDir(), "eval_object.json", [objectListRecord(), objectListRecord({ prompt: "no facts" })]);
    await expect(readUvqaFile(file, "object")).rejects.toHaveProperty("message", `invalid prompt: "no facts" (${file}: record 1)`);
  });
});

describe("readUvqaFile: relation", () => {
  it("finds the true predicate between the same subject and object", async () => {
    const file = await writeJson(await tempDir(), "eval_relation.json", [relationRecord()]);
    const [item] = await readUvqaFile(file, "relation");
    expect(item!.id).toBe("uvqa/relation/0");
    expect(item!.scene).toEqual({
      objects: ["cook", "pot", "waiter"],
      relations: ["cook holding pot", "cook looking at pot", "waiter walking"],
      triples: [
        { subject: "cook", predicate: "holding", object: "pot" },
        { subject: "cook", predicate: "looking at", object: "pot" },
        { subject: "waiter", predicate: "walking", object: null },
      ],
      attributes: [],
      captions: [],
    });
    expect(item!.perturbation).toEqual({ kind: "relation", original: "holding", replaced_with: "lifting", fact: "cook lifting pot", in_question: true });
    expect(item!.flags).toBeUndefined();
  });

  it("handles intransitive swaps, discontinuous predicates and swaps with no true counterpart", async () => {
    const file = await writeJson(await tempDir(), "eval_relation.json", [
      relationRecord({ generated_relation: "waiter  running", new_question: "How fast is the waiter running?" }),
      relationRecord({ generated_relation: "cook  carrying  on their back pot", new_question: "Why is the cook carrying the pot on their back?" }),
      relationRecord({ generated_relation: "cook  kicking  door", new_question: "Which door does the cook kick?" }),
    ]);
    const [running, carrying, kicking] = await readUvqaFile(file, "relation");
    expect(running!.perturbation).toMatchObject({ original: "walking", replaced_with: "running", fact: "waiter running" });
    // "carrying" ... "on their back" counts as mentioned even with the object in between.
    expect(carrying!.perturbation).toEqual({
      kind: "relation",
      original: "holding",
      replaced_with: "carrying on their back",
      fact: "cook carrying on their back pot",
      in_question: true,
    });
    expect(kicking!.perturbation).toMatchObject({ original: null, replaced_with: "kicking", in_question: false });
    expect(kicking!.flags).toEqual(["edited-question"]);
  });

  it("flags a predicate replaced by itself", async () => {
    const file = await writeJson(await tempDir(), "eval_relation.json", [
      relationRecord({ generated_relation: "cook  looking at  pot", new_question: "What is the cook looking at?" }),
    ]);
    const [item] = await readUvqaFile(file, "relation");
    expect(item!.perturbation).toMatchObject({ original: "looking at", replaced_with: "looking at" });
    expect(item!.flags).toEqual(["self-swap"]);
  });

  it("learns predicates from the file's double-spaced relations before parsing the true ones", async () => {
    const file = await writeJson(await tempDir(), "eval_relation.json", [
      relationRecord({ orig_relation: ["cook stirring soup"], generated_relation: "cook  tasting  soup", new_question: "Is the cook tasting the soup?" }),
      relationRecord({ orig_relation: ["cook holding pot"], generated_relation: "cook  stirring  pot", new_question: "Why is the cook stirring the pot?" }),
      relationRecord({ orig_relation: ["waiter blorping"], generated_relation: "cook  holding  pot", new_question: "Why is the cook holding the pot?" }),
    ]);
    const [tasting, stirring, unknown] = await readUvqaFile(file, "relation");
    expect(tasting!.scene?.triples).toEqual([{ subject: "cook", predicate: "stirring", object: "soup" }]);
    expect(tasting!.flags).toBeUndefined();
    expect(stirring!.perturbation?.original).toBe("holding");
    expect(unknown!.flags).toEqual(["unparsed-relation"]);
    expect(unknown!.perturbation?.original).toBeNull();
  });

  it("parses a true relation whose predicate no lexicon lists when both ends are scene objects", async () => {
    const file = await writeJson(await tempDir(), "eval_relation.json", [
      // The swapped relation names cook and pot; "covered by" (passive) is in no lexicon.
      relationRecord({ orig_relation: ["cook blorping pot", "pot covered by lid", "cook next to lid"], generated_relation: "cook  holding  pot", new_question: "Why is the cook holding the pot?" }),
    ]);
    const [item] = await readUvqaFile(file, "relation");
    expect(item!.flags).toBeUndefined();
    expect(item!.scene?.triples).toEqual([
      { subject: "cook", predicate: "blorping", object: "pot" },
      { subject: "pot", predicate: "covered by", object: "lid" },
      { subject: "cook", predicate: "next to", object: "lid" },
    ]);
    expect(item!.perturbation?.original).toBe("blorping");
  });

  it("rejects a relation list that is not a list", async () => {
    const file = await writeJson(await tempDir(), "eval_relation.json", [relationRecord({ orig_relation: "cook holding pot" })]);
    await expect(readUvqaFile(file, "relation")).rejects.toHaveProperty("message", `invalid orig_relation: "cook holding pot" (${file}: record 0)`);
  });
});

describe("readUvqaFile: attribute", () => {
  it("builds attributes and captions, adding the video's other DiDeMo captions when the file is beside it", async () => {
    const dir = await tempDir();
    const file = await writeJson(dir, "eval_attribute.json", [attributeRecord(), attributeRecord({ vid: "1234@N00_5678_abcdef." })]);
    await writeJson(dir, "didemo_test_data.json", didemoMoments());
    const [item, truncated] = await readUvqaFile(file, "attribute");
    expect(item).toMatchObject({
      id: "uvqa/attribute/0",
      category: "attribute",
      source: "didemo",
      video: "1234@N00_5678_abcdef.mov",
      question_type: "how",
      scene: {
        objects: ["kite"],
        attributes: [{ object: "kite", attribute: "blue", class: "color" }],
        // The DiDeMo copy of the true caption differs only by its full stop: not repeated.
        captions: ["a blue kite flies over the hill.", "a dog chases the kite."],
      },
      perturbation: {
        kind: "attribute",
        original: "blue",
        replaced_with: "orangeish",
        fact: "a orangeish kite flies over the hill.",
        in_question: true,
      },
    });
    // A `vid` that lost its extension still finds its captions.
    expect(truncated!.scene?.captions).toEqual(["a blue kite flies over the hill.", "a dog chases the kite."]);
  });

  it("has only the true caption without a DiDeMo file, or when told to skip it", async () => {
    const dir = await tempDir();
    const file = await writeJson(dir, "eval_attribute.json", [attributeRecord()]);
    expect((await readUvqaFile(file, "attribute"))[0]!.scene?.captions).toEqual(["a blue kite flies over the hill."]);
    await writeJson(dir, "didemo_test_data.json", didemoMoments());
    expect((await readUvqaFile(file, "attribute", { didemo: null }))[0]!.scene?.captions).toEqual(["a blue kite flies over the hill."]);
  });

  it("flags exact duplicates with the id of the first, and edited questions", async () => {
    const file = await writeJson(await tempDir(), "eval_attribute.json", [
      attributeRecord(),
      attributeRecord({ new_question: "What is the red kite doing?" }),
      attributeRecord(),
    ]);
    const items = await readUvqaFile(file, "attribute");
    expect(items.map((i) => i.flags)).toEqual([undefined, ["edited-question"], ["duplicate-question:uvqa/attribute/0"]]);
  });
});

describe("bad records", () => {
  it("names the field, the value and the record", async () => {
    const file = await writeJson(await tempDir(), "x.json", [objectListRecord(), objectListRecord({ new_question: 42 })]);
    await expect(readUvqaFile(file, "object")).rejects.toHaveProperty("message", `invalid new_question: 42 (${file}: record 1)`);
  });

  it("reports a missing field as undefined and an empty one as empty", async () => {
    const dir = await tempDir();
    const { vid: _, ...noVid } = relationRecord();
    const missing = await writeJson(dir, "missing.json", [noVid]);
    await expect(readUvqaFile(missing, "relation")).rejects.toHaveProperty("message", `invalid vid: undefined (${missing}: record 0)`);
    const empty = await writeJson(dir, "empty.json", [attributeRecord({ generated_attributes: " " })]);
    await expect(readUvqaFile(empty, "attribute")).rejects.toHaveProperty("message", `invalid generated_attributes: " " (${empty}: record 0)`);
  });

  it("rejects a file that is not an array, or not JSON", async () => {
    const dir = await tempDir();
    const object = await writeJson(dir, "eval_object.json", { vid: "v" });
    await expect(readUvqaFile(object, "object")).rejects.toHaveProperty("message", `invalid records: {"vid":"v"} (${object})`);
    await expect(readUvqaFile(join(dir, "nope.json"), "object")).rejects.toHaveProperty("message", `no such file: ${join(dir, "nope.json")}`);
  });

  it("exits with code 2", async () => {
    const file = await writeJson(await tempDir(), "x.json", [{}]);
    await expect(readUvqaFile(file, "object")).rejects.toMatchObject({ name: "UvqaError", exitCode: 2 });
  });
});

describe("readUvqaDir", () => {
  it("reads the files the folder holds and counts warnings per flag", async () => {
    const dir = await tempDir();
    await writeJson(dir, "eval_relation.json", [relationRecord(), relationRecord({ generated_relation: "cook  looking at  pot", new_question: "Why?" })]);
    await writeJson(dir, "eval_attribute.json", [attributeRecord(), attributeRecord()]);
    const { items, warnings, files } = await readUvqaDir(dir);
    expect(files).toEqual([join(dir, "eval_relation.json"), join(dir, "eval_attribute.json")]);
    expect(items.map((i) => i.id)).toEqual(["uvqa/relation/0", "uvqa/relation/1", "uvqa/attribute/0", "uvqa/attribute/1"]);
    expect(warnings).toEqual({ "edited-question": 1, "self-swap": 1, "duplicate-question": 1 });
  });

  it("fails on a folder with none of the files", async () => {
    const dir = await tempDir();
    await expect(readUvqaDir(dir)).rejects.toHaveProperty("message", 
      `no UVQA files in ${dir} (expected one of eval_object.json, eval_relation.json, eval_attribute.json)`,
    );
  });
});
