// `uvqa generate --mode template --scenes <dir|file> --out <items.jsonl> [--seed N] [--dataset name]`
// `uvqa generate --mode llm --config <file> --model <model id> --scenes <dir|file> --out <items.jsonl>
//                [--seed N] [--per-kind N] [--dataset name] [--cache <dir>] [--concurrency N]`
// Scene graphs -> answerable and unanswerable items with their twins: template mode (deterministic,
// offline) or LLM mode (a configured model writes the question and its refusal; cached, resumable).
import { stat } from "node:fs/promises";
import { Option, type Command } from "commander";
import { loadConfig } from "../config/load.ts";
import { UvqaError } from "../errors.ts";
import { generateItems } from "../generate/generate.ts";
import { generateLlmItems } from "../generate/llm.ts";
import { DEFAULT_SEED, readSceneGraphs } from "../generate/sample.ts";
import { parseSceneGraphs, type SceneGraph } from "../generate/scene-graph.ts";
import { defaultVocabulary } from "../generate/vocabulary.ts";
import { DEFAULT_CACHE_DIR } from "../inference/cache.ts";
import { checkOutputFile, writeFileAtomic } from "../storage/atomic.ts";
import { readJson, toJsonl } from "../storage/jsonl.ts";
import { integer } from "./args.ts";

/** A folder of *.json scene files, or one file. */
export async function readScenes(path: string): Promise<SceneGraph[]> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new UvqaError(`no such file or folder: ${path}`, 2);
  if (info.isDirectory()) return readSceneGraphs(path);
  return parseSceneGraphs(await readJson(path), path, defaultVocabulary());
}

interface GenerateCliOptions {
  mode: "template" | "llm";
  scenes: string;
  out: string;
  seed: number;
  dataset?: string;
  config?: string;
  model?: string;
  perKind: number;
  cache: string;
  concurrency?: number;
  progress?: boolean;
}

export function register(program: Command): void {
  program
    .command("generate")
    .description("scene graphs -> answerable and unanswerable items with twins (template mode, or LLM mode through a configured model)")
    .addOption(new Option("--mode <mode>", "template (offline, deterministic) or llm").choices(["template", "llm"]).makeOptionMandatory())
    .requiredOption("--scenes <dir|file>", "scene graphs: a folder of *.json or one file")
    .requiredOption("--out <items.jsonl>", "items, one per line")
    .option("--seed <n>", "seed", integer(0), DEFAULT_SEED)
    .option("--dataset <name>", "dataset name (item ids start with it)")
    .option("--config <file>", "llm: experiment config holding the model")
    .option("--model <id>", "llm: a model id from the config")
    .option("--per-kind <n>", "llm: perturbations per kind (object, relation, attribute) and scene", integer(1), 2)
    .option("--cache <dir>", "llm: response cache folder (the replies, so a rerun sends nothing)", DEFAULT_CACHE_DIR)
    .option("--concurrency <n>", "llm: requests in flight", integer(1))
    .option("--progress", "show the progress bar even when stderr is not a terminal")
    .action(async (options: GenerateCliOptions) => {
      await checkOutputFile(options.out);
      const graphs = await readScenes(options.scenes);
      if (options.mode === "template") {
        const items = generateItems(graphs, { seed: options.seed, ...(options.dataset ? { dataset: options.dataset } : {}) });
        await writeFileAtomic(options.out, toJsonl(items));
        process.stderr.write(`uvqa generate: ${graphs.length} scenes -> ${items.length} items -> ${options.out}\n`);
        return;
      }
      if (!options.config || !options.model) throw new UvqaError("uvqa generate --mode llm needs --config <file> and --model <model id>", 2);
      const report = await generateLlmItems({
        config: await loadConfig(options.config),
        modelId: options.model,
        graphs,
        seed: options.seed,
        perKind: options.perKind,
        cacheDir: options.cache,
        ...(options.dataset ? { dataset: options.dataset } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        ...(options.progress !== undefined ? { progress: options.progress } : {}),
      });
      await writeFileAtomic(options.out, toJsonl(report.items));
      const reasons = new Map<string, number>();
      for (const { reason } of report.malformed) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      for (const { id, error } of report.failed.slice(0, 5)) process.stderr.write(`uvqa generate: ${id}: request failed (${error})\n`);
      process.stderr.write([
        `uvqa generate: ${graphs.length} scenes, ${report.candidates} perturbations (${report.sent} sent, ${report.cached} from the cache)`,
        `  accepted ${report.accepted} (+${report.twins} twins), not applicable ${report.notApplicable}, malformed ${report.malformed.length}` +
          (reasons.size ? ` (${[...reasons].map(([r, n]) => `${r}: ${n}`).join("; ")})` : "") +
          (report.failed.length ? `, failed ${report.failed.length} (asked again next run)` : ""),
        `  ${report.items.length} items -> ${options.out}`,
      ].join("\n") + "\n");
    });
}
