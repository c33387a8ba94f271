// Nothing half-written: every output goes to a temporary file beside its target, then is renamed.
import { mkdir, open, rename, rm, writeFile, mkdtemp, readdir } from "node:fs/promises";
import { dirname, join, basename } from "node:path";
import { writeLines } from "./lines.ts";

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const staged = await stageFileAtomic(path, data);
  await staged.commit();
}

/** A file written beside its target, not yet in place: `commit` renames it there, `discard` removes it. */
export interface StagedFile {
  commit(): Promise<void>;
  discard(): Promise<void>;
}

let staging = 0;

/**
 * Writes `data` to a temporary file beside `path` and returns before renaming it, so a command can put
 * another effect (a cache append) between "the output can be written" and "the output is in place".
 */
export async function stageFileAtomic(path: string, data: string | Uint8Array | { lines: readonly string[] }): Promise<StagedFile> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.${staging++}.tmp`);
  const discard = () => rm(tmp, { force: true });
  try {
    if (typeof data === "string" || data instanceof Uint8Array) await writeFile(tmp, data);
    else {
      // Lines (each followed by "\n") through a reused buffer: no one string of the whole file.
      const handle = await open(tmp, "w");
      try {
        await writeLines(handle, data.lines);
      } finally {
        await handle.close();
      }
    }
  } catch (error) {
    await discard();
    throw error;
  }
  return {
    async commit() {
      try {
        await rename(tmp, path);
      } catch (error) {
        await discard();
        throw error;
      }
    },
    discard,
  };
}

/**
 * Writes a set of files into `dir` as one step: all are staged in a temporary folder inside `dir`
 * and only renamed into place once every one of them was written. On failure nothing is changed.
 */
export async function writeFilesAtomic(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const staging = await mkdtemp(join(dir, ".staging-"));
  try {
    for (const [name, data] of Object.entries(files)) {
      await mkdir(dirname(join(staging, name)), { recursive: true });
      await writeFile(join(staging, name), data);
    }
    for (const name of Object.keys(files)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await rename(join(staging, name), join(dir, name));
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export async function listFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => !name.startsWith("."));
  } catch {
    return [];
  }
}
