// Examples -> what the network trains on: the encoded question and per-word evidence targets (a word
// that overlaps the perturbed element's span is evidence of the example's category).
import { EVIDENCE_LABELS } from "../architecture.ts";
import { encode } from "../features.ts";
import type { Example } from "./data.ts";
import type { TrainingRow } from "./fit.ts";

export function trainingRow(example: Example): TrainingRow {
  const encoded = encode(example.question, example.scene);
  let evidence: Float32Array | null = null;
  if (example.evidence) {
    evidence = new Float32Array(encoded.length * EVIDENCE_LABELS.length);
    if (example.label > 0) {
      encoded.tokens.slice(0, encoded.length).forEach((t, i) => {
        if (example.evidence!.some((s) => t.start < s.end && t.end > s.start)) evidence![i * EVIDENCE_LABELS.length + example.label - 1] = 1;
      });
    }
  }
  return { encoded: { x: encoded.x, length: encoded.length, global: encoded.global }, label: example.label, evidence };
}
