// The hand-written part of the sample data: read with its scene graphs' facts, in the sample dataset after the
// generated items, and bad lines refused with the file and line.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readHandWritten, HAND_WRITTEN_SOURCE } from "../../loaders/generate/hand-written.ts";
import { loadSampleItems, readSceneGraphs, SCENES_DIR } from "../../loaders/generate/sample.ts";
import { sceneOf } from "../../loaders/generate/scene-graph.ts";

describe("the hand-written sample items", () => {
  it("are at least 150, of every category, with their scene graph's facts, after the generated items", async () => {
    const all = await loadSampleItems();
    const generated = await loadSampleItems({ handWritten: null });
    const hand = all.slice(generated.length);
    expect(all.slice(0, generated.length)).toEqual(generated);
    expect(hand.length).toBeGreaterThanOrEqual(150);
    expect(new Set(hand.map((i) => i.category))).toEqual(new Set(["answerable", "object", "relation", "attribute"]));
    const graphs = new Map((await readSceneGraphs(SCENES_DIR)).map((g) => [g.id, g]));
    for (const item of hand) {
      expect(item.source).toBe(HAND_WRITTEN_SOURCE);
      expect(item.dataset).toBe("sample");
      expect(item.scene).toEqual(sceneOf(graphs.get(item.video)!));
      expect(item.perturbation === undefined).toBe(item.category === "answerable");
    }
    expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
  });

  it("refuses an unknown scene, a repeated id, and an unanswerable item without its perturbation, naming the line", async () => {
    const graphs = await readSceneGraphs(SCENES_DIR);
    const dir = await mkdtemp(join(tmpdir(), "uvqa-hand-"));
    const ok = { id: "h/0", scene: "park-bench", category: "answerable", question: "Who is on the bench?", reference: "The woman is." };
    const cases: Array<[unknown[], string]> = [
      [[{ ...ok, scene: "moon-base" }], `invalid scene: "moon-base" (${join(dir, "0.jsonl")}:1)`],
      [[ok, ok], `invalid id: "h/0" (${join(dir, "1.jsonl")}:2)`],
      [[ok, { ...ok, id: "h/1", category: "object" }], `invalid perturbation: null (${join(dir, "2.jsonl")}:2)`],
      [[{ ...ok, extra: 1 }], `invalid key: "extra" (${join(dir, "3.jsonl")}:1)`],
    ];
    for (const [i, [rows, message]] of cases.entries()) {
      const file = join(dir, `${i}.jsonl`);
      await writeFile(file, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
      await expect(readHandWritten(graphs, file)).rejects.toThrow(message);
    }
  });
});
