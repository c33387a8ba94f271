// Prompts: templates, messages, hashes; the built-in model reads back exactly what was rendered, so the
// in-process backend and `uvqa serve` answer alike.
import { describe, expect, test } from "vitest";
import { builtinChat, parseChat } from "../../loaders/inference/builtin-model.ts";
import { respond } from "../../loaders/responders/index.ts";
import { BUILTIN_PROMPTS, PAPER_INSTRUCTION, canonicalMessages, findPrompt, promptHash, renderMessages, renderTemplate } from "../../loaders/prompts/index.ts";
import type { Item } from "../../loaders/items/schema.ts";
import { uvqaItems } from "./helpers.ts";

const item: Item = {
  id: "t/1", dataset: "t", category: "object", video: "v", question: "What is the dog holding?", reference: "unanswerable",
  scene: { objects: ["man", "cup"], relations: ["man holding cup"], triples: [{ subject: "man", predicate: "holding", object: "cup" }], attributes: [], captions: [] },
};

describe("templates", () => {
  test("placeholders and literal braces", () => {
    expect(renderTemplate("Q: {question} C: {context} {{x}}", { question: "why?", context: "facts" })).toBe("Q: why? C: facts {x}");
  });

  test("the built-in prompts: the bare question, and the question with the paper's instruction", () => {
    expect(BUILTIN_PROMPTS.map((p) => p.id)).toEqual(["unaligned", "prompt-aligned"]);
    expect(renderMessages(findPrompt(null, "unaligned"), item, { context: "none" })).toEqual([{ role: "user", content: "What is the dog holding?" }]);
    expect(renderMessages(findPrompt(null, "prompt-aligned"), item, {})).toEqual([
      { role: "user", content: `What is the dog holding?\n${PAPER_INSTRUCTION}` },
    ]);
    expect(PAPER_INSTRUCTION).toBe("If the question cannot be answered using the video content, state that it is unanswerable and provide a reason.");
    expect(() => findPrompt(null, "nope")).toThrow("unknown prompt: nope (built in: unaligned, prompt-aligned)");
  });

  test("context goes first unless the template places it; images come before the text", () => {
    const [message] = renderMessages({ id: "u", template: "{question}" }, item, { context: "scene" });
    expect(message!.content).toMatch(/^<video_facts>\nScene facts \(one per line\):\nobject: man\n.*<\/video_facts>\n\nWhat is the dog holding\?$/s);
    const placed = renderMessages({ id: "p", template: "Q: {question}\n{context}", system: "Be brief." }, item, { context: "scene" }, {
      images: ["data:image/jpeg;base64,AAEC"], videoUrl: "http://videos/v.mp4",
    });
    expect(placed[0]).toEqual({ role: "system", content: "Be brief." });
    const parts = placed[1]!.content as Array<{ type: string; text?: string }>;
    expect(parts.map((p) => p.type)).toEqual(["image_url", "video_url", "text"]);
    expect(parts[2]!.text!.startsWith("Q: What is the dog holding?\n<video_facts>")).toBe(true);
  });

  test("the hash covers frames by their bytes' sha256, not the data URL text", () => {
    const a = renderMessages(findPrompt(null, "unaligned"), item, {}, { images: ["data:image/jpeg;base64,AAEC"] });
    const b = renderMessages(findPrompt(null, "unaligned"), item, {}, { images: ["data:image/jpeg;base64,AAED"] });
    const canonical = canonicalMessages(a)[0]!.content as Array<{ type: string; image_url?: { url: string } }>;
    // sha256 of the bytes 00 01 02
    expect(canonical[0]!.image_url!.url).toBe("sha256:ae4b3280e56e2faf83f414a6e3dabe9d5fbe18976544c05fed121accb85b53fc");
    expect(promptHash(a)).not.toBe(promptHash(b));
    expect(promptHash(a)).toBe(promptHash(structuredClone(a)));
    expect(promptHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("the built-in model reads its messages back", () => {
  test("question, scene and instruction recovered", () => {
    const parsed = parseChat(renderMessages(findPrompt(null, "prompt-aligned"), item, { context: "scene" }));
    expect(parsed).toEqual({ question: item.question, scene: item.scene, instruction: PAPER_INSTRUCTION });
    expect(parseChat(renderMessages(findPrompt(null, "unaligned"), item, { context: "none" }))).toMatchObject({ instruction: null, scene: { objects: [] } });
  });

  test("over public UVQA items, chat answers equal direct responder answers", async () => {
    const items = await uvqaItems(90);
    expect(items).toHaveLength(90);
    let refusals = 0;
    for (const one of items) {
      for (const [promptId, instruction] of [["unaligned", null], ["prompt-aligned", PAPER_INSTRUCTION]] as const) {
        const viaChat = builtinChat(renderMessages(findPrompt(null, promptId), one, { context: "scene" }));
        expect(viaChat).toBe(respond({ question: one.question, scene: one.scene!, instruction }));
        if (/unanswerable/i.test(viaChat)) refusals++;
      }
    }
    expect(refusals).toBeGreaterThan(0);
  });
});
