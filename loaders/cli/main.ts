// `uvqa <command>`: each command lives in its own module and registers itself here.
import { Command, CommanderError } from "commander";
import { UvqaError } from "../errors.ts";

type Register = (program: Command) => void;

/** Command modules by name, in the order `uvqa --help` lists them. */
const commands: ReadonlyArray<readonly [string, () => Promise<{ register: Register }>]> = [
  ["score", () => import("./score.ts")],
  ["compare", () => import("./compare.ts")],
  ["report", () => import("./report.ts")],
  ["infer", () => import("./infer.ts")],
  ["serve", () => import("./serve.ts")],
  ["items", () => import("./items.ts")],
  ["import", () => import("./import.ts")],
  ["batch", () => import("./batch.ts")],
  ["generate", () => import("./generate.ts")],
  ["judge", () => import("./judge.ts")],
  ["judge-eval", () => import("./judge-eval.ts")],
  ["judge-agreement", () => import("./judge-agreement.ts")],
  ["model-eval", () => import("./model-eval.ts")],
];

/**
 * The modules to load for `argv`: only the named command's when it names one (each module pulls its own heavy
 * dependencies, DuckDB, onnxruntime, the server, so loading all of them cost about 0.7 s of every run), every
 * module otherwise (`uvqa --help`, an unknown command: commander lists them all).
 */
export function commandsFor(argv: readonly string[]): Array<() => Promise<{ register: Register }>> {
  const name = argv.slice(2).find((arg) => !arg.startsWith("-"));
  const named = commands.find(([id]) => id === name);
  return named ? [named[1]] : commands.map(([, load]) => load);
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command("uvqa")
    .description("UVQA Lab: answerability evaluation of Video LLMs")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  for (const load of commandsFor(argv)) (await load()).register(program);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof UvqaError) {
      process.stderr.write(`uvqa: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
