// The site build runs a configured experiment against a real OpenAI-compatible server (`uvqa serve`) with
// an API key taken from the environment by name: the key is sent, and no built page, cache or report holds it.
import { randomBytes } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { builtReportFile, projectCopy } from "../browser/site.ts";
import { filesUnder, startRecordingProxy, startServe, type Served } from "../inference/helpers.ts";
import { spawn } from "node:child_process";

function spawnAsync(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

const KEY = `sk-uvqa-fake-${randomBytes(12).toString("hex")}`;
let served: Served;
let project: string;

beforeAll(async () => {
  [served, project] = await Promise.all([startServe(), projectCopy()]);
});
afterAll(async () => {
  await served?.stop();
  if (project) await rm(project, { recursive: true, force: true });
});

test("the site build runs the configured experiment against a local server and writes no key anywhere", async () => {
  // A proxy in front of `uvqa serve` that keeps the Authorization headers in memory only.
  const proxy = await startRecordingProxy(served.url);
  const seen = proxy.authorizations;
  try {
    const config = `import { defineConfig } from "./loaders/config/schema.ts";
export default defineConfig({
  datasets: [{ id: "sample", kind: "sample" }],
  models: [{ id: "served", backend: "openai", model: "builtin", baseUrl: "${proxy.url}", apiKeyEnv: "UVQA_TEST_FAKE_KEY", context: "scene", concurrency: 16 }],
  runs: [
    { id: "served/unaligned", model: "served", prompt: "unaligned", variant: "unaligned" },
    { id: "served/prompt-aligned", model: "served", prompt: "prompt-aligned", variant: "prompt-aligned", baseline: "served/unaligned" },
  ],
  judges: [{ id: "builtin", kind: "builtin" }],
});
`;
    await writeFile(join(project, "served.config.ts"), config);
    // Asynchronous: the proxy answers from this very process, so a synchronous spawn would deadlock it.
    const build = await spawnAsync("npm", ["run", "build", "--", "--clean", "--offline"], {
      cwd: project, env: { ...process.env, UVQA_CONFIG: "served.config.ts", UVQA_TEST_FAKE_KEY: KEY },
    });
    expect(build.status, `${build.stdout}\n${build.stderr}`.slice(-3000)).toBe(0);

    // The report holds the configured runs, answered by the server through the proxy with the key.
    const runs = JSON.parse(await readFile(builtReportFile(join(project, "dist"), "runs.json"), "utf8")) as Array<{ id: string; items: number }>;
    expect(runs.map((r) => r.id)).toEqual(["served/unaligned", "served/prompt-aligned"]);
    const items = runs[0]!.items;
    expect(items).toBeGreaterThan(100);
    expect(runs[1]!.items).toBe(items);
    expect(seen.filter((header) => header === `Bearer ${KEY}`).length).toBeGreaterThanOrEqual(2 * items);

    const files = [
      ...(await filesUnder(join(project, "dist"))),
      ...(await filesUnder(join(project, "data", "cache"))),
      ...(await filesUnder(join(project, "src", ".observablehq", "cache", "data"))),
    ];
    expect(files.some((f) => f.endsWith(".jsonl") && f.includes(join("data", "cache", "responses")))).toBe(true);
    const hits: string[] = [];
    for (const file of files) if ((await readFile(file)).includes(KEY)) hits.push(file);
    expect(hits).toEqual([]);
    expect(build.stdout + build.stderr).not.toContain(KEY);
  } finally {
    await proxy.close();
  }
}, 240_000);
