// LLM-mode generation end to end: `uvqa generate --mode llm` against a real HTTP server on 127.0.0.1 that
// writes questions in the tagged format (with some "Not applicable", untagged and non-refusing replies);
// accepted replies become valid items with twins, rejections are counted, a rerun sends nothing.
// Also the strict reply parser on hand-written replies, and template mode through the same command.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseGeneration } from "../../loaders/generate/llm/parse.ts";
import { Item } from "../../loaders/items/schema.ts";
import { jsonl, runCli } from "../batch/helpers.ts";
import { startWriterServer, type WriterServer } from "./writer-server.ts";

let writer: WriterServer;
let dir: string;
const path = (name: string) => join(dir, name);

const scenes = [
  {
    id: "kitchen-a", setting: "kitchen", caption: "A woman pours coffee into a mug while a boy eats from a bowl at the table.",
    objects: [
      { name: "woman", kind: "person", attributes: { pattern: "striped" } },
      { name: "boy", kind: "person", attributes: { colour: "yellow" } },
      { name: "mug", kind: "container", attributes: { colour: "blue", material: "ceramic" } },
      { name: "coffee", kind: "drink", attributes: {} },
      { name: "bowl", kind: "container", attributes: { colour: "white", size: "small" } },
      { name: "table", kind: "furniture", attributes: { material: "wood" } },
      { name: "spoon", kind: "utensil", attributes: { material: "metal" } },
    ],
    relations: [
      { subject: "woman", predicate: "pouring", object: "coffee" },
      { subject: "woman", predicate: "holding", object: "mug" },
      { subject: "boy", predicate: "holding", object: "spoon" },
      { subject: "bowl", predicate: "on", object: "table" },
      { subject: "boy", predicate: "sitting next to", object: "table" },
    ],
  },
  {
    id: "kitchen-b", setting: "kitchen", caption: "A man carries a bowl to the table while a girl holds a cup.",
    objects: [
      { name: "man", kind: "person", attributes: { colour: "black" } },
      { name: "girl", kind: "person", attributes: { pattern: "striped" } },
      { name: "bowl", kind: "container", attributes: { colour: "red", material: "ceramic" } },
      { name: "cup", kind: "container", attributes: { colour: "green" } },
      { name: "table", kind: "furniture", attributes: { material: "wood" } },
    ],
    relations: [
      { subject: "man", predicate: "carrying", object: "bowl" },
      { subject: "girl", predicate: "holding", object: "cup" },
      { subject: "cup", predicate: "on", object: "table" },
    ],
  },
];

