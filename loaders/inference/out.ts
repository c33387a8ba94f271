// The `--out` predictions file: rewritten whole (temporary file, then rename) so it never holds a torn
// line or a duplicate. The runs written replace their earlier rows; other runs' rows are kept. A line that
// is not JSON stops the rewrite (`invalid line: ... (<file>:<line>)`) instead of being dropped.
import { readFile } from "node:fs/promises";
import { invalid } from "../errors.ts";
import { writeFileAtomic } from "../storage/atomic.ts";
import { toJsonl } from "../storage/jsonl.ts";

export async function writeOutRows(out: string, runs: readonly string[], rows: readonly { run: string; item: string }[]): Promise<void> {
  const replaced = new Set(runs);
  const kept: unknown[] = [];
  let text = "";
  try {
    text = await readFile(out, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    let row: { run?: unknown };
    try {
      row = JSON.parse(line) as { run?: unknown };
    } catch {
      // Not ours (we write whole files): someone else's data, never dropped without a word.
      throw invalid("line", line, { file: out, line: i + 1 });
    }
    if (row !== null && typeof row === "object" && typeof row.run === "string" && replaced.has(row.run)) continue;
    kept.push(row);
  }
  await writeFileAtomic(out, toJsonl([...kept, ...rows]));
}
