// The experiment config: the default file loads and validates; errors name the file and the field path.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../loaders/config/load.ts";
import { defineConfig } from "../../loaders/config/schema.ts";

const run = promisify(execFile);
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

  test("the default config reads an empty UVQA_DATA_DIR as unset (the optional public dataset is left out, not invalid)", async () => {
    const script = `const { loadConfig } = await import(${JSON.stringify(join(process.cwd(), "loaders/config/load.ts"))});
const config = await loadConfig();
console.log(JSON.stringify(config.datasets.map((d) => d.dir ?? null)));`;
    const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { env: { ...process.env, UVQA_DATA_DIR: "" } });
    expect(JSON.parse(stdout)).toEqual([null, null]);
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
  });

  test("defineConfig lets the compiler catch a misspelled key (checked by tsc --noEmit)", () => {
    const config = defineConfig({
      // @ts-expect-error `modle` is not a run key: tsc fails on this file if defineConfig stops checking keys.
      runs: [{ id: "r", modle: "b", prompt: "unaligned", variant: "unaligned" }],
    });
    // At run time the same config is refused by the schema, naming the key.
    expect(config.runs).toHaveLength(1);
  });

  // The whole message: an error that does not name the bad key (or value) must fail these.
  test.each([
    ["unknown model", { models: [], runs: [{ id: "r", model: "gpt", prompt: "unaligned", variant: "unaligned" }] }, 'invalid runs.0.model: "gpt"'],
    ["unknown prompt", { models: [{ id: "b", backend: "builtin" }], runs: [{ id: "r", model: "b", prompt: "nope", variant: "x" }] }, 'invalid runs.0.prompt: "nope"'],
    ["unknown baseline", { models: [{ id: "b", backend: "builtin" }], runs: [{ id: "r", model: "b", prompt: "unaligned", variant: "x", baseline: "q" }] }, 'invalid runs.0.baseline: "q"'],
    ["openai without baseUrl", { models: [{ id: "o", backend: "openai" }] }, "invalid models.0.baseUrl: undefined"],
    ["a key value instead of a variable name", { models: [{ id: "o", backend: "openai", baseUrl: "http://x/v1", apiKey: "sk-123" }] }, 'invalid key: "models.0.apiKey"'],
    ["a key in apiKeyEnv", { models: [{ id: "o", backend: "openai", baseUrl: "http://x/v1", apiKeyEnv: "sk-abc123-xyz" }] }, 'invalid models.0.apiKeyEnv: "sk-abc123-xyz"'],
    ["duplicate run ids", { models: [{ id: "b", backend: "builtin" }], runs: [{ id: "r", model: "b", prompt: "unaligned", variant: "x" }, { id: "r", model: "b", prompt: "unaligned", variant: "y" }] }, 'invalid runs.1.id: "r"'],
    ["bad frame count", { models: [{ id: "b", backend: "builtin", video: { frames: { count: 0 } } }] }, "invalid models.0.video.frames.count: 0"],
    ["a misspelled model key", { models: [{ id: "o", backend: "openai", baseURL: "http://x/v1" }] }, 'invalid key: "models.0.baseURL", did you mean "baseUrl"?'],
    ["a misspelled run key", { models: [{ id: "b", backend: "builtin" }], runs: [{ id: "r", model: "b", prompt: "unaligned", variant: "x", baseLine: "r" }] }, 'invalid key: "runs.0.baseLine", did you mean "baseline"?'],
    ["a misspelled top-level key", { model: [{ id: "b", backend: "builtin" }] }, 'invalid key: "model", did you mean "models"?'],
    ["a misspelled judge key", { models: [{ id: "b", backend: "builtin" }], judges: [{ id: "j", kind: "llm", modle: "b" }] }, 'invalid key: "judges.0.modle", did you mean "model"?'],
    ["a nested unknown key", { models: [{ id: "b", backend: "builtin", video: { frames: { fps: 2 } } }] }, 'invalid key: "models.0.video.frames.fps"'],
  ])("%s", async (_name, body, message) => {
    const file = await write("bad1.config.ts", body);
    await expect(loadConfig(file)).rejects.toHaveProperty("message", `${message} (${relative(process.cwd(), file)})`);
  });

  test("a missing file, an empty file and a file that does not compile are named, with the line and column", async () => {
    const none = join(dir, "none.config.ts");
    await expect(loadConfig(none)).rejects.toHaveProperty("message", `no such config file: ${relative(process.cwd(), none)}`);
    const empty = join(dir, "empty.config.ts");
    await writeFile(empty, "\n");
    await expect(loadConfig(empty)).rejects.toHaveProperty("message", 
      `config ${relative(process.cwd(), empty)} is empty: export default { datasets, models, prompts, runs, judges } (README, Running your own models)`);
    const file = join(dir, "broken.config.ts");
    await writeFile(file, 'export default {\n  runs: [\n    { id: "a" model: "b" },\n  ],\n};\n');
    await expect(loadConfig(file)).rejects.toHaveProperty("message", `cannot load config ${relative(process.cwd(), file)}:3:14: Expected "}" but found "model"`);
  });

  test("a config that throws while it loads is named (uvqa, a real process)", async () => {
    const throws = join(dir, "throws.config.ts");
    await writeFile(throws, "const x: any = undefined;\nexport default {\n  runs: x.y,\n};\n");
    const failure = await run(process.execPath, ["bin/uvqa.js", "infer", "--config", throws]).catch((e: { code: number; stderr: string }) => e);
    // A config outside an ES-module package is loaded as CommonJS without a source map: no position to give.
    expect(failure).toMatchObject({ code: 2, stderr: `uvqa: cannot load config ${relative(process.cwd(), throws)}: Cannot read properties of undefined (reading 'y')\n` });
  });
});
