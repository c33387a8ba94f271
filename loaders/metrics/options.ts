// Option defaults and checks shared by scoreRuns and compareRuns.
import { UvqaError } from "../errors.ts";
import { DEFAULT_LEVEL, DEFAULT_RESAMPLES, DEFAULT_SEED, type Method } from "./bootstrap.ts";
import type { BootstrapOptions } from "./types.ts";

export interface Resolved {
  resamples: number;
  seed: number;
  level: number;
  /** Engine choice, for tests that pin the cell and item paths against each other. */
  method: Method;
}

export function resolveOptions(options: BootstrapOptions & { method?: Method } = {}): Resolved {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? DEFAULT_SEED;
  const level = options.level ?? DEFAULT_LEVEL;
  if (!Number.isInteger(resamples) || resamples < 0) throw new UvqaError(`invalid resamples: ${resamples}`, 2);
  if (!Number.isFinite(seed)) throw new UvqaError(`invalid seed: ${seed}`, 2);
  if (!(level > 0 && level < 1)) throw new UvqaError(`invalid level: ${level}`, 2);
  return { resamples, seed, level, method: options.method ?? "auto" };
}
