// Scene facts as plain text, so an OpenAI-compatible server (`uvqa serve`) can receive them in a
// chat message and recover them exactly.
//
// Format: one fact per line, `<key>: <value>`; lines with another shape are ignored, so the block
// may sit inside a longer message. Keys:
//   object: <name>
//   relation: <relation as the source wrote it>
//   triple: <subject> | <predicate> | <object>      (object left empty for an intransitive predicate)
//   attribute: <object> | <attribute> | <class>      (class left empty when unknown)
//   caption: <sentence>
// Values are written on one line (runs of whitespace, newlines included, become one space) and
// must not contain " | " inside a triple or attribute field.
import { Scene } from "../items/schema.ts";

export const SCENE_TEXT_HEADER = "Scene facts (one per line):";

const one = (text: string) => text.replace(/\s+/g, " ").trim();

export function sceneToText(scene: Scene): string {
  const lines = [SCENE_TEXT_HEADER];
  for (const object of scene.objects) lines.push(`object: ${one(object)}`);
  for (const relation of scene.relations) lines.push(`relation: ${one(relation)}`);
  for (const t of scene.triples) lines.push(`triple: ${one(t.subject)} | ${one(t.predicate)} | ${t.object === null ? "" : one(t.object)}`);
  for (const a of scene.attributes) lines.push(`attribute: ${one(a.object)} | ${one(a.attribute)} | ${a.class === undefined ? "" : one(a.class)}`);
  for (const caption of scene.captions) lines.push(`caption: ${one(caption)}`);
  return lines.join("\n");
}

export function parseSceneText(text: string): Scene {
  const scene: Scene = { objects: [], relations: [], triples: [], attributes: [], captions: [] };
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(object|relation|triple|attribute|caption):\s?(.*)$/.exec(line);
    if (!match) continue;
    const [, key, raw] = match as unknown as [string, string, string];
    const value = raw.trim();
    if (!value) continue;
    if (key === "object") scene.objects.push(value);
    else if (key === "relation") scene.relations.push(value);
    else if (key === "caption") scene.captions.push(value);
    else {
      const [first = "", second = "", third = ""] = value.split("|").map((part) => part.trim());
      if (!first || !second) continue;
      if (key === "triple") scene.triples.push({ subject: first, predicate: second, object: third || null });
      else scene.attributes.push({ object: first, attribute: second, ...(third ? { class: third } : {}) });
    }
  }
  return Scene.parse(scene);
}
