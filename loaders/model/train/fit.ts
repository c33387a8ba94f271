// Training the answerability model with @tensorflow/tfjs on the CPU backend (pure JS, one thread, so the
// arithmetic is the same on every run): parameters drawn from a seeded generator, batches shuffled by a
// seeded generator, Adam. The loss: cross-entropy of [answerable, object, relation, attribute] plus the
// per-word evidence of the perturbed element where the generator placed it.
import * as tf from "@tensorflow/tfjs";
import { DIMS, EVIDENCE_LABELS, LABELS, parameterShapes, type Dims, type Parameters } from "../architecture.ts";
import { GLOBAL_DIM, PAD, TOKEN_DIM, type Encoded } from "../features.ts";

export interface TrainingRow {
  encoded: Pick<Encoded, "x" | "length" | "global">;
  label: number;
  /** length x 3 evidence targets, or null when unknown (no evidence loss). */
  evidence: Float32Array | null;
}

export interface FitOptions {
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Weight of the evidence loss beside the item loss. */
  evidenceWeight: number;
  /** L2 penalty on the weight matrices. */
  l2: number;
  dims?: Dims;
  log?: (line: string) => void;
}

export const DEFAULT_FIT: Omit<FitOptions, "seed"> = { epochs: 14, batchSize: 64, learningRate: 0.006, evidenceWeight: 0.5, l2: 1e-4 };

/** mulberry32: a small seeded generator of numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Batches of similar length (less padding): shuffle, sort windows of 32 batches by length, shuffle the batches. */
function batches(rows: readonly TrainingRow[], size: number, random: () => number): number[][] {
  const order = shuffled(rows.length, random);
  const window = size * 32;
  const out: number[][] = [];
  for (let w = 0; w < order.length; w += window) {
    const part = order.slice(w, w + window).sort((a, b) => rows[a]!.encoded.length - rows[b]!.encoded.length || a - b);
    for (let i = 0; i < part.length; i += size) out.push(part.slice(i, i + size));
  }
  return shuffled(out.length, random).map((i) => out[i]!);
}

interface Tensors {
  x: tf.Tensor3D;
  mask: tf.Tensor3D;
  global: tf.Tensor2D;
  labels: tf.Tensor2D;
  evidence: tf.Tensor3D;
  weight: tf.Tensor3D;
}

function tensors(rows: readonly TrainingRow[], index: number[]): Tensors {
  const B = index.length;
  const T = Math.max(1, ...index.map((i) => rows[i]!.encoded.length));
  const E = EVIDENCE_LABELS.length;
  const x = new Float32Array(B * T * TOKEN_DIM);
  const mask = new Float32Array(B * T).fill(PAD);
  const global = new Float32Array(B * GLOBAL_DIM);
  const labels = new Float32Array(B * LABELS.length);
  const evidence = new Float32Array(B * T * E);
  const weight = new Float32Array(B * T);
  index.forEach((i, b) => {
    const row = rows[i]!;
    const n = row.encoded.length;
    x.set(row.encoded.x, b * T * TOKEN_DIM);
    mask.fill(0, b * T, b * T + Math.max(1, n));
    global.set(row.encoded.global, b * GLOBAL_DIM);
    labels[b * LABELS.length + row.label] = 1;
    if (row.evidence) {
      evidence.set(row.evidence, b * T * E);
      weight.fill(1, b * T, b * T + n);
    }
  });
  return {
    x: tf.tensor3d(x, [B, T, TOKEN_DIM]), mask: tf.tensor3d(mask, [B, T, 1]), global: tf.tensor2d(global, [B, GLOBAL_DIM]),
    labels: tf.tensor2d(labels, [B, LABELS.length]), evidence: tf.tensor3d(evidence, [B, T, E]), weight: tf.tensor3d(weight, [B, T, 1]),
  };
}

type Vars = Map<string, tf.Variable>;

