// Trained parameters -> an ONNX model (IR 8, opset 17), byte-stable: nodes, initializers and metadata in
// a fixed order, float32 weights as little-endian raw data, no timestamps. The same parameters give the
// same bytes.
import onnxProto from "onnx-proto";
import { DIMS, EVIDENCE_LABELS, IO, LABELS, parameterShapes, type Dims, type Parameters } from "./architecture.ts";
import { PAD } from "./features.ts";

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT = onnx.AttributeProto.AttributeType.INT;
const INTS = onnx.AttributeProto.AttributeType.INTS;

export const OPSET = 17;
export const PRODUCER = "uvqa-lab";

function node(opType: string, input: string[], output: string, attribute: onnxProto.onnx.IAttributeProto[] = []): onnxProto.onnx.INodeProto {
  return { opType, input, output: [output], name: output, attribute };
}

function tensorInfo(name: string, dims: Array<number | string>): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) } } },
  };
}

function littleEndian(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return bytes;
}

/** The model's bytes; `metadata` goes into metadata_props in key order. */
export function exportOnnx(params: Parameters, metadata: Record<string, string>, dims: Dims = DIMS): Uint8Array {
  const initializer = parameterShapes(dims).map(([name, shape]) => {
    const p = params.get(name);
    if (!p || p.values.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`parameter ${name}: expected shape ${shape.join("x")}`);
    return { name, dims: shape, dataType: FLOAT, rawData: littleEndian(p.values) };
  });
  const axes1 = { name: "axes", type: INTS, ints: [1] };
  const flat = { name: "keepdims", type: INT, i: 0 };
  const graph: onnxProto.onnx.IGraphProto = {
    name: "answerability",
    node: [
      node("MatMul", [IO.tokens, "W1"], "x1"), node("Add", ["x1", "b1"], "a1"), node("Relu", ["a1"], "h1"),
      node("MatMul", ["h1", "W2"], "x2"), node("Add", ["x2", "b2"], "a2"), node("Relu", ["a2"], "h2"),
      node("MatMul", ["h2", "We"], "xe"), node("Add", ["xe", "be"], "e"),
      node("Add", ["e", IO.mask], "e_masked"), node("ReduceMax", ["e_masked"], "e_max", [axes1, flat]),
      node("Add", ["h2", IO.mask], "h_masked"), node("ReduceMax", ["h_masked"], "h_max", [axes1, flat]),
      node("Concat", ["e_max", "h_max", IO.global], "z", [{ name: "axis", type: INT, i: 1 }]),
      node("MatMul", ["z", "Wa"], "xa"), node("Add", ["xa", "ba"], "aa"), node("Relu", ["aa"], "ha"),
      node("MatMul", ["ha", "Wb"], "xb"), node("Add", ["xb", "bb"], "logits"),
      node("Softmax", ["logits"], IO.probabilities, [{ name: "axis", type: INT, i: 1 }]),
      node("Sigmoid", ["e"], IO.evidence),
    ],
    initializer,
    input: [
      tensorInfo(IO.tokens, ["batch", "words", dims.tokens]),
      tensorInfo(IO.mask, ["batch", "words", 1]),
      tensorInfo(IO.global, ["batch", dims.global]),
    ],
    output: [tensorInfo(IO.probabilities, ["batch", LABELS.length]), tensorInfo(IO.evidence, ["batch", "words", EVIDENCE_LABELS.length])],
  };
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: PRODUCER,
    producerVersion: "1",
    opsetImport: [{ domain: "", version: OPSET }],
    docString: `UVQA Lab answerability model: P(answerable, object, relation, attribute) and per-word evidence. Mask: 0 for a word, ${PAD} for padding.`,
    graph,
    metadataProps: Object.keys(metadata).sort().map((key) => ({ key, value: metadata[key]! })),
  });
  return onnx.ModelProto.encode(model).finish();
}

/** The metadata_props of a model file. */
export function readMetadata(bytes: Uint8Array): Record<string, string> {
  const model = onnx.ModelProto.decode(bytes);
  return Object.fromEntries(model.metadataProps.map((p) => [p.key ?? "", p.value ?? ""]));
}
