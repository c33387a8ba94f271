// Option parsers shared by the commands: a bad value is one line from commander
// ("error: option '--resamples <n>' argument '-1' is invalid. expected an integer >= 0"), never a stack trace.
import { InvalidArgumentError } from "commander";

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