beforeAll(async () => {
  [writer, dir] = await Promise.all([startWriterServer(), mkdtemp(join(tmpdir(), "uvqa-gen-llm-"))]);
  await writeFile(path("scenes.json"), JSON.stringify(scenes, null, 2));
  await writeFile(path("gen.config.ts"), `export default ${JSON.stringify({
    models: [{ id: "writer", backend: "openai", model: "uvqa-writer", baseUrl: writer.url, temperature: 0, retries: 0 }],
  })};\n`);
});
afterAll(async () => {
  await writer?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("uvqa generate --mode llm", () => {
  test("accepted replies become items with twins; rejections counted; a rerun sends nothing", async () => {
    const args = ["generate", "--mode", "llm", "--config", path("gen.config.ts"), "--model", "writer", "--scenes", path("scenes.json"),
      "--out", path("items.jsonl"), "--seed", "7", "--per-kind", "2", "--cache", path("cache")];
    const first = await runCli(args);
    expect(first.code, first.stderr).toBe(0);
    const sent = writer.requests;
    expect(sent).toBeGreaterThanOrEqual(8);
    expect(writer.decisions.size).toBe(sent); // one request per perturbed fact

    const count = (d: string) => [...writer.decisions.values()].filter((x) => x === d).length;
    const [good, na, malformed] = [count("good"), count("not_applicable"), count("untagged") + count("no_refusal")];
    expect(good).toBeGreaterThan(0);
    expect(na + malformed).toBeGreaterThan(0);
    expect(first.stderr).toContain(`${sent} perturbations (${sent} sent, 0 from the cache)`);
    expect(first.stderr).toMatch(new RegExp(`accepted ${good} \\(\\+\\d+ twins\\), not applicable ${na}, malformed ${malformed}`));

    const items = jsonl(await readFile(path("items.jsonl"), "utf8")).map((row) => Item.parse(row));
    const unanswerable = items.filter((item) => item.category !== "answerable");
    expect(unanswerable).toHaveLength(good);
    const byId = new Map(items.map((item) => [item.id, item]));
    for (const item of unanswerable) {
      expect(item.id).toMatch(/^llm\/kitchen-[ab]\/(object|relation|attribute)-\d$/);
      expect(item.perturbation!.kind).toBe(item.category);
      expect(item.question.toLowerCase()).toContain(item.perturbation!.replaced_with.toLowerCase());
      expect(item.reference).toContain("unanswerable");
      expect(writer.decisions.get(item.perturbation!.fact!)).toBe("good");
      expect(item.scene!.relations.length).toBeGreaterThan(0);
      if (item.pair) expect(byId.get(item.pair)).toMatchObject({ category: "answerable", pair: item.id });
    }
    expect(items.filter((item) => item.category === "answerable").every((twin) => byId.get(twin.pair!)?.pair === twin.id)).toBe(true);

    const second = await runCli(args);
    expect(second.code, second.stderr).toBe(0);
    expect(writer.requests).toBe(sent);
    expect(second.stderr).toContain(`${sent} perturbations (0 sent, ${sent} from the cache)`);
    expect(await readFile(path("items.jsonl"), "utf8")).toBe(toText(items));
  });

  test("an unknown model and a missing --model are one-line errors", async () => {
    const unknown = await runCli(["generate", "--mode", "llm", "--config", path("gen.config.ts"), "--model", "nope", "--scenes", path("scenes.json"), "--out", path("x.jsonl")]);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, "uvqa: unknown model: nope (known: writer)"]);
    const missing = await runCli(["generate", "--mode", "llm", "--scenes", path("scenes.json"), "--out", path("x.jsonl")]);
    expect([missing.code, missing.stderr.trim()]).toEqual([2, "uvqa: uvqa generate --mode llm needs --config <file> and --model <model id>"]);
  });

  test("--mode template writes the template generator's items for the same scenes", async () => {
    const result = await runCli(["generate", "--mode", "template", "--scenes", path("scenes.json"), "--out", path("template.jsonl"), "--seed", "3"]);
    expect(result.code, result.stderr).toBe(0);
    const items = jsonl(await readFile(path("template.jsonl"), "utf8")).map((row) => Item.parse(row));
    expect(new Set(items.map((item) => item.video))).toEqual(new Set(["kitchen-a", "kitchen-b"]));
    expect(items.some((item) => item.category === "answerable") && items.some((item) => item.category !== "answerable")).toBe(true);
  });
});

function toText(items: unknown[]): string {
  return items.map((item) => JSON.stringify(item)).join("\n") + "\n";
}

describe("parseGeneration (strict)", () => {
  const ok = "<question>Why is the woman throwing the mug?</question>\n<answer>This is unanswerable: she is holding the mug, not throwing it.</answer>";
  test.each([
    [ok, { kind: "ok", question: "Why is the woman throwing the mug?", answer: "This is unanswerable: she is holding the mug, not throwing it." }],
    ["  Not applicable.\n", { kind: "not_applicable" }],
    ["Not applicable: the fact is ungrammatical", { kind: "malformed", reason: "not in the tagged format" }],
    [`Sure! ${ok}`, { kind: "malformed", reason: "not in the tagged format" }],
    [ok.replace("?</question>", "</question>"), { kind: "malformed", reason: "the question does not end with a question mark" }],
    [ok.replace("throwing the mug?", "holding the mug?"), { kind: "malformed", reason: "the question does not mention the perturbed element" }],
    [ok.replace("This is unanswerable", "Because it is fun"), { kind: "malformed", reason: "the answer does not say the question is unanswerable" }],
    ["<question>Why is the woman throwing <b>the</b> mug?</question><answer>unanswerable</answer>", { kind: "malformed", reason: "not in the tagged format" }],
  ])("%j", (reply, expected) => {
    expect(parseGeneration(reply, "throwing")).toEqual(expected);
  });
});
