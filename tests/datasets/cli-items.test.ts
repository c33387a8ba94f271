// `uvqa items` run as a user runs it: the real bin through node, into a temp folder.
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli as uvqa } from "../inference/helpers.ts";
import { readItemsJsonl } from "../../loaders/datasets/items-jsonl.ts";
import { dataDir, skipWithoutPublicData } from "../public-data.ts";
import { attributeRecord, objectListRecord, relationRecord, tempDir, writeJson } from "./fixtures.ts";


describe("uvqa items", () => {
  it("writes hand-made records as items JSONL and prints a one-line summary", async () => {
    const input = await tempDir();
    await writeJson(input, "eval_object.json", [objectListRecord()]);
    await writeJson(input, "eval_relation.json", [relationRecord(), relationRecord({ generated_relation: "cook  looking at  pot", new_question: "What is the cook looking at?" })]);
    await writeJson(input, "eval_attribute.json", [attributeRecord(), attributeRecord()]);
    await writeJson(input, "generic_qa.json", [{ Q: "What is on the table?", A: "A pot.", video_name: "v_1" }]);
    const out = join(await tempDir(), "nested", "items.jsonl");
    const { code, stderr } = await uvqa(["items", "--uvqa", input, "--vcgbench", input, "--out", out]);
    expect(code).toBe(0);
    expect(stderr).toBe(
      "uvqa items: 6 items (answerable 1, object 1, relation 2, attribute 2); " +
        `flags: self-swap 1, duplicate-question 1 -> ${out}\n`,
    );
    const items = await readItemsJsonl(out);
    expect(items.map((i) => i.id)).toEqual([
      "uvqa/object/0",
      "uvqa/relation/0",
      "uvqa/relation/1",
      "uvqa/attribute/0",
      "uvqa/attribute/1",
      "vcgbench/generic/0",
    ]);
    // Written atomically: nothing but the output is left in its folder.
    expect(await readdir(dirname(out))).toEqual(["items.jsonl"]);
  });

  it("exits non-zero with a one-line error on a bad record, writing nothing", async () => {
    const input = await tempDir();
    const file = await writeJson(input, "eval_object.json", [objectListRecord(), objectListRecord({ new_question: 42 })]);
    const out = join(await tempDir(), "items.jsonl");
    const { code, stderr } = await uvqa(["items", "--uvqa", input, "--out", out]);
    expect(code).toBe(2);
    expect(stderr).toBe(`uvqa: invalid new_question: 42 (${file}: record 1)\n`);
    expect(existsSync(out)).toBe(false);
  });

  it("exits non-zero on a folder without UVQA files", async () => {
    const input = await tempDir();
    const { code, stderr } = await uvqa(["items", "--uvqa", input, "--out", join(input, "x.jsonl")]);
    expect(code).toBe(2);
    expect(stderr).toBe(`uvqa: no UVQA files in ${input} (expected one of eval_object.json, eval_relation.json, eval_attribute.json)\n`);
  });

  it("refuses a seed that is not an integer", async () => {
    const input = await tempDir();
    const { code, stderr } = await uvqa(["items", "--uvqa", input, "--seed", "x", "--out", join(input, "x.jsonl")]);
    expect(code).not.toBe(0);
    expect(stderr).toBe("error: option '--seed <n>' argument 'x' is invalid. expected an integer\n");
  });

  it.skipIf(skipWithoutPublicData("eval_object.json"))("reads the public files with answerable twins, the same for the same seed", async () => {
    const out = await tempDir();
    const run = (file: string) => uvqa(["items", "--uvqa", dataDir, "--vcgbench", dataDir, "--twins", "--seed", "7", "--out", join(out, file)]);
    const [a, b] = [await run("a.jsonl"), await run("b.jsonl")];
    expect(a.code).toBe(0);
    expect(a.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(a.stderr).toMatch(/^uvqa items: \d+ items \(answerable \d+, object 164, relation 73, attribute 76\), \d+ twins; flags: .*duplicate-question 19/);
    const items = await readItemsJsonl(join(out, "a.jsonl"));
    expect(await readItemsJsonl(join(out, "b.jsonl"))).toEqual(items);
    const unanswerable = items.filter((i) => i.category !== "answerable");
    const twins = items.filter((i) => i.id.endsWith("/twin"));
    expect(unanswerable).toHaveLength(313);
    expect(twins.length).toBeGreaterThan(0);
    // Each twin is answerable and paired both ways with an unanswerable original.
    const byId = new Map(items.map((i) => [i.id, i]));
    for (const twin of twins) {
      expect(twin.category).toBe("answerable");
      expect(byId.get(twin.pair!)?.pair).toBe(twin.id);
    }
    expect(items.length).toBe(313 + 2555 + twins.length);
  });
});
