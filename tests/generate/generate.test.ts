import { describe, expect, it } from "vitest";
import { generateItems } from "../../loaders/generate/generate.ts";
import { DEFAULT_SEED, SCENES_DIR, loadSampleItems, readSceneGraphs } from "../../loaders/generate/sample.ts";
import { defaultVocabulary } from "../../loaders/generate/vocabulary.ts";
import { CATEGORIES, Item } from "../../loaders/items/schema.ts";

const vocabulary = defaultVocabulary();
const graphs = await readSceneGraphs(SCENES_DIR);
const graphById = new Map(graphs.map((graph) => [graph.id, graph]));
// The generator's items (the hand-written part of the sample data is tested in hand-written.test.ts).
const items = await loadSampleItems({ handWritten: null });
const byId = new Map(items.map((item) => [item.id, item]));
const unanswerable = items.filter((item) => item.category !== "answerable");

describe("generateItems", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const a = generateItems(graphs, { seed: 3 });
    expect(generateItems(graphs, { seed: 3 })).toEqual(a);
    const b = generateItems(graphs, { seed: 4 });
    expect(b.map((item) => item.question)).not.toEqual(a.map((item) => item.question));
  });

  it("keeps a scene's items when other scenes are added or removed", () => {
    const alone = generateItems([graphs[5]!], { seed: 3 });
    expect(generateItems(graphs, { seed: 3 }).filter((item) => item.video === graphs[5]!.id)).toEqual(alone);
  });

  it("names ids <dataset>/<scene id>/<n>", () => {
    const custom = generateItems(graphs.slice(0, 1), { seed: 1, dataset: "mine" });
    custom.forEach((item, n) => {
      expect(item.id).toBe(`mine/${graphs[0]!.id}/${n}`);
      expect(item.dataset).toBe("mine");
    });
  });
});

describe("the default dataset (loadSampleItems)", () => {
  it("has about 300 to 500 valid items with unique ids and every category well represented", () => {
    expect(items.length).toBeGreaterThanOrEqual(300);
    expect(items.length).toBeLessThanOrEqual(520);
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    for (const item of items) {
      expect(Item.safeParse(item).success).toBe(true);
      expect(item.id).toMatch(new RegExp(`^sample/${item.video}/\\d+$`));
      expect(item.question_type).toBeTruthy();
      expect(item.scene!.captions).toEqual([graphById.get(item.video)!.caption]);
    }
    for (const category of CATEGORIES) {
      expect(items.filter((item) => item.category === category).length).toBeGreaterThanOrEqual(50);
    }
    expect(graphs.length).toBeGreaterThanOrEqual(36);
  });

  it("is the same for the default seed given explicitly", async () => {
    expect(await loadSampleItems({ seed: DEFAULT_SEED, handWritten: null })).toEqual(items);
  });

  it("pairs every unanswerable item with an answerable twin, both ways, about the same video", () => {
    for (const item of unanswerable) {
      const twin = byId.get(item.pair!)!;
      expect(twin.category).toBe("answerable");
      expect(twin.pair).toBe(item.id);
      expect(twin.video).toBe(item.video);
      expect(twin.question).not.toBe(item.question);
    }
    for (const item of items.filter((x) => x.pair)) expect(byId.get(item.pair!)!.pair).toBe(item.id);
  });

  it("does not repeat a question within a scene", () => {
    const keys = items.map((item) => `${item.video}|${item.question.toLowerCase()}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("object items: the replacement is absent from the scene, of the original's kind, and in the question", () => {
    for (const item of unanswerable.filter((x) => x.category === "object")) {
      const p = item.perturbation!;
      const graph = graphById.get(item.video)!;
      const original = graph.objects.find((o) => o.name === p.original)!;
      expect(original).toBeDefined();
      expect(item.scene!.objects).not.toContain(p.replaced_with);
      expect(vocabulary.kinds[original.kind]).toContain(p.replaced_with);
      expect(p.in_question).toBe(true);
      expect(item.question.toLowerCase()).toContain(p.replaced_with.split(" ")[0]);
      expect(p.fact).toContain(p.replaced_with);
    }
  });

  it("relation items: the replaced predicate comes from the original's group, differs, and does not hold", () => {
    for (const item of unanswerable.filter((x) => x.category === "relation")) {
      const p = item.perturbation!;
      expect(p.replaced_with).not.toBe(p.original);
      expect(Object.values(vocabulary.predicates).some((g) => g.members.includes(p.original!) && g.members.includes(p.replaced_with))).toBe(true);
      const triple = item.scene!.triples.find((t) => t.predicate === p.original && p.fact === `${t.subject} ${p.replaced_with}${t.object === null ? "" : ` ${t.object}`}`);
      expect(triple).toBeDefined();
      expect(item.scene!.triples.some((t) => t.subject === triple!.subject && t.object === triple!.object && t.predicate === p.replaced_with)).toBe(false);
      expect(item.question).toContain(p.replaced_with);
    }
  });

  it("attribute items: the replacement is another value of the same class, and the object has the original", () => {
    for (const item of unanswerable.filter((x) => x.category === "attribute")) {
      const p = item.perturbation!;
      const held = item.scene!.attributes.find((a) => a.attribute === p.original && p.fact!.includes(`${p.replaced_with} ${a.object}`))!;
      expect(held).toBeDefined();
      expect(p.replaced_with).not.toBe(p.original);
      expect(vocabulary.attributes[held.class!]).toContain(p.replaced_with);
      expect(item.scene!.attributes.some((a) => a.object === held.object && a.attribute === p.replaced_with)).toBe(false);
      expect(item.question).toContain(`${p.replaced_with} ${held.object}`);
    }
  });

  it("reference refusals say why and name the replaced element", () => {
    for (const item of unanswerable) {
      expect(item.reference).toMatch(/^The question cannot be answered from the video: /);
      expect(item.reference).toContain(item.perturbation!.replaced_with);
    }
  });

  it("answerable references are short sentences", () => {
    for (const item of items.filter((x) => x.category === "answerable")) {
      expect(item.reference).toMatch(/^[A-Z].*\.$/);
      expect(item.reference.length).toBeLessThan(120);
    }
  });
});
