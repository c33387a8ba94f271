// A report with no aligned run (tests/browser/alignment.test.ts): the pages' "no aligned runs yet" state.
import { defineConfig } from "../../loaders/config/schema.ts";

export default defineConfig({
  datasets: [{ id: "sample", kind: "sample" }],
  models: [{ id: "builtin", backend: "builtin", context: "scene" }],
  prompts: [],
  runs: [{ id: "builtin/unaligned", model: "builtin", prompt: "unaligned", variant: "unaligned" }],
  judges: [{ id: "builtin", kind: "builtin" }],
});
