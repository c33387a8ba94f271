// Running the model with onnxruntime-web, in Node (wasm) and in the browser (webgpu or wasm): the same
// code, the runtime passed in. `predict` encodes the questions, runs one batch, decodes each verdict.
import type { Scene } from "../items/schema.ts";
import { EVIDENCE_LABELS, IO, LABELS } from "./architecture.ts";
import { decode, DEFAULT_THRESHOLD, type RawOutput, type Verdict } from "./decode.ts";
import { GLOBAL_DIM, MAX_TOKENS, TOKEN_DIM, batchOf, encode, type Encoded } from "./features.ts";

/** The part of onnxruntime-web the model uses (so Node and the page pass their own import). */
export interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}
export interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release?(): Promise<void>;
}
export interface Ort {
  InferenceSession: { create(model: Uint8Array | ArrayBuffer | string, options?: { executionProviders?: string[] }): Promise<OrtSession> };
  Tensor: new (type: "float32", data: Float32Array, dims: readonly number[]) => OrtTensor;
}

export interface Question {
  question: string;
  scene: Scene;
}

export interface AnswerabilityModel {
  /** The execution provider the session was made with. */
  readonly provider: string;
  /** Raw outputs for encoded questions (one batch). */
  run(encoded: readonly Encoded[]): Promise<RawOutput[]>;
  /** Verdicts for questions, in one batch. */
  predict(questions: readonly Question[]): Promise<Verdict[]>;
  release(): Promise<void>;
}

export async function loadModel(ort: Ort, model: Uint8Array | ArrayBuffer | string, options: { provider?: string; threshold?: number } = {}): Promise<AnswerabilityModel> {
  const provider = options.provider ?? "wasm";
  const session = await ort.InferenceSession.create(model, { executionProviders: [provider] });
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  // WebGPU compiles its kernels for each input shape: one word count (the longest the model reads) keeps the
  // shapes few, so a question after the first is not slowed by a compilation. Padding changes no output.
  const minSteps = provider === "webgpu" ? MAX_TOKENS : 1;
  const run = async (encoded: readonly Encoded[]): Promise<RawOutput[]> => {
    if (encoded.length === 0) return [];
    const batch = batchOf(encoded, minSteps);
    const out = await session.run({
      [IO.tokens]: new ort.Tensor("float32", batch.tokens, [batch.size, batch.steps, TOKEN_DIM]),
      [IO.mask]: new ort.Tensor("float32", batch.mask, [batch.size, batch.steps, 1]),
      [IO.global]: new ort.Tensor("float32", batch.global, [batch.size, GLOBAL_DIM]),
    });
    const probabilities = out[IO.probabilities]!.data as Float32Array;
    const evidence = out[IO.evidence]!.data as Float32Array;
    const e = EVIDENCE_LABELS.length;
    return encoded.map((one, b) => ({
      probabilities: probabilities.slice(b * LABELS.length, (b + 1) * LABELS.length),
      evidence: evidence.slice(b * batch.steps * e, (b * batch.steps + one.length) * e),
    }));
  };
  return {
    provider,
    run,
    async predict(questions) {
      const encoded = questions.map((q) => encode(q.question, q.scene));
      const raw = await run(encoded);
      return questions.map((q, i) => decode(q.question, q.scene, encoded[i]!, raw[i]!, threshold));
    },
    release: async () => session.release?.(),
  };
}
