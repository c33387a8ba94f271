import { defineConfig } from "vitest/config";
import SummaryReporter from "./tests/summary-reporter.ts";

// One id per test run, inherited by the test workers: browser tests that need the same site build share it
// (tests/browser/site.ts#sharedBuild) instead of each building and racing over one dist/.
process.env.UVQA_TEST_RUN ??= `${process.pid}-${Date.now()}`;

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
