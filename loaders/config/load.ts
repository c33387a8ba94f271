// Loads the experiment config: a TypeScript module (default export or `config`), imported through tsx,
// then validated. Errors name the file and the field path: `invalid runs.1.model: "gpt" (uvqa.config.ts)`.
import { access, readFile } from "node:fs/promises";
import { relative, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { tsImport } from "tsx/esm/api";
import { UvqaError, parseAt } from "../errors.ts";
import { ExperimentConfigSchema, type ExperimentConfig } from "./schema.ts";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DEFAULT_CONFIG = resolve(REPO_ROOT, "uvqa.config.ts");

export async function loadConfig(path: string = DEFAULT_CONFIG): Promise<ExperimentConfig> {
  const file = resolve(path);
  const shown = relative(process.cwd(), file) || file;
  try {
    await access(file);
  } catch {
    throw new UvqaError(`no such config file: ${shown}`, 2);
  }
  if (!(await readFile(file, "utf8")).trim()) {
    throw new UvqaError(`config ${shown} is empty: export default { datasets, models, prompts, runs, judges } (README, Running your own models)`, 2);
  }
  let module: Record<string, unknown>;
  try {
    module = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    throw new UvqaError(`cannot load config ${loadFailure(error as Error, file, shown)}`, 2);
  }
  let value = module.default ?? module.config;
  // A CommonJS-interop namespace may wrap the default export once more.
  if (value && typeof value === "object" && "default" in value && !("runs" in value) && !("models" in value)) {
    value = (value as { default: unknown }).default;
  }
  if (value === undefined) throw new UvqaError(`config ${shown} has no default export`, 2);
  return parseAt(ExperimentConfigSchema, value, { file: shown });
}

/**
 * `<file>:<line>:<column>: <what>` for a config that does not compile (esbuild's first error) or throws
 * while it loads (the first stack frame in the file); `<file>: <message>` when there is no position.
 */
export function loadFailure(error: Error, file: string, shown: string): string {
  const message = String(error?.message ?? error);
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const compile = new RegExp(`^${escaped}:(\\d+):(\\d+): ERROR: (.*)$`, "m").exec(message);
  if (compile) return `${shown}:${compile[1]}:${compile[2]}: ${compile[3]}`;
  const frame = new RegExp(`${escaped}(?:\\?[^:\\s]*)?:(\\d+):(\\d+)`).exec(String(error?.stack ?? ""));
  const first = message.split("\n")[0];
  return frame ? `${shown}:${frame[1]}:${frame[2]}: ${first}` : `${shown}: ${first}`;
}

/** Looks a run up with its model and prompt ids checked (the schema already checked them). */
export function findRun(config: ExperimentConfig, runId: string) {
  const run = config.runs.find((r) => r.id === runId);
  if (!run) throw new UvqaError(`unknown run: ${runId} (known: ${config.runs.map((r) => r.id).join(", ") || "none"})`, 2);
  const model = config.models.find((m) => m.id === run.model)!;
  return { run, model };
}
