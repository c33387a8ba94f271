// One training: examples -> encoded rows -> fitted parameters -> ONNX bytes with their metadata. Used by
// `npm run train` (the committed model), by `uvqa model-eval` (the cross-validation folds) and by tests
// (a tiny model trained twice).
import { createHash } from "node:crypto";
import { LABELS } from "../architecture.ts";
import { exportOnnx } from "../export.ts";
import { FEATURE_VERSION, GLOBAL_FEATURES, TOKEN_FEATURES } from "../features.ts";
import { DEFAULT_THRESHOLD } from "../decode.ts";
import type { Example } from "./data.ts";
import { DEFAULT_FIT, fit, type FitOptions } from "./fit.ts";
import { trainingRow } from "./rows.ts";

export interface TrainResult {
  bytes: Uint8Array;
  metadata: Record<string, string>;
  seconds: { encode: number; fit: number };
}

/** sha256 of the examples as the model saw them (video, question, label, evidence), in order. */
export function examplesHash(examples: readonly Example[]): string {
  const hash = createHash("sha256");
  for (const e of examples) hash.update(JSON.stringify([e.group, e.question, e.label, e.evidence]) + "\n");
  return hash.digest("hex");
}

export function trainModel(examples: readonly Example[], options: Partial<FitOptions> & { seed: number }): TrainResult {
  const started = performance.now();
  const rows = examples.map(trainingRow);
  const encoded = performance.now();
  const fitOptions = { ...DEFAULT_FIT, ...options };
  const params = fit(rows, fitOptions);
  const fitted = performance.now();
  const metadata = {
    feature_version: FEATURE_VERSION,
    token_features: TOKEN_FEATURES.join(","),
    global_features: GLOBAL_FEATURES.join(","),
    labels: LABELS.join(","),
    threshold: String(DEFAULT_THRESHOLD),
    seed: String(options.seed),
    epochs: String(fitOptions.epochs),
    training_examples: String(examples.length),
    training_sha256: examplesHash(examples),
  };
  return { bytes: exportOnnx(params, metadata), metadata, seconds: { encode: (encoded - started) / 1000, fit: (fitted - encoded) / 1000 } };
}
