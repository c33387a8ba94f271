import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { writeFile } from "node:fs/promises";
import { readVcgbenchDir } from "../../loaders/datasets/vcgbench.ts";
import { readItemsJsonl } from "../../loaders/datasets/items-jsonl.ts";
import { Item } from "../../loaders/items/schema.ts";
import { tempDir, writeJson } from "./fixtures.ts";

describe("readVcgbenchDir", () => {
  it("reads generic, temporal and consistency files as answerable items", async () => {
    const dir = await tempDir();
    await writeJson(dir, "generic_qa.json", [
      { Q: "What is the man holding? ", A: " A red umbrella.", video_name: "v_abc" },
      { Q: "Where is he?", A: "On a beach.", video_name: "v_def" },
    ]);
    await writeJson(dir, "vcgbench_temporal_qa.json", [{ Q: "What happens first?", A: "He waves.", video_name: "v_abc" }]);
    await writeJson(dir, "consistency_qa.json", [{ Q1: "What colour is the kite?", Q2: "Which colour does the kite have?", A: "Green.", video_name: "v_kite" }]);
    const { items, files } = await readVcgbenchDir(dir);
    expect(files).toEqual([join(dir, "generic_qa.json"), join(dir, "vcgbench_temporal_qa.json"), join(dir, "consistency_qa.json")]);
    expect(items.map((i) => i.id)).toEqual([
      "vcgbench/generic/0",
      "vcgbench/generic/1",
      "vcgbench/temporal/0",
      "vcgbench/consistency/0/q1",
      "vcgbench/consistency/0/q2",
    ]);
    expect(items[0]).toEqual({
      id: "vcgbench/generic/0",
      dataset: "vcgbench",
      category: "answerable",
      video: "v_abc",
      question: "What is the man holding?",
      reference: "A red umbrella.",
      question_type: "generic",
      source: "activitynet",
    });
    expect(items.slice(3).map((i) => [i.question, i.reference, i.question_type])).toEqual([
      ["What colour is the kite?", "Green.", "consistency"],
      ["Which colour does the kite have?", "Green.", "consistency"],
    ]);
    for (const item of items) expect(Item.parse(item)).toEqual(item);
  });

  it("prefers the vcgbench_ name when both copies are there, reading each type once", async () => {
    const dir = await tempDir();
    await writeJson(dir, "generic_qa.json", [{ Q: "old?", A: "a", video_name: "v1" }]);
    await writeJson(dir, "vcgbench_generic_qa.json", [{ Q: "new?", A: "b", video_name: "v1" }]);
    const { items, files } = await readVcgbenchDir(dir);
    expect(files).toEqual([join(dir, "vcgbench_generic_qa.json")]);
    expect(items.map((i) => i.question)).toEqual(["new?"]);
  });

  it("names the bad field and record", async () => {
    const dir = await tempDir();
    const file = await writeJson(dir, "consistency_qa.json", [{ Q1: "a?", Q2: "b?", A: "c", video_name: "v" }, { Q1: "a?", A: "c", video_name: "v" }]);
    await expect(readVcgbenchDir(dir)).rejects.toHaveProperty("message", `invalid Q2: undefined (${file}: record 1)`);
  });

  it("fails on a folder without the files", async () => {
    const dir = await tempDir();
    await expect(readVcgbenchDir(dir)).rejects.toHaveProperty(
      "message",
      `no Video-ChatGPT benchmark files in ${dir} (expected one of vcgbench_generic_qa.json, generic_qa.json, ` +
        "vcgbench_temporal_qa.json, temporal_qa.json, vcgbench_consistency_qa.json, consistency_qa.json)",
    );
  });
});

describe("readItemsJsonl", () => {
  it("reads items, one per line, skipping blank lines", async () => {
    const file = join(await tempDir(), "items.jsonl");
    const item = { id: "a/1", dataset: "a", category: "object", video: "v", question: "Q?", reference: "R", flags: ["edited-question"], extra: 1 };
    await writeFile(file, `${JSON.stringify(item)}\n\n${JSON.stringify({ ...item, id: "a/2", category: "answerable" })}\n`);
    const items = await readItemsJsonl(file);
    expect(items.map((i) => [i.id, i.category])).toEqual([["a/1", "object"], ["a/2", "answerable"]]);
    expect(items[0]).toMatchObject({ flags: ["edited-question"], extra: 1 });
  });

  it("names the line and field of a bad item", async () => {
    const file = join(await tempDir(), "items.jsonl");
    const item = { id: "a/1", dataset: "a", category: "object", video: "v", question: "Q?", reference: "R" };
    await writeFile(file, `${JSON.stringify(item)}\n${JSON.stringify({ ...item, category: "maybe" })}\n`);
    await expect(readItemsJsonl(file)).rejects.toHaveProperty("message", `invalid category: "maybe" (${file}:2)`);
  });
});
