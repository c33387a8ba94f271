// Jobs for tests/pipeline/worker.test.ts, run in a worker thread by runJob.
import { UvqaError } from "../../loaders/errors.ts";

/** Doubles the values; also says whether it ran on the main thread. */
export async function double(values: Float64Array): Promise<{ values: Float64Array; main: boolean }> {
  const { isMainThread } = await import("node:worker_threads");
  return { values: values.map((x) => 2 * x), main: isMainThread };
}

export function failTyped(what: string): never {
  throw new UvqaError(`invalid thing: ${what}`, 2);
}

export function failPlain(): never {
  throw new TypeError("plain failure in a job");
}

/** Sums the numbers posted to it, until the inbox ends. */
export async function sum(start: number, inbox: AsyncIterable<number>): Promise<number> {
  let total = start;
  for await (const value of inbox) total += value;
  return total;
}
