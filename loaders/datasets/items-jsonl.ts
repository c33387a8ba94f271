// A plain JSONL of items, one `Item` per line: the project's own exchange format (`uvqa items --out`).
import { Item } from "../items/schema.ts";
import { readJsonl } from "../storage/jsonl.ts";

export function readItemsJsonl(file: string): Promise<Item[]> {
  return readJsonl(file, Item);
}
