// Option parsers shared by the commands: a bad value is one line from commander
// ("error: option '--resamples <n>' argument '-1' is invalid. expected an integer >= 0"), never a stack trace.
import { InvalidArgumentError, type Command } from "commander";

export function integer(min = Number.NEGATIVE_INFINITY) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim()) || Number(value) < min) {
      throw new InvalidArgumentError(min === Number.NEGATIVE_INFINITY ? "expected an integer" : `expected an integer >= ${min}`);
    }
    return Number(value);
  };
}

export function number(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError("expected a number");
  return n;
}

/** `--resamples` and `--seed` (and, with `slicing`, `--slice-by`): the bootstrap options of every scoring command. */
export function bootstrapOptions<C extends Command>(command: C, slicing = true): C {
  command
    .option("--resamples <n>", "bootstrap resamples", integer(0), 1000)
    .option("--seed <n>", "bootstrap seed", integer());
  if (slicing) command.option("--slice-by <fields>", "extra item fields to slice by, comma-separated (e.g. question_type,dataset)");
  return command;
}

/** The parsed bootstrap options as `ScoreOptions`. */
export function scoreOptions(options: { resamples: number; seed?: number; sliceBy?: string }): { resamples: number; seed?: number; sliceFields: string[] } {
  return {
    resamples: options.resamples,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    sliceFields: options.sliceBy ? options.sliceBy.split(",").map((f) => f.trim()).filter(Boolean) : [],
  };
}
