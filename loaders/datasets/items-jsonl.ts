// A plain JSONL of items, one `Item` per line: the project's own exchange format (`uvqa items --out`).
// Item ids must be unique: a repeated id names the line it repeats and the line it first appeared on.
import { invalid } from "../errors.ts";
import { Item } from "../items/schema.ts";
import { parseJsonlLines, readText } from "../storage/jsonl.ts";

export function parseItemsJsonl(text: string, file: string): Item[] {
  const first = new Map<string, number>();
  return parseJsonlLines(text, Item, file).map(({ value, line }) => {
    const seen = first.get(value.id);
    if (seen !== undefined) throw invalid("id", `${value.id} (already on line ${seen})`, { file, line });
    first.set(value.id, line);
    return value;
  });
}

export async function readItemsJsonl(file: string): Promise<Item[]> {
  return parseItemsJsonl(await readText(file), file);
}
