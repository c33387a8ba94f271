// The training set: questions the project's generator makes (template mode) from (a) the project's scene
// graphs and (b) the scene facts of the public UVQA videos, the facts only: the public questions,
// references and perturbations are evaluation data and are dropped on reading. Deterministic for a seed.
import { randomLcg } from "d3-random";
import { readUvqaDir } from "../../datasets/uvqa.ts";
import { MOMA_LEXICON } from "../../datasets/lexicon.ts";
import { factGenerator, type FactPool, type FactQuestion } from "../../generate/from-facts.ts";
import { generateItems } from "../../generate/generate.ts";
import { readSceneGraphs, SCENES_DIR } from "../../generate/sample.ts";
import { sceneOf } from "../../generate/scene-graph.ts";
import { defaultVocabulary } from "../../generate/vocabulary.ts";
import { plural, singular } from "../../generate/words.ts";
import type { Item, Scene } from "../../items/schema.ts";
import { LABELS, type Label } from "../architecture.ts";
import { tokenize } from "../tokens.ts";

export interface Example {
  /** The video (scene graph id or public video id): cross-validation folds never split one. */
  group: string;
  question: string;
  scene: Scene;
  label: number;
  /** Character spans of the perturbed element; null when the generator could not place it. */
  evidence: Array<{ start: number; end: number }> | null;
  /** scenes | facts */
  source: string;
}

/** A public video's scene facts: all that training may read of the public files. */
export interface VideoFacts {
  video: string;
  scene: Scene;
}

/** The distinct (video, scene facts) pairs of the public UVQA files; questions and references are dropped here. */
export async function publicFacts(dir: string): Promise<VideoFacts[]> {
  const { items } = await readUvqaDir(dir);
  const seen = new Set<string>();
  const out: VideoFacts[] = [];
  for (const item of items) {
    if (!item.scene) continue;
    const key = JSON.stringify([item.video, item.scene]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ video: item.video, scene: item.scene });
  }
  return out.sort((a, b) => (a.video < b.video ? -1 : a.video > b.video ? 1 : 0));
}

export interface TrainingOptions {
  seed: number;
  /** Public videos' facts (default: none). */
  facts?: VideoFacts[];
  scenesDir?: string;
  /** Generator seeds over the project's scene graphs. */
  graphRounds?: number;
  /** Fact-mode rounds per scene. */
  factRounds?: number;
  /** Share of questions given one typo. */
  typos?: number;
}

/** A seed and a tag -> a number in [0, 1) for d3's randomLcg. */
export function unit(seed: number, tag: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < tag.length; i++) h = Math.imul(h ^ tag.charCodeAt(i), 0x01000193) >>> 0;
  return h / 2 ** 32;
}

const labelOf = (category: string) => LABELS.indexOf(category as Label);

/** Where the perturbed element is in a generated item's question (its plural too), or null. */
export function locate(question: string, element: string): Array<{ start: number; end: number }> | null {
  const tokens = tokenize(question);
  const target = element.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).map(singular);
  if (!target.length) return null;
  for (let i = 0; i + target.length <= tokens.length; i++) {
    if (target.every((w, j) => singular(tokens[i + j]!.lower) === w || tokens[i + j]!.lower === plural(w))) {
      return [{ start: tokens[i]!.start, end: tokens[i + target.length - 1]!.end }];
    }
  }
  return null;
}

function fromItem(item: Item, group: string): Example {
  const evidence = item.perturbation ? locate(item.question, item.perturbation.replaced_with) : [];
  return { group, question: item.question, scene: item.scene!, label: labelOf(item.category), evidence, source: "scenes" };
}

function fromFactQuestion(q: FactQuestion, scene: Scene, group: string, source: string): Example {
  return { group, question: q.question, scene, label: labelOf(q.category), evidence: q.evidence ? [q.evidence] : q.category === "answerable" ? [] : null, source };
}

