import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSceneGraphs, sceneOf, type SceneGraph } from "../../loaders/generate/scene-graph.ts";
import { readSceneGraphs } from "../../loaders/generate/sample.ts";
import { defaultVocabulary } from "../../loaders/generate/vocabulary.ts";
import { Scene } from "../../loaders/items/schema.ts";

const vocabulary = defaultVocabulary();
const good = {
  id: "test-park",
  caption: "A girl walks a dog past a bench.",
  objects: [
    { name: "girl", kind: "person" },
    { name: "dog", kind: "animal", attributes: { colour: "brown" }, count: 2 },
    { name: "bench", kind: "furniture", attributes: { material: "wood" } },
  ],
  relations: [
    { subject: "girl", predicate: "walking past", object: "bench" },
    { subject: "dog", predicate: "running", object: null },
  ],
};
const bad = (patch: (g: typeof good) => unknown) => parseSceneGraphs([good, patch(structuredClone(good))], "scenes.json", vocabulary);

describe("scene graphs", () => {
  it("parses a graph and turns it into the Scene form", () => {
    const [graph] = parseSceneGraphs(good, "one.json", vocabulary) as [SceneGraph];
    const scene = sceneOf(graph);
    expect(Scene.parse(scene)).toEqual(scene);
    expect(scene.relations).toEqual(["girl walking past bench", "dog running"]);
    expect(scene.triples[1]).toEqual({ subject: "dog", predicate: "running", object: null });
    expect(scene.attributes).toEqual([
      { object: "dog", attribute: "brown", class: "colour" },
      { object: "dog", attribute: "two", class: "count" },
      { object: "bench", attribute: "wood", class: "material" },
    ]);
    expect(scene.captions).toEqual([good.caption]);
  });

  it("names the bad field, its value, the file and the record", () => {
    expect(() => bad((g) => ({ ...g, objects: [{ ...g.objects[0], kind: "spaceship" }, ...g.objects.slice(1)] })))
      .toThrow('invalid objects.0.kind: "spaceship" (scenes.json: record 1)');
    expect(() => bad((g) => ({ ...g, relations: [{ subject: "cat", predicate: "running", object: null }] })))
      .toThrow('invalid relations.0.subject: "cat" (scenes.json: record 1)');
    expect(() => bad((g) => ({ ...g, relations: [{ subject: "girl", predicate: "teleporting", object: "dog" }] })))
      .toThrow('invalid relations.0.predicate: "teleporting" (scenes.json: record 1)');
    expect(() => bad((g) => ({ ...g, objects: [...g.objects, { name: "lamp", kind: "device", attributes: { colour: "ultraviolet" } }] })))
      .toThrow('invalid objects.3.attributes.colour: "ultraviolet" (scenes.json: record 1)');
    expect(() => bad((g) => ({ ...g, objects: [...g.objects, { name: "girl", kind: "person" }] })))
      .toThrow('invalid objects.3.name: "girl" (scenes.json: record 1)');
    expect(() => bad((g) => ({ ...g, caption: undefined }))).toThrow("invalid caption: undefined (scenes.json: record 1)");
  });

  it("reads a folder and refuses a duplicate scene id", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scenes-"));
    await writeFile(join(dir, "a.json"), JSON.stringify([good]));
    expect((await readSceneGraphs(dir)).map((g) => g.id)).toEqual(["test-park"]);
    await writeFile(join(dir, "b.json"), JSON.stringify(good));
    await expect(readSceneGraphs(dir)).rejects.toThrow('duplicate scene id: "test-park"');
  });
});
