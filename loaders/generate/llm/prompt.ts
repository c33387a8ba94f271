// The project's own wording for LLM-mode generation (in the spirit of the UVQA recipe): the model sees the
// facts that hold and one perturbed fact, and writes a question that presupposes the perturbed fact with
// the refusal a careful model should give, in a strict tagged format, or says "Not applicable".
import type { ChatMessage } from "../../prompts/index.ts";
import type { Candidate } from "./candidates.ts";

export const NOT_APPLICABLE = "Not applicable";

export const GENERATION_SYSTEM =
  "You write test questions for video question answering. Some questions must be impossible to answer from the video " +
  "because they assume something the video does not show. You follow the reply format exactly.";

function trueFacts(candidate: Candidate): string[] {
  const { graph } = candidate;
  const relations = graph.relations.map((r) => (r.object === null ? `${r.subject} ${r.predicate}` : `${r.subject} ${r.predicate} ${r.object}`));
  const attributes = graph.objects.flatMap((o) => Object.entries(o.attributes).map(([cls, value]) => `${o.name} (${cls}: ${value})`));
  return [...relations, ...attributes];
}

const CHANGE: Record<Candidate["kind"], string> = {
  object: "an object was replaced with one that is not in the video",
  relation: "the action or relation was replaced with one that does not happen",
  attribute: "an attribute was replaced with one the object does not have",
};

export function generationMessages(candidate: Candidate): ChatMessage[] {
  const user = [
    `Video description: ${candidate.graph.caption}`,
    "",
    "Facts that hold in the video:",
    ...trueFacts(candidate).map((fact) => `- ${fact}`),
    "",
    `Perturbed fact (it does NOT hold in the video; ${CHANGE[candidate.kind]}): ${candidate.perturbed}`,
    `Changed element: "${candidate.replacedWith}" (what holds: "${candidate.original}")`,
    "",
    `Write one question about the video that takes the perturbed fact for granted and mentions "${candidate.replacedWith}", ` +
      "so that it cannot be answered from the video. Then write the answer a careful assistant should give: " +
      "say that the question is unanswerable and explain why, using the facts that do hold.",
    "Reply with exactly these two lines and nothing else:",
    "<question>the question</question>",
    "<answer>the answer</answer>",
    `If the perturbed fact is ungrammatical, makes no sense, or means the same as a fact that holds, reply with exactly: ${NOT_APPLICABLE}`,
  ].join("\n");
  return [{ role: "system", content: GENERATION_SYSTEM }, { role: "user", content: user }];
}
