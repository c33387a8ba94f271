import { describe, expect, it } from "vitest";
import { parseSceneText, sceneToText } from "../../loaders/responders/scene-text.ts";
import type { Scene } from "../../loaders/items/schema.ts";

const scene: Scene = {
  objects: ["waiter", "coffee cup", "cup/glass"],
  relations: ["waiter pouring into coffee cup", "waiter walking"],
  triples: [
    { subject: "waiter", predicate: "pouring into", object: "coffee cup" },
    { subject: "waiter", predicate: "walking", object: null },
  ],
  attributes: [{ object: "light", attribute: "red", class: "colour" }, { object: "tray", attribute: "round" }],
  captions: ["a red lamp flickers above the piano."],
};

describe("scene text", () => {
  it("round-trips a scene", () => {
    expect(parseSceneText(sceneToText(scene))).toEqual(scene);
  });

  it("finds the facts inside a longer message and ignores other lines", () => {
    const message = `You are watching a video.\n${sceneToText(scene)}\n\nQuestion: What is the waiter doing?`;
    expect(parseSceneText(message)).toEqual(scene);
  });

  it("writes one fact per line with an empty field for an intransitive triple", () => {
    const text = sceneToText(scene);
    expect(text).toContain("triple: waiter | walking | \n");
    expect(text).toContain("attribute: tray | round | \n");
    expect(text.split("\n")).toHaveLength(1 + 3 + 2 + 2 + 2 + 1);
  });

  it("puts a multi-line value on one line", () => {
    const out = parseSceneText(sceneToText({ ...scene, captions: ["two\nlines"] }));
    expect(out.captions).toEqual(["two lines"]);
  });

  it("reads an empty text as an empty scene", () => {
    expect(parseSceneText("nothing here")).toEqual({ objects: [], relations: [], triples: [], attributes: [], captions: [] });
  });
});
