// A plain JSONL of items, one `Item` per line: the project's own exchange format (`uvqa items --out`), and
// what other tools write (`{"id", "category", "video", "question", "reference", ...}`): an item without a
// `dataset` belongs to the dataset named after the file's stem (`items/msrvtt.jsonl` -> "msrvtt").
// Item ids must be unique: a repeated id names the line it repeats and the line it first appeared on.
import { parse } from "node:path";
import { UvqaError, invalid } from "../errors.ts";
import { ItemRecord, type Item } from "../items/schema.ts";
import { parseJsonlLines, readJsonlLines } from "../storage/jsonl.ts";

/** The dataset name of items that give none: the file name without its extension. */
export function datasetOfFile(file: string): string {
  return parse(file).name || "items";
}

export function parseItemsJsonl(text: string, file: string): Item[] {
  return itemsOfRows(parseJsonlLines(text, ItemRecord, file), file);
}

function itemsOfRows(rows: ReturnType<typeof parseJsonlLines<typeof ItemRecord>>, file: string): Item[] {
  const first = new Map<string, number>();
  const dataset = datasetOfFile(file);
  const items = rows.map(({ value, line }) => {
    const seen = first.get(value.id);
    if (seen !== undefined) throw invalid("id", `${value.id} (already on line ${seen})`, { file, line });
    first.set(value.id, line);
    return (value.dataset === undefined ? { ...value, dataset } : value) as Item;
  });
  if (items.length === 0) throw new UvqaError(`no items in ${file}: the file is empty`, 2);
  return items;
}

export async function readItemsJsonl(file: string): Promise<Item[]> {
  return itemsOfRows(await readJsonlLines(file, ItemRecord), file);
}
