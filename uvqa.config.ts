// The default experiment config: the offline report (the project's sample items, generated and hand-written)
// with three runs: the rule set unaligned (the baseline), the rule set under the paper's instruction, and the
// learned answerability model (data/model/answerability.onnx), both aligned runs against the same baseline.
// The public UVQA files join when UVQA_DATA_DIR points at them. See docs/inference.md for other models.
import { defineConfig } from "./loaders/config/schema.ts";

export default defineConfig({
  datasets: [
    { id: "sample", kind: "sample" },
    // An empty UVQA_DATA_DIR (`UVQA_DATA_DIR= npm run build`) means unset, as it does for the shell user.
    { id: "uvqa", kind: "uvqa", dir: process.env.UVQA_DATA_DIR || undefined, twins: true, optional: true },
  ],
  models: [
    { id: "builtin", backend: "builtin", context: "scene" },
    { id: "builtin-model", backend: "builtin-model", context: "scene" },
  ],
  prompts: [],
  runs: [
    { id: "builtin/unaligned", model: "builtin", prompt: "unaligned", variant: "unaligned" },
    { id: "builtin/prompt-aligned", model: "builtin", prompt: "prompt-aligned", variant: "prompt-aligned", baseline: "builtin/unaligned" },
    { id: "builtin-model/prompt-aligned", model: "builtin-model", prompt: "prompt-aligned", variant: "learned", baseline: "builtin/unaligned" },
  ],
  judges: [
    { id: "builtin", kind: "builtin" },
  ],
});