/** Replacement candidates: the vocabulary's and every public video's objects, MOMA-LRG's and the vocabulary's predicates. */
export function factPool(facts: readonly VideoFacts[]): FactPool {
  const vocabulary = defaultVocabulary();
  const objects = new Set(Object.values(vocabulary.kinds).flat());
  for (const { scene } of facts) for (const o of scene.objects) if (!/^(unsure|unclassified)/.test(o)) objects.add(o);
  const transitive = new Set(MOMA_LEXICON.filter((e) => e.arity === "transitive" && e.tail.length === 0).map((e) => e.predicate));
  const intransitive = new Set(MOMA_LEXICON.filter((e) => e.arity === "intransitive").map((e) => e.predicate));
  for (const group of Object.values(vocabulary.predicates)) for (const p of group.members) (group.intransitive ? intransitive : transitive).add(p);
  return { objects: [...objects].sort(), transitive: [...transitive].sort(), intransitive: [...intransitive].sort(), attributes: vocabulary.attributes };
}

export async function trainingExamples(options: TrainingOptions): Promise<Example[]> {
  const vocabulary = defaultVocabulary();
  const facts = options.facts ?? [];
  const graphs = await readSceneGraphs(options.scenesDir ?? SCENES_DIR);
  const generator = factGenerator(factPool(facts), vocabulary);
  const random = randomLcg(unit(options.seed, "training-set"));
  const out: Example[] = [];
  for (let round = 0; round < (options.graphRounds ?? 6); round++) {
    for (const item of generateItems(graphs, { seed: options.seed + round, dataset: "train" })) out.push(fromItem(item, item.video));
  }
  for (let round = 0; round < (options.factRounds ?? 4); round++) {
    for (const graph of graphs) {
      const scene = sceneOf(graph);
      for (const q of generator.questions(scene, random, 2)) out.push(fromFactQuestion(q, scene, graph.id, "scenes"));
    }
    for (const { video, scene } of facts) {
      for (const q of generator.questions(scene, random, 2)) out.push(fromFactQuestion(q, scene, video, "facts"));
    }
  }
  const unique = dedupe(out);
  return withTypos(unique, options.typos ?? 0.15, random);
}

/** One example per (video, question); the first wins. */
function dedupe(examples: Example[]): Example[] {
  const seen = new Set<string>();
  return examples.filter((e) => {
    const key = `${e.group}\u0000${e.question.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A typo (a dropped, doubled or swapped letter) in one word of five letters or more outside the evidence. */
function withTypos(examples: Example[], share: number, random: () => number): Example[] {
  return examples.map((e) => {
    if (random() >= share) return e;
    const spans = e.evidence ?? [];
    const words = tokenize(e.question).filter((t) => t.text.length >= 5 && !spans.some((s) => t.start < s.end && t.end > s.start));
    if (!words.length) return e;
    const w = words[Math.floor(random() * words.length)]!;
    const i = 1 + Math.floor(random() * (w.text.length - 2));
    const kind = Math.floor(random() * 3);
    const typo = kind === 0 ? w.text.slice(0, i) + w.text.slice(i + 1)
      : kind === 1 ? w.text.slice(0, i) + w.text[i] + w.text.slice(i)
      : w.text.slice(0, i - 1) + w.text[i] + w.text[i - 1] + w.text.slice(i + 1);
    const shift = typo.length - w.text.length;
    const question = e.question.slice(0, w.start) + typo + e.question.slice(w.end);
    const evidence = e.evidence?.map((s) => (s.start >= w.end ? { start: s.start + shift, end: s.end + shift } : s)) ?? null;
    return { ...e, question, evidence };
  });
}

/** How many examples of each label and source. */
export function describe(examples: readonly Example[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of examples) {
    for (const key of [`label:${LABELS[e.label]}`, `source:${e.source}`]) counts[key] = (counts[key] ?? 0) + 1;
  }
  counts.groups = new Set(examples.map((e) => e.group)).size;
  counts.total = examples.length;
  return counts;
}
