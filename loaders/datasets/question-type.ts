// A coarse question type from the question's first words, for slicing results. The types:
//   what-color  "What color is ...", "What is the color of ..."
//   how-many    "How many ...", "How much ..."
//   when        "When ...", "At what point/time/moment/timestamp ...", "In which scene/part ..."
//   where, why, who ("who", "whose"), which
//   how         any other "How ...", "In what way/manner ..."
//   what        any other "What ...", "In what ..."
//   describe    "Describe ...", "Can you describe/explain/tell ..."
//   yes-no      starts with an auxiliary: is, are, does, did, can, ...
//   other       none of these
// A short lead-in before a comma ("In the sequence, how does ...") is skipped once.

const RULES: Array<[string, RegExp]> = [
  ["what-color", /^what(?:\s+\S+){0,3}?\s+colou?rs?\b/],
  ["how-many", /^how\s+(?:many|much)\b/],
  ["when", /^(?:when\b|(?:at|from|by|in)\s+what\s+(?:point|time|moment|timestamp|stage|second|minute)\b|in\s+which\s+(?:scene|part|moment|segment)\b)/],
  ["where", /^where\b/],
  ["why", /^why\b/],
  ["who", /^who(?:se|m)?\b/],
  ["which", /^which\b/],
  ["how", /^(?:how|in\s+what\s+(?:ways?|manner))\b/],
  ["what", /^(?:what|in\s+what)\b/],
  ["describe", /^(?:describe|explain|(?:can|could|would)\s+you\s+(?:describe|explain|tell))\b/],
  ["yes-no", /^(?:is|are|was|were|do|does|did|can|could|has|have|had|will|would|should)\b/],
];

export function questionType(question: string): string {
  const text = question.trim().toLowerCase().replace(/^["'“‘\s]+/, "");
  const match = (t: string) => RULES.find(([, pattern]) => pattern.test(t))?.[0];
  const leadIn = /^([^,?]{1,40}),\s*(.*)$/.exec(text);
  return match(text) ?? (leadIn ? match(leadIn[2]!) : undefined) ?? "other";
}
