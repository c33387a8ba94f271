// The bench generator, shared by the build bench and the page bench: N synthetic but valid items and R runs of
// predictions, written as the files a user has (items JSONL per dataset, one predictions JSONL per run, a
// config whose models have `backend: "import"`) and imported as a user does (`uvqa import --from jsonl`, one
// process per run) into a response cache. Seeded: the same options give the same bytes.
//
// Items come in groups of five about one video (its scene facts: objects, relations as strings and triples,
// attributes, a caption): two twin pairs (an answerable item and an unanswerable one about the same fact,
// object / relation / attribute in turn, each naming the other in `pair`) and one lone answerable item. They have
// a `question_type` (what, where, why, yes/no), a `source` (the video's collection), a few `flags`
// (edited-question, self-swap, unparsed-relation), and belong to one of three datasets (half, three tenths, a
// fifth of the items). Runs come in pairs per model: unaligned (the baseline) and prompt-aligned against it.
// Responses are about 150 characters: correct answers, wrong answers, refusals naming what is absent, and
// hallucinated answers, in proportions that depend on the run; about 0.3% are `response: null` (a failed
// request) and 0.2% of the items are left out of each run's file (the report counts them as missing).
import { spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { finished } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { randomLcg } from "d3-random";

export const REPO = resolve(fileURLToPath(import.meta.url), "../..");

/** Bump when the generated files change: the cached data sets are keyed on it. */
export const GENERATOR_VERSION = 1;

export interface GenerateOptions {
  items: number;
  runs: number;
  seed?: number;
  /** Where data sets are kept (default data/cache/bench, ignored by git). */
  root?: string;
  /** Progress lines (default console.log). */
  log?: (line: string) => void;
}

/** The default bench size: 10 runs x 100k items (1M responses). */
export const DEFAULT_SIZE = { items: 100_000, runs: 10 } as const;

/**
 * The bench size from the environment: UVQA_BENCH_RESPONSES (total responses, e.g. 100000 or 1e6; runs stay
 * 10 unless UVQA_BENCH_RUNS says otherwise), else the default 1M.
 */
export function sizeFromEnv(env: NodeJS.ProcessEnv = process.env): { items: number; runs: number } {
  const runs = env.UVQA_BENCH_RUNS ? Number(env.UVQA_BENCH_RUNS) : DEFAULT_SIZE.runs;
  const responses = env.UVQA_BENCH_RESPONSES ? Number(env.UVQA_BENCH_RESPONSES) : DEFAULT_SIZE.items * runs;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`invalid UVQA_BENCH_RUNS: ${env.UVQA_BENCH_RUNS}`);
  if (!Number.isFinite(responses) || responses < runs) throw new Error(`invalid UVQA_BENCH_RESPONSES: ${env.UVQA_BENCH_RESPONSES}`);
  return { items: Math.round(responses / runs), runs };
}

/**
 * The data set for these options, generated and imported once (`uvqa import --from jsonl`, as a user does) and
 * kept under `options.root`, keyed on the size, seed and GENERATOR_VERSION; later calls reuse it.
 */
export function generate(options: GenerateOptions): Promise<Generated> {
  return dataSet(options, options.root, options.log);
}

export interface Generated {
  dir: string;
  config: string;
  cache: string;
  items: number;
  runs: number;
  /** Predictions written (rows in the runs' files). */
  predictions: number;
  /** Seconds spent generating and importing (0 when the data set was already there). */
  seconds: { generate: number; import: number };
}

const PEOPLE = ["woman", "man", "boy", "girl", "chef", "player", "dancer", "worker", "teacher", "child", "guitarist", "cyclist"];
const OBJECTS = ["cup", "ball", "table", "chair", "book", "phone", "bag", "bottle", "bowl", "knife", "guitar", "bicycle", "box",
  "hat", "umbrella", "lamp", "bench", "rope", "camera", "plate", "towel", "bucket", "ladder", "basket", "broom", "kite", "map",
  "drum", "pan", "shovel", "laptop", "jar", "fence", "blanket", "pillow", "door", "window", "tray", "flag", "paddle"];
const ABSENT = ["horse", "piano", "giraffe", "helmet", "violin", "tractor", "canoe", "parrot", "trumpet", "kettle", "sword",
  "microscope", "anchor", "saddle", "lantern", "telescope", "surfboard", "wheelbarrow", "harp", "cannon"];
const PREDICATES = ["holding", "lifting", "carrying", "pushing", "pulling", "cleaning", "opening", "throwing", "moving",
  "touching", "filling", "painting", "fixing", "folding", "dropping", "washing"];
