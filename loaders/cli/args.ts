// Option parsers shared by the commands: a bad value is one line from commander
// ("error: option '--resamples <n>' argument '-1' is invalid. expected an integer >= 0"), never a stack trace.
import { InvalidArgumentError, type Command } from "commander";
import { parseSlice, SliceError } from "../metrics/filters.ts";
import { UvqaError } from "../errors.ts";

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

/** A repeatable `--slice <expr>`: each filter expression checked as it is read (metrics/filters.ts). */
export function sliceExpression(value: string, previous: string[] = []): string[] {
  try {
    parseSlice(value);
  } catch (error) {
    if (error instanceof SliceError) throw new InvalidArgumentError(error.problem);
    throw error;
  }
  return [...previous, value];
}

/** `--resamples` and `--seed` (and, with `slicing`, `--slice-by` and `--slice`): the bootstrap options of every scoring command. */
export function bootstrapOptions<C extends Command>(command: C, slicing = true): C {
  command
    .option("--resamples <n>", "bootstrap resamples", integer(0), 1000)
    .option("--seed <n>", "bootstrap seed", integer());
  if (slicing) {
    command
      .option("--slice-by <fields>", "extra item fields to slice by, comma-separated (e.g. question_type,dataset); an array field such as flags gives one slice per element")
      .option("--slice <expr>", "a filter slice, repeatable: field=v1,v2&field2=v3 (percent-encoded values; the item has one of the values of each field), named by its canonical form", sliceExpression);
  }
  return command;
}

/** The parsed bootstrap options as `ScoreOptions`. */
export function scoreOptions(options: { resamples: number; seed?: number; sliceBy?: string; slice?: string[] }): { resamples: number; seed?: number; sliceFields: string[]; slices: string[] } {
  return {
    resamples: options.resamples,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    sliceFields: options.sliceBy ? options.sliceBy.split(",").map((f) => f.trim()).filter(Boolean) : [],
    slices: options.slice ?? [],
  };
}

/** Item fields that make sense as slices: everything but the text and the nested records. */
const NOT_SLICES = new Set(["id", "question", "reference", "video", "scene", "perturbation"]);

/** A `--slice-by` field that no item has is a typo, not an empty slice: one line naming it and the fields there are. */
export function checkSliceFields(items: readonly Record<string, unknown>[], fields: readonly string[], file: string): void {
  for (const field of fields) {
    if (items.some((item) => item[field] !== undefined && item[field] !== null)) continue;
    const present = new Set<string>();
    for (const item of items) for (const key of Object.keys(item)) if (!NOT_SLICES.has(key) && item[key] != null) present.add(key);
    throw new UvqaError(`invalid --slice-by: ${JSON.stringify(field)} (no item in ${file} has it; fields: ${[...present].sort().join(", ")})`, 2);
  }
}
