// The readers over the public UVQA and Video-ChatGPT benchmark files (read in place, never copied).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { countFlags, readUvqaDir, readVcgbenchDir } from "../../loaders/datasets/index.ts";
import { Item } from "../../loaders/items/schema.ts";

import { dataDir as dir, skipWithoutPublicData } from "../public-data.ts";

const present = !skipWithoutPublicData("eval_object.json");

describe.skipIf(!present)(`public UVQA files in ${dir}`, async () => {
  const { items, warnings, files } = present ? await readUvqaDir(dir) : { items: [], warnings: {}, files: [] };
  const of = (category: string) => items.filter((item) => item.category === category);

  it("reads every record of the three files as a valid item", () => {
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(["eval_object.json", "eval_relation.json", "eval_attribute.json"]);
    expect([of("object").length, of("relation").length, of("attribute").length]).toEqual([164, 73, 76]);
    for (const item of items) Item.parse(item);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(new Set(of("object").map((i) => i.source))).toEqual(new Set(["moma-lrg"]));
    expect(new Set(of("attribute").map((i) => i.source))).toEqual(new Set(["didemo"]));
  });

  it("recovers the scene facts of known records", () => {
    // Sentences are compared with the records read in place, never copied into this file.
    const raw = (name: string, index: number) => (JSON.parse(readFileSync(resolve(dir, name), "utf8")) as Array<Record<string, unknown>>)[index]!;
    const rawRelation = raw("eval_relation.json", 0);
    const rawAttribute = raw("eval_attribute.json", 0);
    const first = items.find((i) => i.id === "uvqa/object/0")!;
    expect(first.scene?.objects).toContain("receptionist");
    expect(first.perturbation).toMatchObject({ kind: "object", replaced_with: "baby basket", original: null });
    // Every object record has its related relations; the one-relation wording (54 records) names the replaced object.
    expect(of("object").every((i) => i.scene!.relations.length > 0)).toBe(true);
    expect(of("object").filter((i) => i.perturbation!.original !== null).length).toBe(54);
    const relation = items.find((i) => i.id === "uvqa/relation/0")!;
    expect(relation.perturbation).toMatchObject({ original: "pouring into", replaced_with: "installing", fact: String(rawRelation.generated_relation).split(/\s+/).join(" ") });
    expect(relation.perturbation!.fact).toContain(" installing ");
    expect(relation.scene?.triples).toContainEqual({ subject: "waiter", predicate: "pouring into", object: "shot glass" });
    const discontinuous = items.find((i) => i.id === "uvqa/relation/5")!;
    expect(discontinuous.perturbation).toMatchObject({ original: "sitting on", replaced_with: "carrying on their back" });
    const attribute = items.find((i) => i.id === "uvqa/attribute/0")!;
    expect(attribute.scene?.attributes).toEqual([{ object: "light", attribute: "red", class: "color" }]);
    // The true caption first, then the video's other DiDeMo descriptions.
    expect(attribute.scene!.captions[0]).toBe(rawAttribute.orig_relation);
    expect(attribute.scene!.captions[0]).toMatch(/\bred light\b/);
    expect(attribute.scene!.captions.length).toBeGreaterThan(1);
  });

  it("parses nearly every relation into a triple", () => {
    const relations = items.reduce((n, i) => n + (i.scene?.relations.length ?? 0), 0);
    const triples = items.reduce((n, i) => n + (i.scene?.triples.length ?? 0), 0);
    const rate = triples / relations;
    console.info(`relation strings parsed into triples: ${triples}/${relations} (${(100 * rate).toFixed(1)}%)`);
    expect(relations).toBeGreaterThan(1000);
    expect(rate).toBeGreaterThan(0.95);
  });

  it("flags the known quirks", () => {
    console.info(`flags: ${JSON.stringify(warnings)}`);
    expect(warnings).toEqual(countFlags(items));
    expect(countFlags(of("attribute"))["duplicate-question"]).toBe(19);
    expect(countFlags(of("object"))["duplicate-question"]).toBeUndefined();
    expect(countFlags(of("relation"))["self-swap"]).toBe(4);
    // Hand-edited questions: about 1 in 5 object records, 1 in 2 relation records (UVQA README).
    const edited = (c: string) => countFlags(of(c))["edited-question"]! / of(c).length;
    expect(edited("object")).toBeGreaterThan(0.1);
    expect(edited("object")).toBeLessThan(0.3);
    expect(edited("relation")).toBeGreaterThan(0.35);
    expect(edited("relation")).toBeLessThan(0.65);
    // A duplicate points at an earlier item with the same video and question.
    for (const item of of("attribute")) {
      const flag = item.flags?.find((f) => f.startsWith("duplicate-question:"));
      if (!flag) continue;
      const first = items.find((i) => i.id === flag.split(":")[1])!;
      expect([first.video, first.question]).toEqual([item.video, item.question]);
    }
  });

  it("gives every item a question type", () => {
    expect(items.every((i) => typeof i.question_type === "string")).toBe(true);
    expect(items.filter((i) => i.question_type === "what-color").length).toBeGreaterThan(50);
  });
});

describe.skipIf(skipWithoutPublicData("vcgbench_generic_qa.json"))("public Video-ChatGPT benchmark files", () => {
  it("reads 1460 generic, 365 temporal and 730 consistency items", async () => {
    const { items, files } = await readVcgbenchDir(dir);
    expect(files.length).toBe(3);
    const count = (type: string) => items.filter((i) => i.question_type === type).length;
    expect([count("generic"), count("temporal"), count("consistency")]).toEqual([1460, 365, 730]);
    expect(items.every((i) => i.category === "answerable" && i.dataset === "vcgbench" && i.source === "activitynet")).toBe(true);
    expect(items.find((i) => i.id === "vcgbench/consistency/364/q2")).toBeDefined();
    for (const item of items) Item.parse(item);
  });
});