const COLOURS = ["red", "blue", "green", "yellow", "white", "black", "brown", "orange", "purple", "grey"];
const PLACES = ["kitchen", "garden", "street", "gym", "classroom", "beach", "workshop", "park", "stage", "office"];
const SOURCES = ["didemo", "msrvtt", "activitynet", "charades", "youcook2"];
const DATASETS = [{ id: "synth-a", share: 0.5 }, { id: "synth-b", share: 0.3 }, { id: "synth-c", share: 0.2 }];
const UNANSWERABLE = ["object", "relation", "attribute"] as const;

interface Triple { subject: string; predicate: string; object: string }
interface Scene {
  objects: string[];
  relations: string[];
  triples: Triple[];
  attributes: Array<{ object: string; attribute: string; class: string }>;
  captions: string[];
}

interface GenItem {
  id: string;
  dataset: string;
  category: "answerable" | (typeof UNANSWERABLE)[number];
  video: string;
  question: string;
  reference: string;
  scene: Scene;
  perturbation?: { kind: string; original: string; replaced_with: string; fact: string; in_question: boolean };
  pair?: string;
  question_type: string;
  source: string;
  flags?: string[];
}

/** What a response needs to know about its item. */
interface Facts {
  category: GenItem["category"]; subject: string; predicate: string; object: string; place: string; other: string;
  /** What the video does not show (unanswerable items), and an answer that takes the question's premise as true. */
  absent: string; claim: string;
}

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

function sceneOf(random: Random, place: string): { scene: Scene; subject: string } {
  const subject = pick(random, PEOPLE);
  const objects = [subject];
  while (objects.length < 6) {
    const o = pick(random, OBJECTS);
    if (!objects.includes(o)) objects.push(o);
  }
  const triples: Triple[] = [];
  for (let k = 1; k <= 4; k++) triples.push({ subject: k < 3 ? subject : objects[k]!, predicate: k < 3 ? pick(random, PREDICATES) : "next to", object: objects[k + 1]! });
  const attributes = objects.slice(1, 4).map((object) => ({ object, attribute: pick(random, COLOURS), class: "colour" }));
  return {
    subject,
    scene: {
      objects, triples,
      relations: triples.map((t) => `${t.subject} ${t.predicate} ${t.object}`),
      attributes,
      captions: [`A ${subject} is ${triples[0]!.predicate} a ${triples[0]!.object} in the ${place}.`],
    },
  };
}

