// Nothing half-written: every output goes to a temporary file beside its target, then is renamed.
// (An output *folder* is written whole by storage/folder.ts.)
import { lstat, mkdir, open, rename, rm, writeFile, readdir } from "node:fs/promises";
import { dirname, join, basename } from "node:path";
import { UvqaError } from "../errors.ts";
import { writeLines } from "./lines.ts";

/**
 * Refuses an output file path that names a folder, or lies under a file, in one line: `--out names a folder,
 * not a file: <path>` (`flag` names the option; without one, `cannot write <path>: ...`). Commands call it
 * before their work, so that a long run does not end on it.
 */
export async function checkOutputFile(path: string, flag: string | null = "--out"): Promise<void> {
  const info = await lstat(path).catch(() => null);
  if (info?.isDirectory()) throw new UvqaError(flag ? `${flag} names a folder, not a file: ${path}` : `cannot write ${path}: it is a folder`, 2);
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const parent = await lstat(dir).catch(() => null);
    if (parent && !parent.isDirectory() && !parent.isSymbolicLink()) {
      throw new UvqaError(`${flag ? `${flag} ${path}` : `cannot write ${path}`}: ${dir} is a file, not a folder`, 2);
    }
    if (parent || dirname(dir) === dir) return;
  }
}

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
  await checkOutputFile(path, null);
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

export async function listFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => !name.startsWith("."));
  } catch {
    return [];
  }
}
