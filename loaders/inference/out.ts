// The `--out` predictions file: rewritten whole (temporary file, then rename) so it never holds a torn
// line or a duplicate. The runs written replace their earlier rows; other runs' rows are kept as they
// were. A line that is not JSON stops the rewrite (`invalid line: ... (<file>:<line>)`) instead of being
// dropped. `stageOutRows` does everything but the rename, so a caller can make the file's failures
// (a bad line, an unwritable path) happen before its other effects.
import { readFile } from "node:fs/promises";
import { invalid } from "../errors.ts";
import { checkOutputFile, stageFileAtomic, type StagedFile } from "../storage/atomic.ts";

export async function writeOutRows(out: string, runs: readonly string[], rows: readonly { run: string; item: string }[]): Promise<void> {
  await (await stageOutRows(out, runs, rows)).commit();
}

/**
 * The new --out file, written beside `out` but not yet in place. `lines` (optional) are the rows already
 * serialized, one JSON text each, in the same order (saves serializing a large import twice).
 */
export async function stageOutRows(
  out: string, runs: readonly string[], rows: readonly { run: string; item: string }[], lines?: readonly string[],
): Promise<StagedFile> {
  // `--out` is the flag of every command that writes this file (infer, import, batch import).
  await checkOutputFile(out);
  const replaced = new Set(runs);
  const kept: string[] = [];
  let text = "";
  try {
    text = await readFile(out, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const old = text.split("\n");
  for (let i = 0; i < old.length; i++) {
    const line = old[i]!.trim();
    if (!line) continue;
    let row: { run?: unknown };
    try {
      row = JSON.parse(line) as { run?: unknown };
    } catch {
      // Not ours (we write whole files): someone else's data, never dropped without a word.
      throw invalid("line", line, { file: out, line: i + 1 });
    }
    if (row !== null && typeof row === "object" && typeof row.run === "string" && replaced.has(row.run)) continue;
    kept.push(line);
  }
  const added = lines ?? rows.map((row) => JSON.stringify(row));
  return stageFileAtomic(out, { lines: kept.length ? [...kept, ...added] : added });
}
