// An output folder written whole: everything goes into a staging folder beside the target, which is swapped in
// only once every file is written. Afterwards the folder holds exactly this command's output (no file of an
// older run left beside the new ones); on failure it is unchanged.
import { lstat, mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { UvqaError } from "../errors.ts";

/** Written into every output folder, so a later run knows it may replace the folder. */
export const MARKER = ".uvqa-output";

/** Files an output folder of an older version (before the marker) held; anything else is the user's. */
const OUTPUT_FILE = /\.(json|jsonl|parquet|arrow|csv|txt)$/;

async function kind(path: string): Promise<"missing" | "file" | "dir"> {
  try {
    return (await lstat(path)).isDirectory() ? "dir" : "file";
  } catch (error) {
    // ENOTDIR: a parent is a file; checkOutputFolder names it.
    if (["ENOENT", "ENOTDIR"].includes((error as NodeJS.ErrnoException).code ?? "")) return "missing";
    throw error;
  }
}

/**
 * Refuses a target that is a file, or a folder holding something this tool did not write (the folder is
 * replaced whole, so `--out .` must never wipe a checkout). `flag` names the option in the message.
 */
export async function checkOutputFolder(dir: string, flag = "--out"): Promise<void> {
  const found = await kind(dir);
  if (found === "missing") {
    // `--out results.json/scores`: a parent that is a file is named here, not by a stack trace from mkdir.
    for (let parent = dirname(resolve(dir)); dirname(parent) !== parent; parent = dirname(parent)) {
      const info = await stat(parent).catch(() => null);
      if (info && !info.isDirectory()) throw new UvqaError(`${flag} ${dir}: ${parent} is a file, not a folder`, 2);
      if (info) break;
    }
    return;
  }
  if (found === "file") throw new UvqaError(`${flag} names a file, not a folder: ${dir}`, 2);
  const entries = await readdir(dir, { withFileTypes: true });
  if (entries.some((e) => e.name === MARKER)) return;
  const foreign = entries.find((e) => !e.isFile() || !OUTPUT_FILE.test(e.name));
  if (foreign) {
    throw new UvqaError(`${flag} ${dir} holds ${foreign.name}, which uvqa did not write: name a new or empty folder (it is replaced whole)`, 2);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Clears what a killed run left beside `target` (its pid no longer runs): a staging folder is removed; an old
 * folder is put back when the kill fell between the two renames (no target), and removed otherwise. A run still
 * going (its pid alive) is left alone.
 */
export async function sweepLeftovers(target: string): Promise<void> {
  const prefix = `.${basename(target)}.`;
  const entries = await readdir(dirname(target)).catch(() => [] as string[]);
  for (const name of entries) {
    const match = name.startsWith(prefix) ? /^(staging|old)-(\d+)-[0-9a-z]+$/.exec(name.slice(prefix.length)) : null;
    if (!match || alive(Number(match[2]))) continue;
    const path = join(dirname(target), name);
    if (match[1] === "old" && (await kind(target)) === "missing") await rename(path, target);
    else await rm(path, { recursive: true, force: true });
  }
}

/**
 * Calls `write(staging)` to fill a new folder beside `dir`, then swaps it in for `dir`. The old folder is
 * removed only after the swap; a failure in `write` removes the staging folder and leaves `dir` as it was.
 */
export async function replaceFolder(dir: string, write: (staging: string) => Promise<void>, flag = "--out"): Promise<void> {
  const target = resolve(dir);
  await checkOutputFolder(target, flag);
  await mkdir(dirname(target), { recursive: true });
  await sweepLeftovers(target);
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const staging = join(dirname(target), `.${basename(target)}.staging-${tag}`);
  const old = join(dirname(target), `.${basename(target)}.old-${tag}`);
  await mkdir(staging);
  try {
    await write(staging);
    await writeFile(join(staging, MARKER), "written by uvqa; the folder is replaced whole by the next run\n");
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  const existed = (await kind(target)) === "dir";
  if (existed) await rename(target, old);
  try {
    await rename(staging, target);
  } catch (error) {
    if (existed) await rename(old, target);
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  if (existed) await rm(old, { recursive: true, force: true });
}

/** `replaceFolder` with a map of relative file names to contents. */
export async function writeFolder(dir: string, files: Record<string, string | Uint8Array>, flag = "--out"): Promise<void> {
  await replaceFolder(dir, async (staging) => {
    for (const [name, data] of Object.entries(files)) {
      await mkdir(dirname(join(staging, name)), { recursive: true });
      await writeFile(join(staging, name), data);
    }
  }, flag);
}
