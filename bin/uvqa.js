#!/usr/bin/env node
// The `uvqa` command. The library is TypeScript run through tsx, so there is no separate build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../loaders/cli/main.ts");
process.exitCode = await main(process.argv);
