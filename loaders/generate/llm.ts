// LLM mode of the UVQA recipe: for each fact to perturb, ask a configured model (any OpenAI-compatible
// server, or the built-in backend) for an unanswerable question and its reasoned refusal; keep the
// replies that parse strictly, count "Not applicable" and malformed ones, validate as items. Replies are
// kept in the response cache (run `generate/<model id>`), so a rerun sends nothing for what it has.
import type { ExperimentConfig } from "../config/schema.ts";
import { UvqaError } from "../errors.ts";
import type { Item } from "../items/schema.ts";
import { canonicalMessages, sha256 } from "../prompts/index.ts";
import { generationSettings } from "../inference/backend.ts";
import { DEFAULT_CACHE_DIR, ResponseCache } from "../inference/cache.ts";
import { progressBar } from "../inference/progress.ts";
import { DEFAULT_RETRY, realRetryEffects, withRetry, type RetryEffects } from "../inference/retry.ts";
import type { ResponseRow } from "../inference/row.ts";
import { runLimited } from "../inference/limit.ts";
import { answeredRow } from "../inference/answered.ts";
import { cacheKey, makeBackend } from "../inference/run.ts";
import { sceneCandidates, type Candidate } from "./llm/candidates.ts";
import { generatedItems } from "./llm/items.ts";
import { parseGeneration } from "./llm/parse.ts";
import { generationMessages } from "./llm/prompt.ts";
import type { SceneGraph } from "./scene-graph.ts";
import { defaultVocabulary, type Vocabulary } from "./vocabulary.ts";

export interface LlmGenerateOptions {
  config: ExperimentConfig;
  /** A model id from the config. */
  modelId: string;
  graphs: SceneGraph[];
  seed: number;
  /** Perturbations per kind and scene (default 2). */
  perKind?: number;
  /** Item ids are `<dataset>/<scene>/<kind>-<n>`; default "llm". */
  dataset?: string;
  cacheDir?: string;
  concurrency?: number;
  progress?: boolean;
  vocabulary?: Vocabulary;
  fetch?: typeof fetch;
  env?: Record<string, string | undefined>;
  now?: () => number;
  retryEffects?: RetryEffects;
}

export interface LlmGenerateReport {
  items: Item[];
  candidates: number;
  /** Requests sent now (the rest came from the cache). */
  sent: number;
  cached: number;
  accepted: number;
  twins: number;
  notApplicable: number;
  malformed: { id: string; reason: string }[];
  /** Requests that failed (network, server): asked again on the next run. */
  failed: { id: string; error: string }[];
}

export const GENERATE_RUN_PREFIX = "generate/";
const TASK = "uvqa-generate-v1";

export async function generateLlmItems(options: LlmGenerateOptions): Promise<LlmGenerateReport> {
  const model = options.config.models.find((m) => m.id === options.modelId);
  if (!model) throw new UvqaError(`unknown model: ${options.modelId} (known: ${options.config.models.map((m) => m.id).join(", ") || "none"})`, 2);
  const backend = makeBackend(model, options);
  const settings = generationSettings(model);
  const policy = { ...DEFAULT_RETRY, ...(model.retries !== undefined ? { retries: model.retries } : {}) };
  const now = options.now ?? Date.now;
  const dataset = options.dataset ?? "llm";
  const vocabulary = options.vocabulary ?? defaultVocabulary();
  const candidates = options.graphs.flatMap((graph) => sceneCandidates(graph, { seed: options.seed, perKind: options.perKind ?? 2, vocabulary }));

  const runId = `${GENERATE_RUN_PREFIX}${model.id}`;
  const cache = await ResponseCache.open(options.cacheDir ?? DEFAULT_CACHE_DIR, runId);
  const bar = progressBar(candidates.length, runId, options.progress ?? Boolean(process.stderr.isTTY));
  const report: LlmGenerateReport = { items: [], candidates: candidates.length, sent: 0, cached: 0, accepted: 0, twins: 0, notApplicable: 0, malformed: [], failed: [] };
  const replies: Array<ResponseRow> = [];
  try {
    await runLimited(options.concurrency ?? model.concurrency ?? 8, candidates.map((candidate, index) => async () => {
      const messages = generationMessages(candidate);
      const canonical = canonicalMessages(messages);
      const key = cacheKey(backend, canonical, settings, { task: TASK });
      const cached = cache.get(candidate.id, key);
      if (cached && cached.error === null) {
        report.cached++;
        replies[index] = cached;
        bar.tick(false);
        return;
      }
      const started = now();
      const result = await withRetry(() => backend.complete(messages, settings), (e) => backend.classify(e), policy, options.retryEffects ?? realRetryEffects);
      report.sent++;
      const row = answeredRow({
        run: runId, item: candidate.id, backend, prompt: TASK, promptHash: sha256(JSON.stringify(canonical)), settings, cacheKey: key,
        result, promptTokens: 0, startedAt: started, now: now(),
      });
      await cache.append(row);
      replies[index] = row;
      bar.tick(row.error !== null);
    }));
  } finally {
    bar.stop();
    await cache.close();
  }
  candidates.forEach((candidate: Candidate, index) => {
    const row = replies[index]!;
    if (row.error || row.response === null) {
      report.failed.push({ id: candidate.id, error: row.error ? `${row.error.class}: ${row.error.message}` : "no content" });
      return;
    }
    const parsed = parseGeneration(row.response, candidate.replacedWith);
    if (parsed.kind === "not_applicable") report.notApplicable++;
    else if (parsed.kind === "malformed") report.malformed.push({ id: candidate.id, reason: parsed.reason });
    else {
      const made = generatedItems(candidate, parsed.question, parsed.answer, dataset, backend.model);
      report.items.push(...made);
      report.accepted++;
      report.twins += made.length - 1;
    }
  });
  return report;
}
