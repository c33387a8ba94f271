// The default experiment config: the offline report (the project's sample items and the built-in model),
// plus the public UVQA files when UVQA_DATA_DIR points at them. See docs/inference.md for other models.
import { defineConfig } from "./loaders/config/schema.ts";

export default defineConfig({
  datasets: [
    { id: "sample", kind: "sample" },
    { id: "uvqa", kind: "uvqa", dir: process.env.UVQA_DATA_DIR, twins: true, optional: true },
  ],
  models: [
    { id: "builtin", backend: "builtin", context: "scene" },
  ],
  prompts: [],
  runs: [
    { id: "builtin/unaligned", model: "builtin", prompt: "unaligned", variant: "unaligned" },
    { id: "builtin/prompt-aligned", model: "builtin", prompt: "prompt-aligned", variant: "prompt-aligned", baseline: "builtin/unaligned" },
  ],
  judges: [
    { id: "builtin", kind: "builtin" },
  ],
});
