import { describe, expect, it } from "vitest";
import { loadSampleItems } from "../../loaders/generate/sample.ts";
import { respond } from "../../loaders/responders/respond.ts";

const PAPER = "If the question cannot be answered using the video content, state that it is unanswerable and provide a reason.";
// The generator's items only: the hand-written ones are written to be hard for it.
const items = await loadSampleItems({ handWritten: null });
const refuses = (text: string) => /unanswerable/.test(text);
const share = (values: boolean[]) => values.filter(Boolean).length / values.length;

// The responder on the project's own template items: a sanity floor, not a benchmark.
describe("the built-in responder on the default dataset", () => {
  const answerable = items.filter((item) => item.category === "answerable");
  const unanswerable = items.filter((item) => item.category !== "answerable");

  it("never refuses without an instruction", () => {
    expect(items.some((item) => refuses(respond({ question: item.question, scene: item.scene! })))).toBe(false);
  });

  it("answers most answerable template questions with the reference", () => {
    expect(share(answerable.map((item) => respond({ question: item.question, scene: item.scene! }) === item.reference))).toBeGreaterThan(0.9);
  });

  it("under the instruction refuses most unanswerable items, naming the replaced element, and few answerable ones", () => {
    const aligned = (question: string, scene: NonNullable<(typeof items)[number]["scene"]>) => respond({ question, scene, instruction: PAPER });
    expect(share(unanswerable.map((item) => refuses(aligned(item.question, item.scene!))))).toBeGreaterThan(0.9);
    expect(share(unanswerable.map((item) => aligned(item.question, item.scene!).includes(item.perturbation!.replaced_with)))).toBeGreaterThan(0.8);
    expect(share(answerable.map((item) => refuses(aligned(item.question, item.scene!))))).toBeLessThan(0.05);
  });
});