/** The graph of architecture.ts in tfjs: evidence logits [B,T,3] and class logits [B,4]. */
function forward(v: Vars, t: Pick<Tensors, "x" | "mask" | "global">, dims: Dims): { e: tf.Tensor3D; logits: tf.Tensor2D } {
  const [B, T] = t.x.shape;
  const p = (name: string) => v.get(name)!;
  const flat = t.x.reshape([B * T, dims.tokens]) as tf.Tensor2D;
  const h1 = tf.relu(tf.add(tf.matMul(flat, p("W1") as tf.Tensor2D), p("b1")));
  const h2 = tf.relu(tf.add(tf.matMul(h1 as tf.Tensor2D, p("W2") as tf.Tensor2D), p("b2")));
  const e = tf.add(tf.matMul(h2 as tf.Tensor2D, p("We") as tf.Tensor2D), p("be")).reshape([B, T, EVIDENCE_LABELS.length]) as tf.Tensor3D;
  const eMax = tf.max(tf.add(e, t.mask), 1);
  const hMax = tf.max(tf.add(h2.reshape([B, T, dims.hidden2]), t.mask), 1);
  const z = tf.concat([eMax, hMax, t.global], 1) as tf.Tensor2D;
  const a = tf.relu(tf.add(tf.matMul(z, p("Wa") as tf.Tensor2D), p("ba")));
  const logits = tf.add(tf.matMul(a as tf.Tensor2D, p("Wb") as tf.Tensor2D), p("bb")) as tf.Tensor2D;
  return { e, logits };
}

export function initialParameters(seed: number, dims: Dims = DIMS): Parameters {
  const random = mulberry32(seed);
  const params: Parameters = new Map();
  for (const [name, shape] of parameterShapes(dims)) {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (shape.length === 2) {
      const limit = Math.sqrt(6 / (shape[0]! + shape[1]!));
      for (let i = 0; i < values.length; i++) values[i] = (random() * 2 - 1) * limit;
    }
    params.set(name, { shape, values });
  }
  return params;
}

let trainings = 0;

/** Trains and returns the parameters; deterministic for the same rows and options. */
export function fit(rows: readonly TrainingRow[], options: FitOptions): Parameters {
  const dims = options.dims ?? DIMS;
  const log = options.log ?? (() => {});
  const previous = tf.getBackend();
  tf.setBackend("cpu");
  const vars: Vars = new Map();
  for (const [name, p] of initialParameters(options.seed, dims)) vars.set(name, tf.variable(tf.tensor(p.values, p.shape), true, `${name}_${++trainings}`));
  const optimizer = tf.train.adam(options.learningRate);
  const random = mulberry32(options.seed ^ 0x5bd1e995);
  const matrices = [...vars.entries()].filter(([name]) => name.startsWith("W")).map(([, v]) => v);
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      // The last third of the epochs at a third of the rate.
      // tfjs reads the rate on every step; it has no public setter.
      (optimizer as unknown as { learningRate: number }).learningRate = epoch >= Math.ceil((options.epochs * 2) / 3) ? options.learningRate / 3 : options.learningRate;
      let total = 0;
      let seen = 0;
      for (const index of batches(rows, options.batchSize, random)) {
        const t = tensors(rows, index);
        const cost = optimizer.minimize(() => {
          const { e, logits } = forward(vars, t, dims);
          const item = tf.losses.softmaxCrossEntropy(t.labels, logits);
          // Sigmoid cross-entropy, the stable form: max(e, 0) - e y + log(1 + exp(-|e|)).
          const bce = tf.add(tf.sub(tf.relu(e), tf.mul(e, t.evidence)), tf.log1p(tf.exp(tf.neg(tf.abs(e)))));
          const perWord = tf.mul(bce, t.weight);
          const words = tf.maximum(tf.mul(tf.sum(t.weight), EVIDENCE_LABELS.length), 1);
          const evidence = tf.div(tf.sum(perWord), words);
          const l2 = tf.addN(matrices.map((m) => tf.sum(tf.square(m))));
          return tf.add(tf.add(item, tf.mul(evidence, options.evidenceWeight)), tf.mul(l2, options.l2)) as tf.Scalar;
        }, true);
        total += cost!.dataSync()[0]! * index.length;
        seen += index.length;
        cost!.dispose();
        for (const tensor of Object.values(t)) tensor.dispose();
      }
      log(`epoch ${epoch + 1}/${options.epochs}: loss ${(total / seen).toFixed(4)}`);
    }
    const out: Parameters = new Map();
    for (const [name, shape] of parameterShapes(dims)) out.set(name, { shape, values: new Float32Array(vars.get(name)!.dataSync()) });
    return out;
  } finally {
    optimizer.dispose();
    for (const v of vars.values()) v.dispose();
    if (previous && previous !== "cpu") tf.setBackend(previous);
  }
}
