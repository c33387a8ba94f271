// The learned model in Node: onnxruntime-web's wasm backend (no native install), one thread, loaded once
// per file and process. Refuses a model file trained with other features than this code computes.
import { readFile } from "node:fs/promises";
import * as ort from "onnxruntime-web";
import { UvqaError } from "../errors.ts";
import { sha256 } from "../prompts/render.ts";
import { readMetadata } from "./export.ts";
import { FEATURE_VERSION } from "./features.ts";
import { MODEL_PATH } from "./files.ts";
import { loadModel, type AnswerabilityModel, type Ort } from "./runtime.ts";

export interface LoadedModel extends AnswerabilityModel {
  file: string;
  sha256: string;
  metadata: Record<string, string>;
}

const loaded = new Map<string, Promise<LoadedModel>>();

export function nodeOrt(): Ort {
  ort.env.wasm.numThreads = 1;
  return ort as unknown as Ort;
}

/** Checks a model file's bytes against this code: its feature version must be ours. */
export function checkModel(bytes: Uint8Array, file: string): Record<string, string> {
  let metadata: Record<string, string>;
  try {
    metadata = readMetadata(bytes);
  } catch {
    throw new UvqaError(`invalid model: not an ONNX model (${file})`, 2);
  }
  if (metadata.feature_version !== FEATURE_VERSION) {
    throw new UvqaError(`invalid feature_version: ${JSON.stringify(metadata.feature_version ?? null)} (${file}; this code computes features version ${FEATURE_VERSION}: run npm run train)`, 2);
  }
  return metadata;
}

export function loadNodeModel(file: string = MODEL_PATH): Promise<LoadedModel> {
  let model = loaded.get(file);
  if (!model) {
    model = (async () => {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(file));
      } catch {
        throw new UvqaError(`no such model file: ${file} (npm run train makes it)`, 2);
      }
      const metadata = checkModel(bytes, file);
      const threshold = Number(metadata.threshold);
      const session = await loadModel(nodeOrt(), bytes, { provider: "wasm", ...(Number.isFinite(threshold) ? { threshold } : {}) });
      return Object.assign(session, { file, sha256: sha256(bytes), metadata });
    })();
    loaded.set(file, model);
    model.catch(() => loaded.delete(file));
  }
  return model;
}
