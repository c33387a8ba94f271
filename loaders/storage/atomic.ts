// Nothing half-written: every output goes to a temporary file beside its target, then is renamed.
import { mkdir, rename, rm, writeFile, mkdtemp, readdir } from "node:fs/promises";
import { dirname, join, basename } from "node:path";

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
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
