// Refusal detection: does a response decline because the question cannot be answered from the video?
// Rules (docs/judges.md, "refused"), in order:
// 1. explicit cues ("unanswerable", "cannot be answered", "no way to answer", "false premise") refuse;
// 2. absence cues ("the video does not show X", "there is no X", "X is not visible", "I do not see X",
//    "only shows Y, not X") refuse when X is about the question (shares a content word with it), unless
//    the question asks whether X exists ("Is there a dog?") or the response answers a yes/no question with "No";
// 3. a first clause that negates the question's own content ("The man does not pick up the cup") refuses a
//    wh-question (its premise is denied) but answers a yes/no question;
// 4. hedge cues ("hard to tell", "it is unclear", "cannot be determined") refuse when about the question,
//    unless the response still commits to an answer ("but it appears to be red").
import { canonical, contentStems, isYesNoQuestion, normalizeText, polarity } from "./normalize.ts";

export type CueKind = "explicit" | "absence" | "negation" | "hedge";

export interface RefusalCue {
  kind: CueKind;
  /** The matched words. */
  text: string;
  /** Whether the cue is about the question (always true without a question). */
  relevant: boolean;
}

export interface RefusalAnalysis {
  refused: boolean;
  cues: RefusalCue[];
  /** One line on why: the deciding cue, or the override that kept an answer an answer. */
  why: string;
}

const EXPLICIT: RegExp[] = [
  /(?<!\bnot )\bunanswerable\b/,
  /\bnot (?:be )?answerable\b/,
  /\b(?:can not|could not|unable to|impossible to|not possible to|no way to|not able to|is not possible to)(?: be)? (?:answer|answered)\b/,
  /\b(?:can not|could not|unable to|not able to) (?:provide|give|offer) (?:an|a|any) (?:answer|response)\b/,
  /\bno (?:definitive |clear |definite |accurate |reliable )?(?:answer|basis|way|means) (?:can|could|to|is possible|for)\b/,
  /\b(?:false|incorrect|mistaken|faulty|flawed|invalid|wrong) (?:premise|assumption)\b/,
  /\bpremise\b[^.]*\b(?:incorrect|false|wrong|not (?:true|accurate|correct|supported))\b/,
  /\b(?:not|in)?(?:sufficient|enough) (?:visual )?(?:information|evidence|context|detail|details) (?:to|for)\b/,
  /\bnot enough (?:visual )?(?:information|evidence|context|detail|details)\b/,
  /\binsufficient (?:visual )?(?:information|evidence|context|detail|details)\b/,
  /\b(?:i|we) (?:do|did) not know\b/,
  /\b(?:question|this) (?:is|seems|appears) (?:not applicable|invalid|based on (?:a|an) (?:false|incorrect|mistaken))/,
];

