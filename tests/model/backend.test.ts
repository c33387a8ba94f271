// The learned model as a backend, run as a user runs it: `uvqa infer --backend builtin-model` writes the same
// row format as the other backends (from the cache the second time), and `uvqa serve --backend builtin-model`
// answers the same over HTTP.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Item, Scene } from "../../loaders/items/schema.ts";
import { findPrompt, renderMessages } from "../../loaders/prompts/index.ts";
import { ResponseRow } from "../../loaders/inference/row.ts";
import { jsonl, runCli } from "../inference/helpers.ts";

// A hand-written scene: a woman on a bench holding a red umbrella, a dog running.
const scene: Scene = {
  objects: ["woman", "umbrella", "bench", "dog"],
  relations: ["woman holding umbrella", "woman sitting on bench", "dog running"],
  triples: [
    { subject: "woman", predicate: "holding", object: "umbrella" },
    { subject: "woman", predicate: "sitting on", object: "bench" },
    { subject: "dog", predicate: "running", object: null },
  ],
  attributes: [{ object: "umbrella", attribute: "red", class: "colour" }],
  captions: ["A woman sits on a bench holding a red umbrella while a dog runs by."],
};
const item = (id: string, question: string, category: Item["category"]): Item =>
  ({ id, dataset: "hand", category, video: "park", question, reference: "", scene });
const items = [
  item("a", "What is the woman holding?", "answerable"),
  item("b", "Why is the woman holding the pillow?", "object"),
  item("c", "What is the dog doing?", "answerable"),
];

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-model-backend-"));
  await writeFile(join(dir, "items.jsonl"), items.map((i) => JSON.stringify(i)).join("\n") + "\n");
});

describe("uvqa infer --backend builtin-model", () => {
  it("writes response rows that record the model file's hash, and reads them back from the cache", async () => {
    const args = ["infer", "--backend", "builtin-model", "--items", join(dir, "items.jsonl"), "--run", "learned", "--out", join(dir, "out.jsonl"), "--cache", join(dir, "cache")];
    const first = await runCli(args);
    expect(first.stderr).toContain("uvqa infer: learned: 3 rows (3 answered, 0 failed; 3 new, 0 from the cache)");
    expect(first.code).toBe(0);
    const rows = jsonl(await readFile(join(dir, "out.jsonl"), "utf8")).map((r) => ResponseRow.parse(r));
    expect(rows.map((r) => r.item)).toEqual(["a", "b", "c"]);
    for (const r of rows) {
      expect(r.backend).toBe("builtin-model");
      expect(r.model).toMatch(/^builtin-model@[0-9a-f]{12}$/);
      expect(r.prompt).toBe("prompt-aligned");
      expect(r.error).toBeNull();
    }
    expect(rows[0]!.response).toBe("The woman is holding the umbrella.");
    expect(rows[1]!.response).toMatch(/^The question is unanswerable: .*pillow/);
    expect(rows[2]!.response).toBe("The dog is running.");

    const second = await runCli(args);
    expect(second.stderr).toContain("uvqa infer: learned: 3 rows (3 answered, 0 failed; 0 new, 3 from the cache)");
  }, 60_000);

  it("says which model file is missing", async () => {
    const { loadNodeModel } = await import("../../loaders/model/node.ts");
    await expect(loadNodeModel(join(dir, "none.onnx"))).rejects.toThrow(`no such model file: ${join(dir, "none.onnx")} (npm run train makes it)`);
  });
});

describe("uvqa serve --backend builtin-model", () => {
  let serve: ChildProcess;
  let url = "";
  beforeAll(async () => {
    serve = spawn("node", ["bin/uvqa.js", "serve", "--backend", "builtin-model", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    url = await new Promise<string>((resolveUrl, reject) => {
      let out = "";
      serve.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening on (http:\/\/\S+) \(model builtin-model\)/.exec(out);
        if (m) resolveUrl(m[1]!);
      });
      serve.once("exit", (code) => reject(new Error(`uvqa serve exited with ${code}`)));
    });
  }, 60_000);
  afterAll(() => {
    serve?.kill();
  });

  it("answers chat completions with the same responses as uvqa infer", async () => {
    const rows = jsonl(await readFile(join(dir, "out.jsonl"), "utf8")) as Array<{ item: string; response: string }>;
    const answers = await Promise.all(items.map(async (one) => {
      const messages = renderMessages(findPrompt(null, "prompt-aligned"), one, { context: "scene" });
      const reply = await fetch(`${url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "builtin-model", messages }) });
      expect(reply.status).toBe(200);
      return ((await reply.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content;
    }));
    expect(answers).toEqual(rows.map((r) => r.response));
  }, 30_000);
});
