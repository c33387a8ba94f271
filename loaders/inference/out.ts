// The `--out` predictions file: rewritten whole (temporary file, then rename) so it never holds a torn
// line or a duplicate. The runs written replace their earlier rows; other runs' rows are kept.
import { readFile } from "node:fs/promises";
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
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const row = JSON.parse(line) as { run?: unknown };
      if (typeof row.run === "string" && replaced.has(row.run)) continue;
      kept.push(row);
    } catch {
      // a line that is not JSON cannot come from us (we write whole files); drop it
    }
  }
  await writeFileAtomic(out, toJsonl([...kept, ...rows]));
}
