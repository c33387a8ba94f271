// The built-in responder, as the inference backends see it. The real one is in loaders/responders.
// TEMPORARY: a minimal stand-in until loaders/responders lands (then this file only re-exports).
import type { Scene } from "../items/schema.ts";
export { parseSceneText } from "../responders/scene-text.ts";

export function respond(input: { question: string; scene: Scene; instruction?: string | null }): string {
  const words = input.question.toLowerCase().match(/[a-z]+/g) ?? [];
  const known = new Set([...input.scene.objects, ...input.scene.relations, ...input.scene.captions].join(" ").toLowerCase().match(/[a-z]+/g) ?? []);
  const missing = words.filter((w) => w.length > 3 && !known.has(w));
  if (input.instruction && missing.length) return `The question is unanswerable: the video does not show ${missing[0]}.`;
  return input.scene.objects.length ? `Yes, the video shows ${input.scene.objects[0]}.` : "Yes.";
}