/** One video's five items (two twin pairs and a lone answerable item), with the facts their responses use. */
function videoItems(random: Random, v: number, dataset: string, first: number): Array<{ item: GenItem; facts: Facts }> {
  const place = pick(random, PLACES);
  const source = SOURCES[v % SOURCES.length]!;
  const { scene, subject } = sceneOf(random, place);
  const video = `${source}/video-${v}`;
  const id = (k: number) => `${dataset}/${first + k}`;
  const out: Array<{ item: GenItem; facts: Facts }> = [];
  for (let k = 0; k < 5; k += 2) {
    const t = scene.triples[k === 4 ? 1 : k >> 1]!;
    const other = scene.objects[5]!;
    const base = { dataset, video, scene, source };
    const facts = { subject: t.subject, predicate: t.predicate, object: t.object, absent: "", claim: "", place, other };
    const kind = (k >> 1) % 2 === 0 ? "what" : pick(random, ["where", "why", "yes/no"]);
    const answerable: GenItem = {
      ...base, id: id(k), category: "answerable", question_type: kind,
      question: kind === "yes/no" ? `Is the ${t.subject} ${t.predicate} the ${t.object} in the ${place}?`
        : kind === "where" ? `Where is the ${t.subject} while ${t.predicate} the ${t.object}?`
        : kind === "why" ? `Why is the ${t.subject} ${t.predicate} the ${t.object}?`
        : `What is the ${t.subject} doing with the ${t.object}?`,
      reference: kind === "yes/no" ? `Yes, the ${t.subject} is ${t.predicate} the ${t.object}.`
        : kind === "where" ? `The ${t.subject} is in the ${place}, ${t.predicate} the ${t.object}.`
        : kind === "why" ? `The ${t.subject} is ${t.predicate} the ${t.object} to move it next to the ${other}.`
        : `The ${t.subject} is ${t.predicate} the ${t.object}.`,
    };
    if (k === 4) {
      out.push({ item: answerable, facts: { ...facts, category: "answerable" } });
      break;
    }
    const category = UNANSWERABLE[(v * 2 + (k >> 1)) % 3]!;
    const colour = scene.attributes.find((a) => a.object === t.object)?.attribute ?? "red";
    const wrongColour = COLOURS[(COLOURS.indexOf(colour) + 3) % COLOURS.length]!;
    const predicate2 = PREDICATES[(PREDICATES.indexOf(t.predicate) + 5) % PREDICATES.length]!;
    const absentObject = pick(random, ABSENT);
    const [question, replaced, original, fact, reason] = category === "object"
      ? [`What is the ${t.subject} doing with the ${absentObject}?`, absentObject, t.object, `${t.subject} ${t.predicate} ${absentObject}`, `there is no ${absentObject} in it`]
      : category === "relation"
        ? [`Why is the ${t.subject} ${predicate2} the ${t.object}?`, predicate2, t.predicate, `${t.subject} ${predicate2} ${t.object}`, `the ${t.subject} is not ${predicate2} the ${t.object}`]
        : [`What is the ${t.subject} doing with the ${wrongColour} ${t.object}?`, wrongColour, colour, `${t.subject} ${t.predicate} ${wrongColour} ${t.object}`, `the ${t.object} is ${colour}, not ${wrongColour}`];
    const flagged = random();
    const flags = flagged < 0.04 ? ["edited-question"] : flagged < 0.05 && category === "relation" ? ["self-swap"] : flagged < 0.06 ? ["unparsed-relation"] : undefined;
    const unanswerable: GenItem = {
      ...base, id: id(k + 1), category, question_type: category === "relation" ? "why" : "what", question,
      reference: `The question cannot be answered from the video: ${reason}; the ${t.subject} is ${t.predicate} the ${t.object}.`,
      perturbation: { kind: category, original, replaced_with: replaced, fact, in_question: !flags?.includes("edited-question") },
      pair: answerable.id,
      ...(flags ? { flags } : {}),
    };
    answerable.pair = unanswerable.id;
    out.push({ item: answerable, facts: { ...facts, category: "answerable" } });
    const [absent, claim] = category === "object" ? [`a ${absentObject}`, `The ${t.subject} is ${t.predicate} the ${absentObject}`]
      : category === "relation" ? [`the ${t.subject} ${predicate2} the ${t.object}`, `The ${t.subject} is ${predicate2} the ${t.object}`]
      : [`a ${wrongColour} ${t.object}`, `The ${t.subject} is ${t.predicate} the ${wrongColour} ${t.object}`];
    out.push({ item: unanswerable, facts: { ...facts, absent, claim, category } });
  }
  return out;
}

export interface RunPlan { id: string; model: string; prompt: string; variant: string; baseline: string | null; quality: number }

export function runPlans(runs: number): RunPlan[] {
  return Array.from({ length: runs }, (_, r) => {
    const m = r >> 1;
    const aligned = r % 2 === 1;
    return {
      id: `model-${m}/${aligned ? "prompt-aligned" : "unaligned"}`, model: `model-${m}`, prompt: aligned ? "prompt-aligned" : "unaligned",
      variant: aligned ? "prompt-aligned" : "unaligned", baseline: aligned ? `model-${m}/unaligned` : null, quality: 0.45 + 0.4 * ((m * 7) % 10) / 10,
    };
  });
}

/** A response of about 150 characters whose judged outcome follows the run's tendencies. */
function response(random: Random, run: RunPlan, f: Facts): string {
  const u = random();
  const aligned = run.baseline !== null;
  const tail = ` The ${f.other} stays in view in the ${f.place} for most of the clip.`;
  if (f.category === "answerable") {
    const refuse = aligned ? 0.1 : 0.03;
    if (u < refuse) return `I cannot answer this from the video: there is not enough visual information to tell what the ${f.subject} is doing, so I would rather not guess.`;
    if (u < refuse + (1 - refuse) * run.quality) return `The ${f.subject} is ${f.predicate} the ${f.object} in the ${f.place}.${tail}`;
    return `The ${f.subject} seems to be ${pick(random, PREDICATES)} the ${pick(random, ABSENT)} near the ${f.other}, then walks away from the camera.`;
  }
  const refuse = aligned ? 0.3 + 0.6 * run.quality : 0.15 * run.quality;
  if (u < refuse) return `The video does not show ${f.absent}; the ${f.subject} is ${f.predicate} the ${f.object} in the ${f.place}, so the question cannot be answered as asked.`;
  return `${f.claim} carefully in the ${f.place}, moving it slowly toward the ${f.other} and back again.`;
}

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const line of lines) if (!out.write(line + "\n")) await new Promise<void>((done) => out.once("drain", () => done()));
  out.end();
  await finished(out);
}

