// Small hand-written UVQA-shaped records for the reader tests (never excerpts of the public files).
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "uvqa-datasets-"));
}

export async function writeJson(dir: string, name: string, value: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(value));
  return file;
}

const answer = "It cannot be answered: the video does not show that.";

/** Object record, format (a): a list of related relations and the video's objects. */
export function objectListRecord(overrides: Record<string, unknown> = {}) {
  return {
    vid: "kitchen01",
    generated_relation: "cook holding whisk",
    generated_actor_or_object: "whisk",
    prompt:
      "Make a question.\n<|Start of Related Relation|>\n['cook holding ladle', \"cook looking at chef's pot\", 'cook walking']\n" +
      "<|End of Related Relation|>\n<|Start of Unrelated Relation|>\ncook holding whisk\n<|End of Unrelated Relation|>. " +
      "Focus that in the given relations the objects mentioned in the video are '['cook', 'ladle', \"chef's pot\"]' " +
      "and the object not appear is 'whisk'.Step: answer.",
    response: "ignored",
    new_question: "  What color is the whisk the cook is holding? ",
    new_answer: `${answer}\n`,
    ...overrides,
  };
}

/** Object record, format (b): one related relation; names the object that was replaced. */
export function objectPairRecord(overrides: Record<string, unknown> = {}) {
  return {
    vid: "kitchen02",
    generated_relation: "cook behind fridge",
    generated_actor_or_object: "fridge",
    prompt:
      "Make a question.\n<|Start of Related Relation|>\ncook behind stove\n<|End of Related Relation|>\n" +
      "<|Start of Unrelated Relation|>\ncook behind fridge\n<|End of Unrelated Relation|>. Focus that in the given relations " +
      "the obejct mentioned in the video is 'stove' and the obejct not appear is 'fridge'. If it makes no sense, say so.",
    new_question: "How tall is the fridge behind the cook?",
    new_answer: answer,
    ...overrides,
  };
}

export function relationRecord(overrides: Record<string, unknown> = {}) {
  return {
    vid: "kitchen03",
    orig_relation: ["cook holding pot", "cook looking at pot", "waiter walking"],
    generated_relation: "cook  lifting  pot",
    prompt: "Make a question about cook  lifting  pot.",
    new_question: "How heavy is the pot the cook is lifting?",
    new_answer: answer,
    ...overrides,
  };
}

export function attributeRecord(overrides: Record<string, unknown> = {}) {
  return {
    vid: "1234@N00_5678_abcdef.mov",
    orig_relation: "a blue kite flies over the hill.",
    orig_attribute: "blue",
    generated_attributes: "orangeish",
    generated_relation: "a orangeish kite flies over the hill.",
    prompt: "Make a question about the kite.",
    new_question: "How high does the orangeish kite fly?",
    new_answer: answer,
    ...overrides,
  };
}

/** DiDeMo-shaped moments: the first caption repeats the UVQA one without its full stop. */
export function didemoMoments() {
  return [
    { video: "1234@N00_5678_abcdef.mov", description: "a blue kite flies over the hill", times: [[0, 1]], annotation_id: 1 },
    { video: "1234@N00_5678_abcdef.mov", description: "a dog chases the kite.", times: [[2, 3]], annotation_id: 2 },
    { video: "9999@N00_1_x.mp4", description: "someone else's video", times: [[0, 0]], annotation_id: 3 },
  ];
}
