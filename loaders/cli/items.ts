// `uvqa items --uvqa <dir> [--vcgbench <dir>] [--twins] [--seed N] --out <file.jsonl>` (a contract):
// reads the official UVQA files (and the answerable Video-ChatGPT benchmark set), writes one item per line.
import type { Command } from "commander";
import { integer } from "./args.ts";
import { CATEGORIES, type Item } from "../items/schema.ts";
import { countFlags, readUvqaDir, readVcgbenchDir } from "../datasets/index.ts";
import { checkOutputFile, writeFileAtomic } from "../storage/atomic.ts";
import { toJsonl } from "../storage/jsonl.ts";
import { withTwins } from "../generate/twins.ts";

/** "313 items (object 164, relation 73, attribute 76); flags: edited-question 89, ..." */
export function summary(items: readonly Item[]): string {
  const byCategory = CATEGORIES.map((c) => [c, items.filter((item) => item.category === c).length] as const)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${c} ${n}`);
  const flags = Object.entries(countFlags(items)).map(([flag, n]) => `${flag} ${n}`);
  const twins = items.filter((item) => item.category === "answerable" && item.pair !== undefined).length;
  return `${items.length} items (${byCategory.join(", ")})` + (twins ? `, ${twins} twins` : "") + `; flags: ${flags.join(", ") || "none"}`;
}

export function register(program: Command): void {
  program
    .command("items")
    .description("read the official UVQA files (and the Video-ChatGPT benchmark QA) into one items JSONL")
    .requiredOption("--uvqa <dir>", "folder with eval_object.json, eval_relation.json, eval_attribute.json (and didemo_test_data.json)")
    .option("--vcgbench <dir>", "folder with the Video-ChatGPT benchmark QA files (answerable items)")
    .option("--twins", "add an answerable twin for each unanswerable item")
    .option("--seed <n>", "seed for the twins' question templates", integer())
    .requiredOption("--out <file.jsonl>", "output, one item per line")
    .action(async (options: { uvqa: string; vcgbench?: string; twins?: boolean; seed?: number; out: string }) => {
      await checkOutputFile(options.out);
      let items = (await readUvqaDir(options.uvqa)).items;
      if (options.vcgbench) items = [...items, ...(await readVcgbenchDir(options.vcgbench)).items];
      if (options.twins) items = withTwins(items, { seed: options.seed });
      await writeFileAtomic(options.out, toJsonl(items));
      process.stderr.write(`uvqa items: ${summary(items)} -> ${options.out}\n`);
    });
}
