import { describe, expect, it } from "vitest";
import { twinItems, withTwins } from "../../loaders/generate/twins.ts";
import { Item } from "../../loaders/items/schema.ts";

// Hand-written items in the shape the UVQA readers produce (not copied from the public files).
const objectItem: Item = {
  id: "uvqa/object/0",
  dataset: "uvqa",
  category: "object",
  video: "vid-a",
  question: "What colour is the rocking horse that the nurse is pushing?",
  reference: "It cannot be answered: there is no rocking horse.",
  source: "moma",
  scene: {
    objects: ["nurse", "patient", "trolley", "curtain"],
    relations: ["nurse pushing trolley", "nurse talking to patient", "patient lying on bed"],
    triples: [
      { subject: "nurse", predicate: "pushing", object: "trolley" },
      { subject: "nurse", predicate: "talking to", object: "patient" },
      { subject: "patient", predicate: "lying on", object: "bed" },
    ],
    attributes: [],
    captions: [],
  },
  perturbation: { kind: "object", original: "trolley", replaced_with: "rocking horse", fact: "nurse pushing rocking horse" },
};

const objectUnknownOriginal: Item = {
  ...objectItem,
  id: "uvqa/object/1",
  question: "Why is the nurse talking to the astronaut?",
  perturbation: { kind: "object", original: null, replaced_with: "astronaut", fact: "nurse talking to astronaut" },
};

const relationItem: Item = {
  id: "uvqa/relation/0",
  dataset: "uvqa",
  category: "relation",
  video: "vid-b",
  question: "How many plates is the cook juggling?",
  reference: "Unanswerable: the cook is not juggling plates.",
  scene: {
    objects: [],
    relations: ["cook wiping into plate", "cook stirring pot"],
    triples: [
      { subject: "cook", predicate: "stirring", object: "pot" },
      { subject: "cook", predicate: "wiping", object: "plate" },
    ],
    attributes: [],
    captions: [],
  },
  perturbation: { kind: "relation", original: null, replaced_with: "juggling", fact: "cook  juggling  plate" },
};

const attributeItem: Item = {
  id: "uvqa/attribute/0",
  dataset: "uvqa",
  category: "attribute",
  video: "vid-c.mpg",
  question: "Why does the purple kite dive over the hill?",
  reference: "Unanswerable: the kite is yellow, not purple.",
  scene: {
    objects: [],
    relations: [],
    triples: [],
    attributes: [{ object: "kite", attribute: "yellow", class: "colour" }],
    captions: ["a yellow kite dives over the hill."],
  },
  perturbation: { kind: "attribute", original: "yellow", replaced_with: "purple", fact: "a purple kite dives over the hill." },
};

const answerable: Item = { id: "vcg/0", dataset: "vcg", category: "answerable", video: "v", question: "What happens?", reference: "A dog runs." };

describe("withTwins", () => {
  const out = withTwins([objectItem, objectUnknownOriginal, relationItem, attributeItem, answerable], { seed: 1 });
  const byId = new Map(out.map((item) => [item.id, item]));

  it("returns the originals first, then one twin per twinned item, all valid items", () => {
    expect(out.slice(0, 5).map((item) => item.id)).toEqual([objectItem.id, objectUnknownOriginal.id, relationItem.id, attributeItem.id, answerable.id]);
    expect(out.slice(5).map((item) => item.id)).toEqual([`${objectItem.id}/twin`, `${objectUnknownOriginal.id}/twin`, `${relationItem.id}/twin`, `${attributeItem.id}/twin`]);
    for (const item of out) expect(Item.safeParse(item).success).toBe(true);
  });

  it("links pairs both ways and marks twins", () => {
    for (const twin of out.slice(5)) {
      const original = byId.get(twin.pair!)!;
      expect(original.pair).toBe(twin.id);
      expect(twin.category).toBe("answerable");
      expect(twin.flags).toEqual(["twin"]);
      expect(twin.dataset).toBe(original.dataset);
      expect(twin.video).toBe(original.video);
      expect(twin.source).toBe(original.source);
      expect(twin.scene).toEqual(original.scene);
    }
    expect(byId.get(answerable.id)!.pair).toBeUndefined();
  });

  it("object with a known original: asks about the relation with the original object", () => {
    const twin = byId.get(`${objectItem.id}/twin`)!;
    expect(twin.question).toMatch(/^(What|Which object) is the nurse pushing\?$/);
    expect(twin.reference).toBe("The nurse is pushing the trolley.");
  });

  it("object with no original: asks about a related relation of the same subject", () => {
    const twin = byId.get(`${objectUnknownOriginal.id}/twin`)!;
    expect(twin.question).toMatch(/the nurse talking to\?$/);
    expect(twin.reference).toBe("The nurse is talking to the patient.");
  });

  it("relation: asks about the true triple between the same subject and object", () => {
    const twin = byId.get(`${relationItem.id}/twin`)!;
    expect(twin.question).toMatch(/the cook .* the plate\?$/);
    expect(twin.reference).toBe("The cook is wiping the plate.");
  });

  it("attribute: asks for the original value through the true caption", () => {
    const twin = byId.get(`${attributeItem.id}/twin`)!;
    expect(twin.question).toBe("What colour is the kite that dives over the hill?");
    expect(twin.reference).toBe("The kite is yellow.");
  });

  it("attribute in the middle of a caption: restates the caption without the value, then asks", () => {
    const mid: Item = { ...attributeItem, id: "uvqa/attribute/1",
      scene: { ...attributeItem.scene!, attributes: [{ object: "scarf", attribute: "green" }], captions: ["girl in a green scarf waves at the camera."] },
      perturbation: { kind: "attribute", original: "green", replaced_with: "orange", fact: "girl in a orange scarf waves at the camera." } };
    const [, twin] = withTwins([mid]);
    expect(twin!.question).toBe("Girl in a scarf waves at the camera. What colour is the scarf?");
    expect(twin!.reference).toBe("The scarf is green.");
  });

  it("object: prefers a named object over MOMA's unsure labels", () => {
    const unsure: Item = { ...objectItem, id: "uvqa/object/2", perturbation: { kind: "object", original: null, replaced_with: "harp", fact: "nurse pushing harp" },
      scene: { ...objectItem.scene!, triples: [{ subject: "nurse", predicate: "pushing", object: "unsure" }, ...objectItem.scene!.triples] } };
    const [, twin] = withTwins([unsure]);
    expect(twin!.reference).toBe("The nurse is pushing the trolley.");
  });

  it("counts the items it cannot twin and leaves them unpaired", () => {
    const bare: Item = { ...relationItem, id: "uvqa/relation/9", scene: { objects: [], relations: [], triples: [], attributes: [], captions: [] } };
    const result = twinItems([bare, relationItem]);
    expect(result.untwinned).toBe(1);
    expect(result.twinned).toBe(1);
    expect(result.items[0]!.pair).toBeUndefined();
    expect(result.items).toHaveLength(3);
  });

  it("is deterministic for a seed", () => {
    const items = [objectItem, objectUnknownOriginal, relationItem, attributeItem];
    expect(withTwins(items, { seed: 7 })).toEqual(withTwins(items, { seed: 7 }));
  });
});

describe("withTwins on generated items", () => {
  it("leaves already paired items alone", async () => {
    const { loadSampleItems } = await import("../../loaders/generate/sample.ts");
    const items = (await loadSampleItems()).slice(0, 30);
    const result = twinItems(items);
    expect(result.items).toEqual(items);
    expect(result.twinned).toBe(0);
    expect(result.untwinned).toBe(0);
  });
});