/** Writes the items, the runs' prediction files and the config into `dir` (no import). */
export async function writeDataSet(dir: string, options: GenerateOptions): Promise<{ predictions: number; plans: RunPlan[] }> {
  const seed = options.seed ?? 1;
  const random = randomLcg(seed / 1000);
  const n = Math.ceil(options.items / 5) * 5;
  const facts: Facts[] = new Array(n);
  const ids: string[] = new Array(n);
  const datasets: Array<{ id: string; file: string }> = [];
  await mkdir(join(dir, "predictions"), { recursive: true });
  let i = 0, v = 0;
  for (const [d, dataset] of DATASETS.entries()) {
    const end = d === DATASETS.length - 1 ? n : Math.min(n, i + Math.round((n * dataset.share) / 5) * 5);
    const file = `items-${dataset.id}.jsonl`;
    const start = i;
    function* lines() {
      for (; i < end; i += 5, v++) {
        for (const [k, { item, facts: f }] of videoItems(random, v, dataset.id, i - start).entries()) {
          facts[i + k] = f;
          ids[i + k] = item.id;
          yield JSON.stringify(item);
        }
      }
    }
    await writeLines(join(dir, file), lines());
    datasets.push({ id: dataset.id, file });
  }
  const plans = runPlans(options.runs);
  let predictions = 0;
  for (const [r, run] of plans.entries()) {
    const runRandom = randomLcg(((seed * 7919 + r * 104729) % 1_000_000) / 1_000_000);
    function* lines() {
      for (let k = 0; k < n; k++) {
        const u = runRandom();
        if (u < 0.002) continue; // not in the file: missing from the run
        predictions++;
        yield JSON.stringify({ item: ids[k], response: u < 0.005 ? null : response(runRandom, run, facts[k]!) });
      }
    }
    await writeLines(join(dir, "predictions", `${r}.jsonl`), lines());
  }
  const config = {
    datasets: datasets.map((d) => ({ id: d.id, kind: "items", path: d.file })),
    models: [...new Set(plans.map((p) => p.model))].map((id) => ({ id, backend: "import" })),
    prompts: [],
    runs: plans.map((p) => ({ id: p.id, model: p.model, prompt: p.prompt, variant: p.variant, ...(p.baseline ? { baseline: p.baseline } : {}) })),
    judges: [{ id: "builtin", kind: "builtin" }],
  };
  await writeFile(join(dir, "uvqa.config.ts"), `// Generated by bench/generate.ts (${n} items, ${plans.length} runs, seed ${seed}).\nexport default ${JSON.stringify(config, null, 2)};\n`);
  return { predictions, plans };
}

/** Runs a command; rejects with the tail of its stderr when it fails. */
export function runCommand(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd ?? REPO, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", fail);
    child.on("close", (code) => (code === 0 ? done({ stdout, stderr }) : fail(new Error(`${command} ${args.join(" ")} exited ${code}:\n${stderr.slice(-3000)}`))));
  });
}

/**
 * The data set for these options, generated and imported once into `<root>/n<items>-r<runs>-s<seed>-v<version>/`
 * (default root: data/cache/bench, ignored by git) and reused by later benches.
 */
export async function dataSet(options: GenerateOptions, root: string = join(REPO, "data", "cache", "bench"), log: (line: string) => void = console.log): Promise<Generated> {
  const seed = options.seed ?? 1;
  const dir = join(root, `n${options.items}-r${options.runs}-s${seed}-v${GENERATOR_VERSION}`);
  const done = join(dir, "generated.json");
  if (existsSync(done)) return { ...(JSON.parse(await readFile(done, "utf8")) as Generated), seconds: { generate: 0, import: 0 } };
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  log(`generating ${options.items} items x ${options.runs} runs into ${dir}`);
  let t = performance.now();
  const { predictions, plans } = await writeDataSet(dir, options);
  const generate = (performance.now() - t) / 1000;
  t = performance.now();
  const cache = join(dir, "responses");
  for (const [r, plan] of plans.entries()) {
    await runCommand(process.execPath, [join(REPO, "bin", "uvqa.js"), "import", "--from", "jsonl", "--file", join(dir, "predictions", `${r}.jsonl`),
      "--run", plan.id, "--model", plan.model, "--prompt", plan.prompt, "--cache", cache]);
  }
  const imported = (performance.now() - t) / 1000;
  log(`generated in ${generate.toFixed(1)} s, imported in ${imported.toFixed(1)} s`);
  const generated: Generated = { dir, config: join(dir, "uvqa.config.ts"), cache, items: Math.ceil(options.items / 5) * 5, runs: options.runs, predictions, seconds: { generate, import: imported } };
  await writeFile(done, JSON.stringify(generated, null, 1));
  return generated;
}
