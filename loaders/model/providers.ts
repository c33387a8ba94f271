// Opening the model in a browser: WebGPU when the browser offers an adapter, otherwise WASM, and always the
// reason WebGPU was not used (never a silent fallback).
import { loadModel, type AnswerabilityModel, type Ort } from "./runtime.ts";

export interface OpenedModel {
  model: AnswerabilityModel;
  /** "webgpu" | "wasm" */
  provider: string;
  /** Why WebGPU is not in use; null when it is. */
  fallback: string | null;
  /** Milliseconds to create the session. */
  loadMs: number;
  /** Milliseconds of the first run (shader compilation on WebGPU), done before the model is handed out. */
  warmMs: number;
}

const WARM_UP = [{ question: "What is the woman holding?", scene: { objects: ["woman", "cup"], relations: ["woman holding cup"], triples: [{ subject: "woman", predicate: "holding", object: "cup" }], attributes: [], captions: [] } }];

interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<unknown | null> };
}

/** Why this browser cannot run WebGPU, or null when it has an adapter. */
export async function webgpuUnavailable(nav: GpuNavigator | undefined = (globalThis as { navigator?: GpuNavigator }).navigator): Promise<string | null> {
  if (!nav?.gpu) return "this browser has no WebGPU (navigator.gpu is undefined)";
  try {
    const adapter = await nav.gpu.requestAdapter();
    return adapter ? null : "no WebGPU adapter (navigator.gpu.requestAdapter() returned null)";
  } catch (error) {
    return `requesting a WebGPU adapter failed: ${(error as Error).message ?? String(error)}`;
  }
}

export async function openModel(ort: Ort, bytes: Uint8Array, options: { prefer?: "webgpu" | "wasm"; now?: () => number } = {}): Promise<OpenedModel> {
  const now = options.now ?? (() => performance.now());
  let fallback: string | null = options.prefer === "wasm" ? "WASM was asked for" : await webgpuUnavailable();
  if (fallback === null) {
    const started = now();
    try {
      // onnxruntime-web keeps the buffer it is given: each session gets its own copy.
      const model = await loadModel(ort, bytes.slice(), { provider: "webgpu" });
      const loadMs = now() - started;
      const warm = now();
      await model.predict(WARM_UP);
      return { model, provider: "webgpu", fallback: null, loadMs, warmMs: now() - warm };
    } catch (error) {
      fallback = `the webgpu execution provider failed: ${(error as Error).message ?? String(error)}`;
    }
  }
  const started = now();
  const model = await loadModel(ort, bytes.slice(), { provider: "wasm" });
  const loadMs = now() - started;
  const warm = now();
  await model.predict(WARM_UP);
  return { model, provider: "wasm", fallback, loadMs, warmMs: now() - warm };
}
