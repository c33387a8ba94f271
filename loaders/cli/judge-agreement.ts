// Placeholder while the command is written (keeps the shared CLI loading).
import type { Command } from "commander";
export function register(_program: Command): void {}
