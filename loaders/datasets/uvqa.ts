// Readers for the official UVQA evaluation JSON (eval_object.json, eval_relation.json,
// eval_attribute.json): validate each record, recover the video's scene facts and the perturbation,
// and flag the source's quirks on the item instead of dropping anything.
import { access } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { z } from "zod";
import { UvqaError, invalid, parseAt } from "../errors.ts";
import type { Item, UnanswerableCategory } from "../items/schema.ts";
import { readJson } from "../storage/jsonl.ts";
import { readDidemoCaptions, type DidemoCaptions } from "./didemo.ts";
import { MOMA_LEXICON, learnPredicates, type Lexicon } from "./relations.ts";
import { attributeItem } from "./uvqa-attribute.ts";
import { withFlags } from "./uvqa-item.ts";
import { objectItem } from "./uvqa-object.ts";
import { AttributeRecord, ObjectRecord, RelationRecord, UVQA_FILES } from "./uvqa-records.ts";
import { relationItem } from "./uvqa-relation.ts";

export const DIDEMO_FILE = "didemo_test_data.json";

export interface UvqaReadOptions {
  /** Predicates for relation strings (default: MOMA-LRG's). */
  lexicon?: Lexicon;
  /** DiDeMo captions for attribute items: a file, or null for none (default: `didemo_test_data.json` beside the file, if there). */
  didemo?: string | null;
}

const exists = (file: string) => access(file).then(() => true, () => false);

async function records<S extends z.ZodType>(file: string, schema: S): Promise<z.output<S>[]> {
  const data = await readJson(file);
  if (!Array.isArray(data)) throw invalid("records", data, { file });
  return data.map((value, record) => parseAt(schema, value, { file, record }));
}

/**
 * Items of one UVQA file. Ids are `uvqa/<category>/<i>`, where i is the record's index in the JSON array
 * (0-based, as `jq '.[i]'`), the same number error messages give as "record i".
 */
export async function readUvqaFile(file: string, category: UnanswerableCategory, options: UvqaReadOptions = {}): Promise<Item[]> {
  const lexicon = options.lexicon ?? MOMA_LEXICON;
  let items: Item[];
  if (category === "object") {
    items = (await records(file, ObjectRecord)).map((r, i) => objectItem(r, i, { file, record: i }, lexicon));
  } else if (category === "relation") {
    const rows = await records(file, RelationRecord);
    // The generated relations name their predicates; learn them before parsing the plain ones.
    const learnt = learnPredicates(rows.map((r) => r.generated_relation), lexicon);
    items = rows.map((r, i) => relationItem(r, i, learnt));
  } else {
    const rows = await records(file, AttributeRecord);
    const didemo = await findDidemo(file, options.didemo);
    items = rows.map((r, i) => attributeItem(r, i, didemo));
  }
  return flagDuplicates(items);
}

/** An explicit DiDeMo file must exist; the default one beside `file` is used only when it is there. */
async function findDidemo(file: string, option: string | null | undefined): Promise<DidemoCaptions | undefined> {
  if (option === null) return undefined;
  if (option !== undefined) return readDidemoCaptions(option);
  const beside = join(dirname(file), DIDEMO_FILE);
  return (await exists(beside)) ? readDidemoCaptions(beside) : undefined;
}

/** A later item asking the same question about the same video gets `duplicate-question:<first id>`. */
export function flagDuplicates(items: Item[]): Item[] {
  const first = new Map<string, string>();
  return items.map((item) => {
    const key = JSON.stringify([item.video, item.question]);
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, item.id);
      return item;
    }
    return withFlags(item, [`duplicate-question:${earlier}`]);
  });
}

/** How many items carry each flag, by flag name ("duplicate-question:uvqa/x/1" counts as "duplicate-question"). */
export function countFlags(items: readonly Item[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    for (const flag of item.flags ?? []) {
      const name = flag.split(":")[0]!;
      counts[name] = (counts[name] ?? 0) + 1;
    }
  }
  return counts;
}

/** Reads whichever of eval_object.json, eval_relation.json, eval_attribute.json `dir` holds. */
export async function readUvqaDir(
  dir: string,
  options: UvqaReadOptions = {},
): Promise<{ items: Item[]; warnings: Record<string, number>; files: string[] }> {
  const items: Item[] = [];
  const files: string[] = [];
  for (const [category, name] of Object.entries(UVQA_FILES) as Array<[UnanswerableCategory, string]>) {
    const file = join(dir, name);
    if (!(await exists(file))) continue;
    files.push(file);
    items.push(...(await readUvqaFile(file, category, options)));
  }
  if (!files.length) {
    throw new UvqaError(`no UVQA files in ${dir} (expected one of ${Object.values(UVQA_FILES).join(", ")})`, 2);
  }
  return { items, warnings: countFlags(items), files };
}
