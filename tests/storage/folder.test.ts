// Output folders are replaced whole: afterwards they hold exactly the new output; a failure changes nothing;
// a folder holding the user's own files, or a file, is refused with one line.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { MARKER, replaceFolder, writeFolder } from "../../loaders/storage/folder.ts";

const fresh = () => mkdtempSync(join(tmpdir(), "uvqa-folder-"));

/** The pid of a process that has ended: what a SIGKILLed run leaves in its folder names. */
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid!;

describe("writeFolder", () => {
  test("a killed run's staging and old folders are cleared by the next run; a live run's are left alone", async () => {
    const parent = fresh();
    const out = join(parent, "report");
    await writeFolder(out, { "scores.json": "old" });
    const dead = deadPid();
    mkdirSync(join(parent, `.report.staging-${dead}-abc`));
    writeFileSync(join(parent, `.report.staging-${dead}-abc`, "scores.json"), "half");
    mkdirSync(join(parent, `.report.old-${dead}-abd`));
    mkdirSync(join(parent, `.report.staging-${process.pid}-abe`));
    await writeFolder(out, { "scores.json": "new" });
    expect(readdirSync(parent).sort()).toEqual([`.report.staging-${process.pid}-abe`, "report"]);
    expect(readFileSync(join(out, "scores.json"), "utf8")).toBe("new");
  });

  test("a run killed between its two renames (the old folder moved aside, the new one not yet in) gets the old folder back", async () => {
    const parent = fresh();
    const out = join(parent, "report");
    await writeFolder(out, { "scores.json": "last good" });
    const dead = deadPid();
    const { renameSync } = await import("node:fs");
    renameSync(out, join(parent, `.report.old-${dead}-abc`));
    await expect(replaceFolder(out, async () => {
      // the sweep ran before this write: the last good folder is back in place while the new one is staged
      expect(readFileSync(join(out, "scores.json"), "utf8")).toBe("last good");
      throw new Error("stop");
    })).rejects.toThrow("stop");
    expect(readdirSync(parent)).toEqual(["report"]);
  });

  test("a second write leaves none of the first write's files", async () => {
    const out = join(fresh(), "report");
    await writeFolder(out, { "scores.json": "old", "meta.json": "{}", "sub/x.arrow": "a" });
    await writeFolder(out, { "scores.json": "new" });
    expect(readdirSync(out).sort()).toEqual([MARKER, "scores.json"].sort());
    expect(readFileSync(join(out, "scores.json"), "utf8")).toBe("new");
    // no staging or old folder left beside it
    expect(readdirSync(join(out, ".."))).toEqual(["report"]);
  });

  test("a failing write leaves the old folder exactly as it was", async () => {
    const out = join(fresh(), "report");
    await writeFolder(out, { "scores.json": "old" });
    await expect(replaceFolder(out, async (staging) => {
      writeFileSync(join(staging, "scores.json"), "half");
      throw new Error("disk full");
    })).rejects.toThrow("disk full");
    expect(readFileSync(join(out, "scores.json"), "utf8")).toBe("old");
    expect(readdirSync(join(out, ".."))).toEqual(["report"]);
  });

  test("an older output folder without the marker (only output files) is replaced", async () => {
    const out = join(fresh(), "scores");
    mkdirSync(out);
    writeFileSync(join(out, "scores.json"), "[]");
    writeFileSync(join(out, "comparisons.parquet"), "x");
    await writeFolder(out, { "scores.json": "[1]" });
    expect(readdirSync(out).sort()).toEqual([MARKER, "scores.json"].sort());
  });

  test("a folder with the user's own files is refused and untouched", async () => {
    const out = fresh();
    writeFileSync(join(out, "notes.md"), "mine");
    await expect(writeFolder(out, { "scores.json": "[]" })).rejects.toThrow(
      `--out ${out} holds notes.md, which uvqa did not write: name a new or empty folder (it is replaced whole)`);
    expect(readdirSync(out)).toEqual(["notes.md"]);
  });

  test("a file named as the folder is refused with one line", async () => {
    const file = join(fresh(), "scores.json");
    writeFileSync(file, "[]");
    await expect(writeFolder(file, { "a.json": "{}" }, "--out")).rejects.toThrow(`--out names a file, not a folder: ${file}`);
    expect(readFileSync(file, "utf8")).toBe("[]");
  });
});
