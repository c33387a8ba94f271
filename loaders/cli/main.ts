// `uvqa <command>`: each command lives in its own module and registers itself here.
import { Command, CommanderError } from "commander";
import { UvqaError } from "../errors.ts";

type Register = (program: Command) => void;

/** Command modules, in the order `uvqa --help` lists them. */
const commands: Array<() => Promise<{ register: Register }>> = [
  () => import("./score.ts"),
  () => import("./compare.ts"),
  () => import("./report.ts"),
  () => import("./infer.ts"),
  () => import("./serve.ts"),
  () => import("./items.ts"),
  () => import("./import.ts"),
  () => import("./batch.ts"),
  () => import("./generate.ts"),
  () => import("./judge.ts"),
  () => import("./judge-eval.ts"),
  () => import("./judge-agreement.ts"),
  () => import("./model-eval.ts"),
];

export async function main(argv: string[]): Promise<number> {
  const program = new Command("uvqa")
    .description("UVQA Lab: answerability evaluation of Video LLMs")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  for (const load of commands) (await load()).register(program);
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
