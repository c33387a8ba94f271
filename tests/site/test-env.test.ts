// `UVQA_DATA_DIR=../shared/uvqa npm test` (the guide's way) must not turn the tests' "default build" into a
// build with the public data, nor point processes started in a temporary folder at a path relative to it.
import { spawnSync } from "node:child_process";
import { isAbsolute, resolve } from "node:path";
import { describe, expect, it } from "vitest";

describe("the tests' environment", () => {
  it("holds no UVQA_DATA_DIR for the processes tests start; a given one is UVQA_TEST_DATA_DIR, absolute", () => {
    expect(process.env.UVQA_DATA_DIR).toBeUndefined();
    if (process.env.UVQA_TEST_DATA_DIR !== undefined) expect(isAbsolute(process.env.UVQA_TEST_DATA_DIR)).toBe(true);
  });

  it("vitest.config.ts moves a relative UVQA_DATA_DIR, resolved against where the tests start", () => {
    // The config, loaded in a fresh process started with the guide's relative folder, as vitest loads it.
    const script = `await import(${JSON.stringify(resolve("vitest.config.ts"))}); console.log(JSON.stringify([process.env.UVQA_DATA_DIR ?? null, process.env.UVQA_TEST_DATA_DIR ?? null]))`;
    const env: NodeJS.ProcessEnv = { ...process.env, UVQA_DATA_DIR: "../shared/uvqa" };
    delete env.UVQA_TEST_DATA_DIR;
    const out = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { env, encoding: "utf8" });
    expect(out.status, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout.trim().split("\n").at(-1)!)).toEqual([null, resolve("..", "shared", "uvqa")]);
  });
});
