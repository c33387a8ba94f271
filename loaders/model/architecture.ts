// The learned answerability model's shape, shared by training (tfjs), the ONNX export and the runtime.
//
//   tokens [B,T,F] -> Relu(x W1 + b1) -> Relu(h W2 + b2) = h [B,T,H2]
//   evidence logits e = h We + be                 [B,T,3]  (object, relation, attribute: "this word is what the facts lack")
//   max over words of e + mask, of h + mask        [B,3], [B,H2]
//   concat with the question's global features -> Relu(z Wa + ba) -> Wb + bb -> softmax over
//   [answerable, object, relation, attribute]     [B,4]
//
// So the verdict rests on the words: a question is unanswerable of a category when some word is strong
// evidence of that category, weighed with the question's form.
import { GLOBAL_DIM, TOKEN_DIM } from "./features.ts";

export const LABELS = ["answerable", "object", "relation", "attribute"] as const;
export type Label = (typeof LABELS)[number];
export const EVIDENCE_LABELS = ["object", "relation", "attribute"] as const;

export interface Dims {
  tokens: number;
  global: number;
  hidden1: number;
  hidden2: number;
  head: number;
}

export const DIMS: Dims = { tokens: TOKEN_DIM, global: GLOBAL_DIM, hidden1: 32, hidden2: 16, head: 16 };

/** Parameter name -> shape, in the order they are created, trained and exported. */
export function parameterShapes(d: Dims = DIMS): Array<[string, number[]]> {
  const pooled = EVIDENCE_LABELS.length + d.hidden2 + d.global;
  return [
    ["W1", [d.tokens, d.hidden1]], ["b1", [d.hidden1]],
    ["W2", [d.hidden1, d.hidden2]], ["b2", [d.hidden2]],
    ["We", [d.hidden2, EVIDENCE_LABELS.length]], ["be", [EVIDENCE_LABELS.length]],
    ["Wa", [pooled, d.head]], ["ba", [d.head]],
    ["Wb", [d.head, LABELS.length]], ["bb", [LABELS.length]],
  ];
}

export type Parameters = Map<string, { shape: number[]; values: Float32Array }>;

/** Names of the graph's inputs and outputs (a contract between the export and the runtime). */
export const IO = { tokens: "tokens", mask: "mask", global: "global", probabilities: "probabilities", evidence: "evidence" } as const;
