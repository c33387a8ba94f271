import { defineConfig } from "vitest/config";
import SummaryReporter from "./tests/summary-reporter.ts";

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
