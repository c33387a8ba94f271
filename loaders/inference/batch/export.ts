// `uvqa batch export`: one Batch API request line per item of a run that the cache does not answer yet
// (failures count as unanswered with `retryFailed`). The file is written whole (temporary file, rename).
import type { Item } from "../../items/schema.ts";
import { writeFileAtomic } from "../../storage/atomic.ts";
import { toJsonl } from "../../storage/jsonl.ts";
import { ResponseCache } from "../cache.ts";
import { runLimited } from "../limit.ts";
import { prepareRequest } from "../run.ts";
import { progressBar } from "../progress.ts";
import { batchRun, type BatchRunOptions } from "./context.ts";
import { BATCH_URL, customId, type BatchRequestLine } from "./format.ts";

export interface ExportOptions extends BatchRunOptions {
  items: Item[];
  out: string;
  retryFailed?: boolean;
  progress?: boolean;
  log?: (line: string) => void;
}

export interface ExportReport {
  items: number;
  /** Request lines written. */
  requests: number;
  /** Items the cache already answers. */
  cached: number;
  /** Items whose request cannot be made (frames missing), with why. */
  unsendable: { item: string; reason: string }[];
}

export async function exportBatch(options: ExportOptions): Promise<ExportReport> {
  const ctx = batchRun(options);
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const seen = new Set<string>();
  const items = options.items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
  const cache = await ResponseCache.open(ctx.cacheDir, ctx.runId);
  await cache.close(); // read only
  const lines: Array<BatchRequestLine | null> = [];
  const report: ExportReport = { items: items.length, requests: 0, cached: 0, unsendable: [] };
  const bar = progressBar(items.length, `export ${ctx.runId}`, options.progress ?? Boolean(process.stderr.isTTY));
  try {
    // Frame sampling runs ffmpeg: a few at a time.
    await runLimited(8, items.map((item, index) => async () => {
      const prep = await prepareRequest(item, ctx.prompt, ctx.model, ctx.backend, ctx.settings, ctx.media);
      const cached = cache.get(item.id, prep.key);
      lines[index] = null;
      if (cached && !(options.retryFailed && cached.error)) report.cached++;
      else if (prep.failure) report.unsendable.push({ item: item.id, reason: prep.failure.message });
      else {
        lines[index] = {
          custom_id: customId(ctx.runId, item.id, prep.key),
          method: "POST",
          url: BATCH_URL,
          body: {
            model: ctx.backend.model,
            messages: prep.messages,
            temperature: ctx.settings.temperature,
            max_tokens: ctx.settings.max_tokens,
            ...(ctx.settings.seed !== null ? { seed: ctx.settings.seed } : {}),
          },
        };
        report.requests++;
      }
      bar.tick(prep.failure !== undefined);
    }));
  } finally {
    bar.stop();
  }
  for (const { item, reason } of report.unsendable) log(`${ctx.runId}: ${item}: no request (${reason})`);
  await writeFileAtomic(options.out, toJsonl(lines.filter((line): line is BatchRequestLine => line !== null)));
  return report;
}
