// A configured run's items (`uvqa infer --config`, `uvqa batch`): each dataset is loaded once per config,
// when a run first needs it, so a run never reads a dataset it does not use; an unknown run is an error.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ExperimentConfigSchema } from "../../loaders/config/schema.ts";
import { runItems } from "../../loaders/inference/batch/items.ts";
import { toJsonl } from "../../loaders/storage/jsonl.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-run-items-"));
  await writeFile(join(dir, "a.jsonl"), toJsonl([{ id: "a/1", dataset: "a", category: "answerable", video: "v", question: "Q?", reference: "R" }]));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("datasets loaded once, on demand; a run's unused dataset is never read", async () => {
  const config = ExperimentConfigSchema.parse({
    datasets: [{ id: "a", kind: "items", path: "a.jsonl" }, { id: "gone", kind: "items", path: "missing.jsonl" }],
    models: [{ id: "builtin", backend: "builtin" }],
    runs: [
      { id: "r1", model: "builtin", prompt: "unaligned", variant: "unaligned", datasets: ["a"] },
      { id: "r2", model: "builtin", prompt: "prompt-aligned", variant: "prompt-aligned", datasets: ["a"] },
      { id: "r3", model: "builtin", prompt: "unaligned", variant: "unaligned", datasets: ["gone"] },
    ],
  });
  const configPath = join(dir, "uvqa.config.ts");
  const logged: string[] = [];
  const log = (line: string) => logged.push(line);
  expect((await runItems(config, configPath, "r1", undefined, log)).map((item) => item.id)).toEqual(["a/1"]);
  expect((await runItems(config, configPath, "r2", undefined, log)).map((item) => item.id)).toEqual(["a/1"]);
  expect(logged).toEqual(["dataset a: 1 items"]);
  await expect(runItems(config, configPath, "r3", undefined, log)).rejects.toThrow("dataset gone: missing.jsonl does not exist");
  await expect(runItems(config, configPath, "nope", undefined, log)).rejects.toThrow("unknown run: nope (known: r1, r2, r3)");
});