/** Absence cues: group 1 is what is said to be absent (or the clause that names it). */
const ABSENCE: RegExp[] = [
  /\b(?:video|clip|footage|scene|frames?|content|recording|image|it)(?: provided| itself)? (?:does|do|did) not (?:seem to |appear to )?(?:show|feature|depict|contain|include|mention|display|present|capture|have|provide|specify|reveal|indicate|give|portray|offer)\b([^.;!?]*)/,
  /\bthere (?:is|are|was|were|seems to be|appears to be) (?:no|not any|not a|not an|nothing|none|nobody|no one)\b([^.;!?]*)/,
  /\bthere (?:does|do|did) not (?:seem|appear) to be\b([^.;!?]*)/,
  /\bno ((?:[a-z'-]+ ){0,5}?[a-z'-]+) (?:is|are|was|were|can be|could be|has been|have been|appears|appear|seems|seem) (?:to be )?(?:seen|shown|visible|present|depicted|featured|mentioned|found|observed|included|involved|captured|evident|in the video)\b/,
  /\b((?:[a-z'-]+ ){0,5}?[a-z'-]+) (?:is|are|was|were) (?:not|never) (?:shown|visible|present|depicted|featured|mentioned|seen|included|observed|captured|in the video|in the clip|in the scene|part of the video|to be seen)\b/,
  /\b((?:[a-z'-]+ ){0,5}?[a-z'-]+) (?:does|do|did) not (?:appear|exist|occur|happen|take place)\b(?! to)/,
  /\b(?:i|we) (?:do|did|can|could) not (?:see|find|spot|notice|observe|detect|identify|locate)\b([^.;!?]*)/,
  /\b((?:[a-z'-]+ ){0,3}?[a-z'-]+) (?:is|are|was|were) (?:absent|missing|nowhere to be (?:seen|found))\b/,
  /\bno (?:sign|trace|evidence|mention|indication|depiction|information|details?) (?:of|about|regarding|on)\b([^.;!?]*)/,
  /\b(?:only|just) (?:shows?|features?|depicts?|contains?|has|displays?)\b[^.;!?]*?(?:,|\band)? (?:not|rather than|instead of) ([^.;!?]*)/,
  /\b(?:shows?|features?|depicts?|contains?)\b[^.;!?]*?, not ([^.;!?]*)/,
];

/** A first clause that negates an action or state: group 1 is the negated content. */
const NEGATION = /^(?:[a-z'-]+ ){0,6}?(?:(?:does|do|did|is|are|was|were|has|have|had|will|can) not|never)\b([^.;,!?]*)/;

const HEDGE: RegExp[] = [
  /\b(?:impossible|not possible|hard|difficult|not easy|tough|tricky) to (?:determine|tell|say|know|identify|confirm|infer|verify|ascertain|see|make out|discern|specify|judge|figure out|conclude|be sure)\b([^.;!?]*)/,
  /\b(?:i|we|one|you|it) (?:can not|could not|am unable to|are unable to|is unable to|am not able to) (?:determine|tell|say|know|identify|confirm|infer|verify|ascertain|see|make out|discern|specify|judge|figure out|conclude|be sure)\b([^.;!?]*)/,
  /\b(?:can not|could not) be (?:determined|told|known|identified|confirmed|inferred|verified|ascertained|seen|discerned|specified|judged|concluded|said)\b([^.;!?]*)/,
  /\b(?:is|are|was|remains|remain|seems|it) (?:unclear|not clear|uncertain|ambiguous|not evident|not obvious|not apparent|unknown|not known|not specified|not stated|not indicated)\b([^.;!?]*)/,
  /\bunclear (?:what|whether|if|how|who|why|which|where|when)\b([^.;!?]*)/,
  /\b(?:i am|i) not (?:sure|certain)\b([^.;!?]*)/,
  /\bno (?:clear|visible|obvious) (?:indication|sign|evidence|view)\b([^.;!?]*)/,
];

/** Committing to an answer despite a hedge. */
const COMMITS = /\b(?:appears? to be|appears? to|seems? to be|seems? to|looks? like|looks? to be|is likely|are likely|most likely|probably|possibly|perhaps|might be|may be|could be|i think|i believe|best guess|i would (?:say|guess|estimate)|approximately|roughly|around \d|about \d|estimated)\b/;
const VAGUE = /\b(?:something|someone|somebody|some kind|some sort|an object|unidentified|unknown|whatever)\b/;

/** The question asks whether something exists or is visible: absence is its answer, not a refusal. */
export function isExistenceQuestion(question: string): boolean {
  const q = normalizeText(question);
  return /^(?:is|are|was|were) there\b/.test(q) ||
    /^(?:does|do|did) (?:the |this )?(?:video|clip|scene|footage)(?: ever)? (?:show|contain|feature|include|have|depict)\b/.test(q) ||
    /^(?:can|could|do|did) (?:you|we|one) (?:see|spot|find)\b/.test(q) ||
    (isYesNoQuestion(q) && /\b(?:visible|present|shown|seen|in the video|in the clip|in the scene)\s*\?*$/.test(q));
}

function stemSet(text: string): Set<string> {
  return new Set(contentStems(text).map(canonical));
}

/** Shares a content word with the question; with no question, or nothing to compare, it counts. */
function aboutQuestion(target: string, question: Set<string> | null, minShared = 1): boolean {
  if (!question) return true;
  const t = stemSet(clip(target));
  if (t.size === 0) return true;
  let shared = 0;
  for (const s of t) if (question.has(s)) shared++;
  return shared >= minShared;
}

/** A cue's target ends at the next clause boundary ("..., but", "so", "therefore"). */
function clip(target: string): string {
  return target.split(/\b(?:but|however|so|therefore|hence|thus|instead|because|as|although|though|while|and so)\b|[,:]/)[0] ?? "";
}

export function analyzeRefusal(response: string, question?: string): RefusalAnalysis {
  const text = normalizeText(response);
  const cues: RefusalCue[] = [];
  if (!text) return { refused: false, cues, why: "empty response" };
  const q = question ? stemSet(question) : null;

  for (const re of EXPLICIT) {
    const m = re.exec(text);
    if (m) cues.push({ kind: "explicit", text: m[0], relevant: true });
  }
  const explicit = cues.find((c) => c.kind === "explicit");
  if (explicit) return { refused: true, cues, why: `explicit: "${explicit.text}"` };

  const yesNo = question ? isYesNoQuestion(question) : false;
  const saysNo = yesNo && polarity(response) === "no";
  const existence = question ? isExistenceQuestion(question) : false;

  for (const re of ABSENCE) {
    const m = re.exec(text);
    if (m) cues.push({ kind: "absence", text: m[0], relevant: aboutQuestion(m[1] ?? "", q) });
  }
  const absence = cues.find((c) => c.kind === "absence" && c.relevant);
  if (absence && !existence && !saysNo) return { refused: true, cues, why: `absence: "${absence.text}"` };

  if (question && !yesNo) {
    const first = text.split(/[.;!?]|, (?:but|so|and|because|as)\b/)[0] ?? "";
    const m = NEGATION.exec(first);
    if (m) {
      // Two shared words: a negated clause must be about the question's own fact, not a side remark.
      const relevant = aboutQuestion(m[0], q, Math.min(2, q!.size));
      cues.push({ kind: "negation", text: m[0], relevant });
      if (relevant) return { refused: true, cues, why: `negated premise: "${m[0]}"` };
    }
  }

  for (const re of HEDGE) {
    const m = re.exec(text);
    if (m) cues.push({ kind: "hedge", text: m[0], relevant: aboutQuestion(m[1] ?? "", q) });
  }
  const hedge = cues.find((c) => c.kind === "hedge" && c.relevant);
  if (hedge) {
    const commit = commitment(text);
    if (commit) return { refused: false, cues, why: `hedged answer: "${commit}"` };
    return { refused: true, cues, why: `hedge: "${hedge.text}"` };
  }
  if (absence) return { refused: false, cues, why: existence ? "absence answers an existence question" : "negated answer to a yes/no question" };
  return { refused: false, cues, why: cues.length ? "cues not about the question" : "no refusal cue" };
}

/** The committing clause of a hedged answer, if there is one that is not vague. */
function commitment(text: string): string | null {
  for (const clause of text.split(/[.;!?]|\b(?:but|however|although|though)\b/)) {
    const m = COMMITS.exec(clause);
    if (m && !VAGUE.test(clause)) return m[0];
  }
  return null;
}

/** Whether a response declines to answer. `question` sharpens the rules (see the header). */
export function detectRefusal(response: string, question?: string): boolean {
  return analyzeRefusal(response, question).refused;
}
