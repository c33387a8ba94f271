// The experiment config: the default file loads and validates; errors name the file and the field path.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../loaders/config/load.ts";
import { defineConfig } from "../../loaders/config/schema.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uvqa-config-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, body: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `export default ${JSON.stringify(body)};\n`);
  return file;
}

describe("loadConfig", () => {
  test("the default uvqa.config.ts: sample and uvqa datasets, the rule set and the learned model, three runs, the builtin judge", async () => {
    const config = await loadConfig();
    expect(config.datasets.map((d) => [d.id, d.kind])).toEqual([["sample", "sample"], ["uvqa", "uvqa"]]);
    expect(config.datasets[1]).toMatchObject({ twins: true, optional: true });
    expect(config.models).toEqual([{ id: "builtin", backend: "builtin", context: "scene" }, { id: "builtin-model", backend: "builtin-model", context: "scene" }]);
    expect(config.runs).toEqual([
      { id: "builtin/unaligned", model: "builtin", prompt: "unaligned", variant: "unaligned" },
      { id: "builtin/prompt-aligned", model: "builtin", prompt: "prompt-aligned", variant: "prompt-aligned", baseline: "builtin/unaligned" },
      { id: "builtin-model/prompt-aligned", model: "builtin-model", prompt: "prompt-aligned", variant: "learned", baseline: "builtin/unaligned" },
    ]);
    expect(config.judges).toEqual([{ id: "builtin", kind: "builtin" }]);
  });

  test("a TypeScript config using defineConfig, with frames defaults filled in", async () => {
    const file = join(dir, "typed.config.ts");
    await writeFile(file, `import { defineConfig } from ${JSON.stringify(join(process.cwd(), "loaders/config/schema.ts"))};
const frames: { count: number } = { count: 4 };
export default defineConfig({
  models: [{ id: "vl", backend: "openai", model: "Qwen/Qwen2.5-VL-7B-Instruct", baseUrl: "http://127.0.0.1:8000/v1", video: { frames: { ...frames, dir: "/videos" } } }],
  prompts: [{ id: "terse", template: "{context}\\nQ: {question}\\nA:" }],
  runs: [{ id: "vl/terse", model: "vl", prompt: "terse", variant: "unaligned" }],
});
`);
    const config = await loadConfig(file);
    expect(config.models[0]!.video!.frames).toEqual({ count: 4, maxSide: 448, quality: 85, dir: "/videos" });
    expect(config.prompts[0]!.id).toBe("terse");
    expect(defineConfig({ runs: [] })).toEqual({ runs: [] });
  });

  test.each([
    ["unknown model", { models: [], runs: [{ id: "r", model: "gpt", prompt: "unaligned", variant: "unaligned" }] }, /^invalid runs\.0\.model: "gpt" \(.*bad1\.config\.ts\)$/],
    ["unknown prompt", { models: [{ id: "b", backend: "builtin" }], runs: [{ id: "r", model: "b", prompt: "nope", variant: "x" }] }, /^invalid runs\.0\.prompt: "nope"/],
    ["unknown baseline", { models: [{ id: "b", backend: "builtin" }], runs: [{ id: "r", model: "b", prompt: "unaligned", variant: "x", baseline: "q" }] }, /^invalid runs\.0\.baseline: "q"/],
    ["openai without baseUrl", { models: [{ id: "o", backend: "openai" }] }, /^invalid models\.0\.baseUrl: undefined/],
    ["a key value instead of a variable name", { models: [{ id: "o", backend: "openai", baseUrl: "http://x/v1", apiKey: "sk-123" }] }, /^invalid models\.0/],
    ["a key in apiKeyEnv", { models: [{ id: "o", backend: "openai", baseUrl: "http://x/v1", apiKeyEnv: "sk-abc123-xyz" }] }, /^invalid models\.0\.apiKeyEnv: "sk-abc123-xyz"/],
    ["duplicate run ids", { models: [{ id: "b", backend: "builtin" }], runs: [{ id: "r", model: "b", prompt: "unaligned", variant: "x" }, { id: "r", model: "b", prompt: "unaligned", variant: "y" }] }, /^invalid runs\.1\.id: "r"/],
    ["bad frame count", { models: [{ id: "b", backend: "builtin", video: { frames: { count: 0 } } }] }, /^invalid models\.0\.video\.frames\.count: 0/],
  ])("%s", async (_name, body, message) => {
    const file = await write("bad1.config.ts", body);
    await expect(loadConfig(file)).rejects.toThrow(message);
  });

  test("a missing file and a file that does not compile are named", async () => {
    await expect(loadConfig(join(dir, "none.config.ts"))).rejects.toThrow(/^no such config file: .*none\.config\.ts$/);
    const file = join(dir, "broken.config.ts");
    await writeFile(file, "export default {{;\n");
    await expect(loadConfig(file)).rejects.toThrow(/^cannot load config .*broken\.config\.ts: /);
  });
});
