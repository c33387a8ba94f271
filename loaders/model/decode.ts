// The model's outputs for one question -> the verdict the user sees: P(unanswerable), the likely category,
// the evidence (the span of the question the facts do not support) and a response: a refusal that names
// the missing element, or an answer drawn from the facts (the built-in responder's answer).
import type { Scene } from "../items/schema.ts";
import { factText, answer } from "../responders/respond.ts";
import { EVIDENCE_LABELS, LABELS, type Label } from "./architecture.ts";
import type { Encoded } from "./features.ts";
import { factIndex, modifiedNoun, attributeClassOf } from "./facts.ts";
import { STOP } from "./lexicon.ts";
import { singular } from "../generate/words.ts";

export type UnanswerableLabel = (typeof EVIDENCE_LABELS)[number];

/** What the network returns for one question. */
export interface RawOutput {
  /** P(answerable), P(object), P(relation), P(attribute). */
  probabilities: Float32Array;
  /** Per word read, the evidence of each unanswerable category (sigmoid), words x 3. */
  evidence: Float32Array;
}

export interface Evidence {
  /** Character offsets in the question. */
  start: number;
  end: number;
  text: string;
  /** The evidence probability of the strongest word. */
  score: number;
}

export interface Verdict {
  p_unanswerable: number;
  probabilities: Record<Label, number>;
  unanswerable: boolean;
  /** The most likely unanswerable category (whether or not the question is judged unanswerable). */
  category: UnanswerableLabel;
  evidence: Evidence | null;
  response: string;
}

export const DEFAULT_THRESHOLD = 0.5;

export function decode(question: string, scene: Scene, encoded: Encoded, raw: RawOutput, threshold = DEFAULT_THRESHOLD): Verdict {
  const probabilities = Object.fromEntries(LABELS.map((label, i) => [label, raw.probabilities[i]!])) as Record<Label, number>;
  const p_unanswerable = 1 - probabilities.answerable;
  let category: UnanswerableLabel = "object";
  for (const label of EVIDENCE_LABELS) if (probabilities[label] > probabilities[category]) category = label;
  const span = evidenceSpan(encoded, raw.evidence, EVIDENCE_LABELS.indexOf(category));
  const evidence = span ? {
    start: encoded.tokens[span.from]!.start,
    end: encoded.tokens[span.to]!.end,
    text: question.slice(encoded.tokens[span.from]!.start, encoded.tokens[span.to]!.end),
    score: span.score,
  } : null;
  const unanswerable = p_unanswerable >= threshold;
  const response = unanswerable
    ? `The question is unanswerable: it cannot be answered from the video because ${reason(category, evidence, encoded, scene)}.`
    : answer(question, scene, encoded.grounding);
  return { p_unanswerable, probabilities, unanswerable, category, evidence, response };
}

/** The strongest word for the category, widened to neighbours nearly as strong (a multi-word name). */
export function evidenceSpan(encoded: Encoded, evidence: Float32Array, channel: number): { from: number; to: number; score: number } | null {
  const n = encoded.length;
  if (n === 0) return null;
  const score = (t: number) => evidence[t * EVIDENCE_LABELS.length + channel]!;
  let best = 0;
  for (let t = 1; t < n; t++) if (score(t) > score(best)) best = t;
  const top = score(best);
  const near = (t: number) => t >= 0 && t < n && score(t) >= Math.max(0.5 * top, 0.2) && !STOP.has(encoded.tokens[t]!.lower);
  let from = best, to = best;
  while (near(from - 1)) from--;
  while (near(to + 1)) to++;
  return { from, to, score: top };
}

const lower = (text: string) => text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, "");

function reason(category: UnanswerableLabel, evidence: Evidence | null, encoded: Encoded, scene: Scene): string {
  const g = encoded.grounding;
  const fact = g.closest ? `; ${lower(factText(g.closest, scene.attributes))}` : "";
  if (!evidence) return `the video's facts do not support it${fact}`;
  const said = evidence.text.toLowerCase();
  if (category === "object") return `there is no ${said} in the video${fact}`;
  if (category === "attribute") {
    const words = encoded.tokens.map((t) => singular(t.lower));
    const at = encoded.tokens.findIndex((t) => t.start === evidence.start);
    const cls = attributeClassOf(words[at] ?? "");
    const noun = at >= 0 && cls ? modifiedNoun(words, at, factIndex(scene).entities) : undefined;
    const actual = noun !== undefined && cls ? [...(factIndex(scene).valuesOf.get(words[noun]!)?.get(cls) ?? [])][0] : undefined;
    if (noun !== undefined) return `the ${words[noun]} is not ${said}${actual ? `; it is ${actual}` : ""}`;
    return `nothing in the video is ${said}${fact}`;
  }
  // Relation: the things named around the claimed relation ("the boy ... pushing ... the spoon").
  const at = encoded.tokens.findIndex((t) => t.start === evidence.start);
  const before = g.mentions.filter((m) => m.end <= at).pop()?.entity;
  const after = g.mentions.find((m) => encoded.tokens[m.start] !== undefined && encoded.tokens[m.start]!.start >= evidence.end)?.entity;
  return `the video does not show ${before ? `the ${before} ` : "anything "}${said}${after ? ` the ${after}` : ""}${fact}`;
}
