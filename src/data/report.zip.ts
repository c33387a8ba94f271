// Data loader: the whole report as one archive; pages read its members (data/report/scores.arrow, ...).
// UVQA_CONFIG picks another experiment config than uvqa.config.ts; UVQA_CACHE_DIR another response cache.
import { zipSync, strToU8 } from "fflate";
import { buildReport } from "../../loaders/pipeline/report.ts";

const { files } = await buildReport({
  root: process.cwd(),
  ...(process.env.UVQA_CONFIG ? { configPath: process.env.UVQA_CONFIG } : {}),
  ...(process.env.UVQA_CACHE_DIR ? { cacheDir: process.env.UVQA_CACHE_DIR } : {}),
});
const entries = Object.fromEntries(Object.entries(files).map(([name, data]) => [name, typeof data === "string" ? strToU8(data) : data]));
// A fixed mtime keeps the archive byte-identical for the same inputs.
process.stdout.write(zipSync(entries, { mtime: new Date("2025-01-01T00:00:00Z") }));
