// A report with two judges (tests/browser/judges.test.ts): the built-in judge decides; the second is an LLM judge
// served by `uvqa serve --judge` at UVQA_TEST_JUDGE_URL (the built-in judge behind the LLM judge's JSON protocol,
// over real HTTP on 127.0.0.1).
import { defineConfig } from "../../loaders/config/schema.ts";

export default defineConfig({
  datasets: [{ id: "sample", kind: "sample" }],
  models: [
    { id: "builtin", backend: "builtin", context: "scene" },
    { id: "judge-model", backend: "openai", model: "builtin-judge", baseUrl: process.env.UVQA_TEST_JUDGE_URL ?? "http://127.0.0.1:9/v1" },
  ],
  runs: [
    { id: "builtin/unaligned", model: "builtin", prompt: "unaligned", variant: "unaligned" },
    { id: "builtin/prompt-aligned", model: "builtin", prompt: "prompt-aligned", variant: "prompt-aligned", baseline: "builtin/unaligned" },
  ],
  judges: [
    { id: "builtin", kind: "builtin" },
    { id: "served-judge", kind: "llm", model: "judge-model" },
  ],
});
