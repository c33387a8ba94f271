// The custom_id of a Batch API request line: which run, item and request an output line answers.
// Some OpenAI-compatible batch services allow 64 characters, so ids are hashes, at most 64:
//   u1-<8 hex: sha256(run)>-<16 hex: sha256(item)>-<32 hex: the request's cache key, first half>  (61)
// The mapping back is made from what the import already has: the config's runs and the run's items,
// hashed the same way. Files exported before this form, "<run>|<item>|<cache key>" (about 94 characters),
// are still read. An id that cannot be resolved says why: another run's request (named when the config
// has it), an item not among the run's items, or an id `uvqa batch export` did not make.
import { createHash } from "node:crypto";

export const MAX_CUSTOM_ID = 64;
const SHORT = /^u1-([0-9a-f]{8})-([0-9a-f]{16})-([0-9a-f]{32})$/;
const LONG = /^(.*)\|([0-9a-f]{64})$/;

const hex = (text: string, length: number) => createHash("sha256").update(text).digest("hex").slice(0, length);
const runHash = (run: string) => hex(run, 8);
const itemHash = (item: string) => hex(item, 16);

export function customId(run: string, item: string, key: string): string {
  return `u1-${runHash(run)}-${itemHash(item)}-${key.slice(0, 32)}`;
}

/** An id resolved: the item, and the cache key or its first half (short ids), which the request's key must start with. */
export type ResolvedId = { item: string; key: string } | { why: string };

export class CustomIds {
  private readonly runs: Map<string, string>;
  private readonly items: Map<string, string>;
  private readonly itemIds: Set<string>;
  private readonly own: string;

  /** `runs`: every configured run id (to name another run's request); `items`: the run's items. */
  constructor(readonly run: string, runs: readonly string[], items: readonly { id: string }[]) {
    this.own = runHash(run);
    this.runs = new Map(runs.map((id) => [runHash(id), id]));
    this.items = new Map(items.map((item) => [itemHash(item.id), item.id]));
    this.itemIds = new Set(items.map((item) => item.id));
  }

  resolve(id: string): ResolvedId {
    const short = SHORT.exec(id);
    if (short) {
      const [, run, item, key] = short as unknown as [string, string, string, string];
      if (run !== this.own) return { why: this.otherRun(this.runs.get(run)) };
      const found = this.items.get(item);
      if (found === undefined) return { why: `its item is not among the run's ${this.itemIds.size} items` };
      return { item: found, key };
    }
    const long = LONG.exec(id);
    if (!long) return { why: "not made by uvqa batch export" };
    const [, prefix, key] = long as unknown as [string, string, string];
    if (!prefix.startsWith(`${this.run}|`)) {
      // The longest configured run the id starts with (run ids may contain "|").
      const other = [...this.runs.values()].filter((run) => prefix.startsWith(`${run}|`)).sort((a, b) => b.length - a.length)[0];
      return { why: this.otherRun(other) };
    }
    const item = prefix.slice(this.run.length + 1);
    if (!item) return { why: "not made by uvqa batch export" };
    if (!this.itemIds.has(item)) return { why: `item ${JSON.stringify(item)} is not among the run's items` };
    return { item, key };
  }

  private otherRun(run: string | undefined): string {
    return run !== undefined ? `a request of run ${run}, not ${this.run}` : `a request of another run, not ${this.run}`;
  }
}
