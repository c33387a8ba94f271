// The default dataset: the project's own scene graphs (data/scenes) through template generation.
// This is what the offline report runs on.
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { listFiles } from "../storage/atomic.ts";
import { readJson } from "../storage/jsonl.ts";
import { UvqaError } from "../errors.ts";
import type { Item } from "../items/schema.ts";
import { generateItems } from "./generate.ts";
import { readHandWritten } from "./hand-written.ts";
import { parseSceneGraphs, type SceneGraph } from "./scene-graph.ts";
import { defaultVocabulary, type Vocabulary } from "./vocabulary.ts";

export const SCENES_DIR = fileURLToPath(new URL("../../data/scenes/", import.meta.url));
export const DEFAULT_SEED = 20250;

/** Every scene graph in `dir` (*.json, each an array of graphs or one graph), files in name order. */
export async function readSceneGraphs(dir: string, vocabulary: Vocabulary = defaultVocabulary()): Promise<SceneGraph[]> {
  const files = (await listFiles(dir)).filter((name) => name.endsWith(".json")).sort();
  if (files.length === 0) throw new UvqaError(`no scene graphs (*.json) in ${dir}`, 2);
  const graphs: SceneGraph[] = [];
  const seen = new Set<string>();
  for (const name of files) {
    const file = join(dir, name);
    for (const graph of parseSceneGraphs(await readJson(file), file, vocabulary)) {
      if (seen.has(graph.id)) throw new UvqaError(`duplicate scene id: ${JSON.stringify(graph.id)} (${file})`, 2);
      seen.add(graph.id);
      graphs.push(graph);
    }
  }
  return graphs;
}

/**
 * The sample dataset: the generator's items from the scene graphs, then (for the default scene graphs, or
 * when `handWritten` names a file) the hand-written items about the same scenes.
 */
export async function loadSampleItems(options: { seed?: number; dir?: string; handWritten?: string | null } = {}): Promise<Item[]> {
  const graphs = await readSceneGraphs(options.dir ?? SCENES_DIR);
  const generated = generateItems(graphs, { seed: options.seed ?? DEFAULT_SEED, dataset: "sample" });
  const hand = options.handWritten === null || (options.dir !== undefined && options.handWritten === undefined)
    ? [] : await readHandWritten(graphs, options.handWritten ?? undefined);
  return [...generated, ...hand];
}
