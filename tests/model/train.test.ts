// Training is reproducible: the same examples and seed give byte-identical ONNX files; the file runs in
// onnxruntime-web (Node, wasm) and says what it was trained with. The training set is generator output
// only: no public question and no hand-written question is in it.
import { readFile } from "node:fs/promises";
import onnxProto from "onnx-proto";
import { beforeAll, describe, expect, it } from "vitest";
import { readUvqaDir } from "../../loaders/datasets/uvqa.ts";
import { loadSampleItems } from "../../loaders/generate/sample.ts";
import { LABELS } from "../../loaders/model/architecture.ts";
import { readMetadata } from "../../loaders/model/export.ts";
import { FEATURE_VERSION, encode } from "../../loaders/model/features.ts";
import { checkModel, loadNodeModel, nodeOrt } from "../../loaders/model/node.ts";
import { loadModel } from "../../loaders/model/runtime.ts";
import { publicFacts, trainingExamples, type Example } from "../../loaders/model/train/data.ts";
import { trainModel } from "../../loaders/model/train/train.ts";
import { sha256 } from "../../loaders/prompts/render.ts";

const dataDir = process.env.UVQA_TEST_DATA_DIR ?? "../shared/uvqa";
let examples: Example[];

beforeAll(async () => {
  examples = await trainingExamples({ seed: 7, facts: await publicFacts(dataDir) });
}, 120_000);

describe("the training set", () => {
  it("has every label, evidence spans inside their questions, and no public or hand-written question", async () => {
    expect(new Set(examples.map((e) => LABELS[e.label]))).toEqual(new Set(LABELS));
    const placed = examples.filter((e) => e.label > 0 && e.evidence?.length);
    expect(placed.length).toBeGreaterThan(examples.filter((e) => e.label > 0).length * 0.9);
    for (const e of placed) for (const s of e.evidence!) expect(s.end).toBeLessThanOrEqual(e.question.length);
    const questions = new Set(examples.map((e) => e.question.trim().toLowerCase()));
    const publicQuestions = (await readUvqaDir(dataDir)).items.map((i) => i.question.trim().toLowerCase());
    expect(publicQuestions.length).toBeGreaterThan(300);
    expect(publicQuestions.filter((q) => questions.has(q))).toEqual([]);
    const hand = (await loadSampleItems()).filter((i) => i.source === "hand-written").map((i) => i.question.trim().toLowerCase());
    expect(hand.length).toBeGreaterThanOrEqual(150);
    expect(hand.filter((q) => questions.has(q))).toEqual([]);
  });

  it("is the same for the same seed", async () => {
    const again = await trainingExamples({ seed: 7, facts: await publicFacts(dataDir) });
    expect(again.map((e) => e.question)).toEqual(examples.map((e) => e.question));
  });
});

describe("a tiny model", () => {
  it("trained twice with one seed gives the same bytes; another seed gives other bytes", async () => {
    const some = examples.filter((_, i) => i % 40 === 0);
    const a = trainModel(some, { seed: 3, epochs: 2 });
    const b = trainModel(some, { seed: 3, epochs: 2 });
    const c = trainModel(some, { seed: 4, epochs: 2 });
    expect(sha256(b.bytes)).toBe(sha256(a.bytes));
    expect(sha256(c.bytes)).not.toBe(sha256(a.bytes));
    const meta = readMetadata(a.bytes);
    expect(meta.feature_version).toBe(FEATURE_VERSION);
    expect(meta.seed).toBe("3");
    expect(meta.training_examples).toBe(String(some.length));

    const model = await loadModel(nodeOrt(), a.bytes);
    const [verdict] = await model.predict([{ question: some[0]!.question, scene: some[0]!.scene }]);
    const total = Object.values(verdict!.probabilities).reduce((x, y) => x + y, 0);
    expect(total).toBeCloseTo(1, 5);
    expect(verdict!.p_unanswerable).toBeCloseTo(1 - verdict!.probabilities.answerable, 6);
  }, 120_000);
});

describe("the committed model", () => {
  it("was trained with this code's features and fits the size limit", async () => {
    const bytes = new Uint8Array(await readFile("data/model/answerability.onnx"));
    expect(bytes.length).toBeLessThan(5 * 1024 * 1024);
    expect(checkModel(bytes, "answerability.onnx").feature_version).toBe(FEATURE_VERSION);
  });

  it("gives a question the same outputs alone and padded in a batch with a longer one", async () => {
    const model = await loadNodeModel();
    const short = { question: "Where is the dog?", scene: examples[0]!.scene };
    const long = { question: `Why is the ${"very ".repeat(20)}tall man holding the kite near the old wooden bench?`, scene: examples[0]!.scene };
    const [alone] = await model.run([encode(short.question, short.scene)]);
    const [padded] = await model.run([encode(short.question, short.scene), encode(long.question, long.scene)]);
    expect(Array.from(padded!.probabilities)).toEqual(Array.from(alone!.probabilities));
    expect(Array.from(padded!.evidence)).toEqual(Array.from(alone!.evidence));
  });

  it("a model file of other features is refused with a message that says what to do", () => {
    const stale = trainModel(examples.slice(0, 50), { seed: 1, epochs: 1 });
    const decoded = onnxProto.onnx.ModelProto.decode(stale.bytes);
    for (const p of decoded.metadataProps) if (p.key === "feature_version") p.value = "0";
    const bytes = onnxProto.onnx.ModelProto.encode(decoded).finish();
    expect(() => checkModel(bytes, "old.onnx")).toThrow(`invalid feature_version: "0" (old.onnx; this code computes features version ${FEATURE_VERSION}: run npm run train)`);
    expect(() => checkModel(new Uint8Array([1, 2, 3]), "x.onnx")).toThrow("invalid model: not an ONNX model (x.onnx)");
  }, 60_000);
});
