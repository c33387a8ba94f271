// `npm run train [-- --seed N] [--epochs N] [--uvqa <dir>] [--out <dir>] [--check]`: makes the training set
// (the generator over data/scenes and over the public UVQA videos' scene facts), trains the learned
// answerability model and writes data/model/answerability.onnx and data/model/training.json. Seeded
// and single-threaded: the same seed and inputs give a byte-identical model. `--check` trains in memory
// and compares with the committed file (exit 1 when they differ); it writes nothing.
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { Command } from "commander";
import { sha256 } from "../../prompts/render.ts";
import { writeFileAtomic } from "../../storage/atomic.ts";
import { MODEL_DIR, MODEL_FILE, TRAINING_FILE, DEFAULT_TRAINING_SEED } from "../files.ts";
import { describe, publicFacts, trainingExamples } from "./data.ts";
import { trainModel } from "./train.ts";
import { DEFAULT_FIT } from "./fit.ts";

interface Options {
  seed: number;
  epochs: number;
  uvqa: string;
  out: string;
  check?: boolean;
}

const integer = (value: string) => {
  if (!/^\d+$/.test(value)) throw new Error(`expected a non-negative integer: ${value}`);
  return Number(value);
};

async function run(options: Options): Promise<number> {
  const log = (line: string) => process.stderr.write(`train: ${line}\n`);
  const started = performance.now();
  const cpu = process.cpuUsage();
  if (!existsSync(options.uvqa)) {
    log(`no UVQA folder at ${options.uvqa}: the committed model is trained with the public videos' scene facts (give --uvqa <dir> or UVQA_DATA_DIR)`);
    return 2;
  }
  const facts = await publicFacts(options.uvqa);
  const examples = await trainingExamples({ seed: options.seed, facts });
  const counts = describe(examples);
  log(`${examples.length} examples from ${counts.groups} videos (${Object.entries(counts).filter(([k]) => k.includes(":")).map(([k, v]) => `${k} ${v}`).join(", ")}); ${facts.length} public scenes (facts only)`);
  const result = trainModel(examples, { seed: options.seed, epochs: options.epochs, log });
  const total = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const hash = sha256(result.bytes);
  log(`model ${result.bytes.length} bytes, sha256 ${hash}; encode ${result.seconds.encode.toFixed(1)} s, fit ${result.seconds.fit.toFixed(1)} s, total ${total.toFixed(1)} s wall clock, ${cpuSeconds.toFixed(1)} s of CPU`);
  const target = join(options.out, MODEL_FILE);
  if (options.check) {
    const committed = existsSync(target) ? sha256(await readFile(target)) : "none";
    if (committed !== hash) {
      log(`check FAILED: ${target} has sha256 ${committed}, training gives ${hash}`);
      return 1;
    }
    log(`check passed: training reproduces ${target} byte for byte`);
    return 0;
  }
  await writeFileAtomic(target, result.bytes);
  const summary = {
    model: MODEL_FILE, sha256: hash, bytes: result.bytes.length, seed: options.seed, epochs: options.epochs,
    examples: counts, public_scenes: facts.length, metadata: result.metadata,
    seconds: { encode: round(result.seconds.encode), fit: round(result.seconds.fit), total: round(total), cpu: round(cpuSeconds) },
    trained_at: new Date().toISOString(), node: process.version,
  };
  await writeFileAtomic(join(options.out, TRAINING_FILE), JSON.stringify(summary, null, 1) + "\n");
  log(`wrote ${target} and ${join(options.out, TRAINING_FILE)}`);
  return 0;
}

const round = (x: number) => Math.round(x * 10) / 10;

const program = new Command("train")
  .description("train the learned answerability model (data/model/answerability.onnx)")
  .option("--seed <n>", "training seed", integer, DEFAULT_TRAINING_SEED)
  .option("--epochs <n>", "epochs", integer, DEFAULT_FIT.epochs)
  .option("--uvqa <dir>", "public UVQA folder: its videos' scene facts (never its questions) feed the generator", process.env.UVQA_DATA_DIR ?? "../shared/uvqa")
  .option("--out <dir>", "output folder", MODEL_DIR)
  .option("--check", "train in memory and compare with the committed model; write nothing")
  .action(async (options: Options) => {
    process.exitCode = await run({ ...options, uvqa: resolve(options.uvqa), out: resolve(options.out) });
  });
await program.parseAsync(process.argv);
