// Writes the generated section of docs/report-data.md (every report table, column by column) from
// loaders/pipeline/table-docs.ts, the source /notebook reads too.   npx tsx scripts/table-docs.ts
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { withTableDocs } from "../loaders/pipeline/table-docs.ts";
import { writeFileAtomic } from "../loaders/storage/atomic.ts";

const file = join(process.cwd(), "docs", "report-data.md");
await writeFileAtomic(file, withTableDocs(await readFile(file, "utf8")));
console.log(`wrote ${file}`);
