import { resolve } from "node:path";
import { defineConfig } from "vitest/config";
import SummaryReporter from "./tests/summary-reporter.ts";

// One id per test run, inherited by the test workers: browser tests that need the same site build share it
// (tests/browser/site.ts#sharedBuild) instead of each building and racing over one dist/.
process.env.UVQA_TEST_RUN ??= `${process.pid}-${Date.now()}`;

// `UVQA_DATA_DIR=../shared/uvqa npm test`: the tests that read the public files take them from there, resolved
// here against the folder the tests were started in (they start processes in other folders), as
// UVQA_TEST_DATA_DIR; the processes they start inherit no UVQA_DATA_DIR, so "the default build" is the embedded
// default whatever the shell holds, and a test wanting the public data passes it itself.
if (process.env.UVQA_DATA_DIR) process.env.UVQA_TEST_DATA_DIR ??= resolve(process.env.UVQA_DATA_DIR);
delete process.env.UVQA_DATA_DIR;

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    reporters: ["default", new SummaryReporter()],
    testTimeout: 30_000,
    hookTimeout: 600_000,
    // The browser and server tests start real processes; keep them from starving each other on 2 cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
