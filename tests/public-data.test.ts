// The rule for tests that need the public data: skipped with a warning outside CI, run (and failing) in CI.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { skipWithoutPublicData } from "./public-data.ts";

test("a missing public file skips outside CI, never in CI; a present one never skips", () => {
  const empty = mkdtempSync(join(tmpdir(), "uvqa-no-data-"));
  expect(skipWithoutPublicData("eval_object.json", {}, empty)).toBe(true);
  expect(skipWithoutPublicData("eval_object.json", { CI: "false" }, empty)).toBe(true);
  expect(skipWithoutPublicData("eval_object.json", { CI: "true" }, empty)).toBe(false);
  expect(skipWithoutPublicData("eval_object.json", { CI: "1" }, empty)).toBe(false);
  writeFileSync(join(empty, "eval_object.json"), "[]");
  expect(skipWithoutPublicData("eval_object.json", {}, empty)).toBe(false);
});
