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
import { COLOUR_FAMILY } from "./lexicon.ts";
import { canonical, colourClaims, coloursIn, contentStems, isYesNoQuestion, normalizeText, polarity, stem } from "./normalize.ts";

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
  /\bno (?:way|means|basis) (?:of|to|for) (?:know|knowing|tell|telling|determin\w*|say|saying|answer\w*|judg\w*)\b/,
  /\b(?:would|will) (?:rather )?not (?:guess|speculate)\b|\brather not (?:guess|answer|speculate|say)\b|\bdecline to answer\b/,
  /\b(?:false|incorrect|mistaken|faulty|flawed|invalid|wrong) (?:premise|assumption)\b/,
  /\bpremise\b[^.]*\b(?:incorrect|false|wrong|not (?:true|accurate|correct|supported))\b/,
  /\b(?:not|in)?(?:sufficient|enough) (?:visual )?(?:information|evidence|context|detail|details) (?:to|for)\b/,
  /\bnot enough (?:visual )?(?:information|evidence|context|detail|details)\b/,
  /\binsufficient (?:visual )?(?:information|evidence|context|detail|details)\b/,
  /\b(?:i|we) (?:do|did) not know\b/,
  /\b(?:question|this) (?:is|seems|appears) (?:not applicable|invalid|based on (?:a|an) (?:false|incorrect|mistaken))/,
  /\b(?:i|we) (?:can not|am unable to|am not able to|are unable to) (?:really |fully )?(?:help with|answer|respond to)\b/,
  /\b(?:does|do|did) not (?:match|correspond to|agree with) (?:the|this|what is (?:shown|seen) in the) (?:video|clip|footage)\b/,
  /\bnot consistent with (?:the|this) (?:video|clip|footage)\b/,
];

/**
 * Absence cues: group 1 is what is said to be absent. `subject` cues name it before the verb
 * ("no dog is visible"), the others after it ("the video does not show a dog"). `needs`: text one of which every
 * match contains (the cue is not tried on a text without any).
 */
const ABSENCE: Array<{ re: RegExp; subject?: boolean; whOnly?: boolean; needs?: string[] }> = [
  { re: /\b(?:video|clip|footage|scene|frames?|content|recording|image|it)(?: provided| itself)? (?:(?:does|do|did|may|might) not|never) (?:seem to |appear to |clearly |actually )?(?:show|feature|depict|contain|include|mention|display|present|capture|have|provide|specify|reveal|indicate|give|portray|offer|make it clear)s?\b([^.;!?]*)/ },
  { re: /\bthere (?:is|are|was|were|seems to be|appears to be|may be|might be) (?:no|not any|not a|not an|nothing|none|nobody|no one)\b([^.;!?]*)/ },
  { re: /\bthere (?:does|do|did) not (?:seem|appear) to be\b([^.;!?]*)/ },
  { re: /\b(?:video|clip|footage|scene|it) (?:lacks?|is missing|is devoid of|is without)\b([^.;!?]*)/ },
  { re: /\b((?:[a-z'-]+ ){0,5}?[a-z'-]+) (?:is|are|was|were) (?:not|never) (?:part of|in|inside|within|among) (?:it|this|that|the (?:video|clip|footage|scene)|this (?:video|clip|footage|scene))\b/, subject: true, needs: [" not ", " never "] },
  { re: /\b(?:do|does) not (?:think|believe) (?:there (?:is|are|was|were)|(?:i|we) (?:see|saw))\b([^.;!?]*)/ },
  { re: /\bno ((?:[a-z'-]+ ){0,5}?[a-z'-]+) (?:is|are|was|were|can be|could be|has been|have been|appears|appear|seems|seem) (?:to be )?(?:seen|shown|visible|present|depicted|featured|mentioned|found|observed|included|involved|captured|evident|in the video)\b/, subject: true, needs: ["no "] },
  { re: /\bno ((?:[a-z'-]+ ){0,5}?[a-z'-]+) (?:appears?|exists?|is there|are there)\b(?! to)/, subject: true, needs: ["no "] },
  { re: /\b((?:[a-z'-]+ ){0,5}?[a-z'-]+) (?:is|are|was|were) (?:not|never) (?:shown|visible|present|depicted|featured|mentioned|seen|included|observed|captured|in the video|in the clip|in the scene|part of the video|to be seen)\b/, subject: true, needs: [" not ", " never "] },
  { re: /\b((?:[a-z'-]+ ){0,5}?[a-z'-]+) (?:does|do|did) not (?:appear|exist|occur|happen|take place)\b(?! to)/, subject: true, needs: [" not "] },
  { re: /\b(?:that|this|such a thing|nothing like (?:that|this)) (?:never |does not |did not )(?:happens?|occurs?|takes? place)\b()/ },
  { re: /\bnothing like (?:that|this) (?:happens|occurs|takes place)\b()/ },
  { re: /\b(?:i|we) (?:(?:do|did|can|could) not|am not|are not) (?:see|seeing|find|finding|spot|notice|observe|detect|identify|locate|make out)\b([^.;!?]*)/ },
  { re: /\b((?:[a-z'-]+ ){0,3}?[a-z'-]+) (?:is|are|was|were) (?:absent|missing|nowhere to be (?:seen|found))\b/, subject: true, needs: ["absent", "missing", "nowhere"] },
  { re: /\bno (?:sign|trace|evidence|mention|indication|depiction|information|details?) (?:of|about|regarding|on)\b([^.;!?]*)/ },
  { re: /\b(?:but|and|yet) (?:there (?:is|are) )?no ((?:[a-z'-]+ ){0,2}[a-z'-]+)/ },
  { re: /\b(?:has|have|had|wears?|wearing) no ((?:[a-z'-]+ ){0,2}[a-z'-]+)/, whOnly: true },
  { re: /\b(?:nobody|no one|none of (?:them|the [a-z]+)) (?:seems to be |appears to be |is |are |was |were )?([a-z'-]+(?: [a-z'-]+){0,4})/, subject: true, whOnly: true },
  { re: /\b(?:only|just) (?:shows?|features?|depicts?|contains?|has|displays?)\b[^.;!?]*?(?:,|\band)? (?:not|rather than|instead of) ([^.;!?]*)/ },
];

/** A correction ("a blue dress, not a yellow one", "white rather than striped"): group 1 is what is denied. */
const CORRECTION = /(?:, not|\brather than|\binstead of) ((?:a |an |the )?[a-z'-]+(?: [a-z'-]+){0,3})/;

/** A first clause that negates an action or state: group 1 is the negated content. */
const NEGATION = /^(?:[a-z'-]+ ){0,6}?(?:(?:does|do|did|is|are|was|were|has|have|had) not|never)\b([^.;,!?]*)/;

const HEDGE: RegExp[] = [
  /\b(?:impossible|not possible|hard|difficult|not easy|tough|tricky) to (?:really )?(?:determine|tell|say|know|identify|confirm|infer|verify|ascertain|see|make out|discern|specify|judge|figure out|conclude|be sure|count)\b([^.;!?]*)/,
  /\b(?:i|we|one|you|it) (?:can not|could not|am unable to|are unable to|is unable to|am not able to) (?:really |quite |exactly |fully |clearly )?(?:determine|tell|say|know|identify|confirm|infer|verify|ascertain|see|make out|discern|specify|judge|figure out|conclude|be sure|count)\b([^.;!?]*)/,
  /\b(?:can not|could not) be (?:determined|told|known|identified|confirmed|inferred|verified|ascertained|seen|discerned|specified|judged|concluded|said)\b([^.;!?]*)/,
  /\bno ([a-z'-]+(?: [a-z'-]+)?) (?:can|could) be (?:determined|told|known|identified|seen|made out|discerned|read|counted)\b/,
  /\btoo (?:dark|low|blurry|small|far|grainy|fast|short|noisy|pixelated|bright|distant|quick)(?: [a-z]+)? to (?:tell|see|determine|make out|read|identify|say|count|know)\b([^.;!?]*)/,
  /\b(?:is|are|was|remains|remain|seems|it) (?:unclear|not (?:completely |entirely |fully |very |quite |really )?clear|uncertain|ambiguous|not evident|not obvious|not apparent|unknown|not known|not specified|not stated|not indicated)\b([^.;!?]*)/,
  /\bunclear (?:what|whether|if|how|who|why|which|where|when)\b([^.;!?]*)/,
  /\b(?:i am|i) not (?:sure|certain)\b([^.;!?]*)/,
  /\bno (?:clear|visible|obvious) (?:indication|sign|evidence|view)\b([^.;!?]*)/,
];

/** Committing to an answer despite a hedge. */
const COMMITS = /\b(?:appears? to be|appears? to|seems? to be|seems? to|looks? like|looks? to be|is likely|are likely|most likely|probably|possibly|perhaps|might be|may be|could be|i think|i believe|best guess|i would (?:say|guess|estimate)|suggests?|indicates?|presumably|points? to|my guess|approximately|roughly|around \d|about \d|estimated)\b/;
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

/** What a question asks about, beyond its words: a why-question is about reasons, a count about numbers. */
const ASPECTS: Array<[RegExp, string[]]> = [
  [/\bwhy\b/, ["reason", "motive", "intention", "purpose", "why"]],
  [/\bhow (?:many|much)\b/, ["count", "number", "many", "much"]],
  [/\bcolou?r\b/, ["color", "colour"]],
  [/\bwhen\b|\bwhat time\b/, ["time", "when"]],
  [/\bwhere\b/, ["location", "place", "where"]],
  [/\bwho\b/, ["identity", "who"]],
];

export function questionStems(question: string): Set<string> {
  const out = stemSet(question);
  const q = normalizeText(question);
  for (const [re, words] of ASPECTS) if (re.test(q)) for (const w of words) for (const s of stemSet(w)) out.add(s);
  return out;
}

/** questionStems of the last questions seen (each run of a report asks the same questions): read, never changed. */
const questionStemsSeen = new Map<string, ReadonlySet<string>>();
function questionStemsOf(question: string): ReadonlySet<string> {
  let stems = questionStemsSeen.get(question);
  if (stems === undefined) {
    if (questionStemsSeen.size >= 4096) questionStemsSeen.clear();
    questionStemsSeen.set(question, (stems = questionStems(question)));
  }
  return stems;
}

/** Shares a content word with the question; with no question, or nothing to compare, it counts. */
function aboutQuestion(target: string, question: ReadonlySet<string> | null, minShared = 1, qColours?: ReadonlySet<string>): boolean {
  if (!question) return true;
  // "no one in a blue shirt" is not about "the man in the red shirt".
  const colours = coloursIn(target);
  if (qColours?.size && colours.size && ![...colours].some((c) => qColours.has(c))) return false;
  const t = stemSet(target);
  if (t.size === 0) return true;
  let shared = 0;
  for (const s of t) if (question.has(s)) shared++;
  return shared >= minShared;
}

const BOUNDARY = /\b(?:but|however|so|therefore|hence|thus|instead|because|as|although|though|while|and so|since)\b|[,:]/;
/** What is absent: the words after the cue up to the next clause boundary or place ("a dog | in the park"). */
function objectTarget(text: string): string {
  const clause = text.split(BOUNDARY).find((part) => part.trim()) ?? "";
  return clause.split(/\b(?:in|on|at|inside|under|near|behind|around|beside|next to|within|throughout|during|anywhere|from|for)\b/)[0] ?? "";
}
/** What is absent, named before the cue: the words after the last clause boundary. */
function subjectTarget(text: string): string {
  const parts = text.split(BOUNDARY);
  return parts[parts.length - 1] ?? "";
}

/** Quoted titles and signs ("the title is 'Unanswerable Questions'") are content, not the response's voice. */
function unquote(text: string): string {
  let t = text.replace(/\b(?:says|said|tells|told|claims|claimed|states|stated|explains|explained|asks|asked|writes|wrote|reads)\b(?: that)?[^.;!?]*/g, " reported ");
  // Most responses hold no quote mark at all: the last two patterns cannot match then.
  if (t.includes('"')) t = t.replace(/"[^"]{1,80}"/g, " quoted ");
  if (t.includes("'")) t = t.replace(/(^|[\s(])'[^']{1,80}'(?=[\s.,;:!?)]|$)/g, "$1 quoted ");
  return t;
}

export function analyzeRefusal(response: string, question?: string): RefusalAnalysis {
  const text = normalizeText(response);
  const cues: RefusalCue[] = [];
  if (!text) return { refused: false, cues, why: "empty response" };
  const q = question ? questionStemsOf(question) : null;
  const qColours = question ? coloursIn(question) : new Set<string>();

  const voiced = unquote(text);
  for (const re of EXPLICIT) {
    const m = re.exec(voiced);
    if (m) cues.push({ kind: "explicit", text: m[0], relevant: true });
  }
  const explicit = cues.find((c) => c.kind === "explicit");
  if (explicit) return { refused: true, cues, why: `explicit: "${explicit.text}"` };

  const yesNo = question ? isYesNoQuestion(question) : false;
  const saysNo = yesNo && polarity(response) === "no";
  const existence = question ? isExistenceQuestion(question) : false;

  for (const { re, subject, whOnly, needs } of ABSENCE) {
    if (whOnly && yesNo) continue;
    // A cue that starts with up to six free words is slow to try at every word: skipped when a word it must
    // contain is not in the text (the same result, the regular expression could not match).
    if (needs && !needs.some((word) => text.includes(word))) continue;
    const m = re.exec(text);
    if (!m) continue;
    // "He is never seen climbing onto the roof": what is absent is the subject and what follows the cue.
    const target = subject ? `${subjectTarget(m[1] ?? "")} ${objectTarget(text.slice(m.index + m[0].length))}` : objectTarget(m[1] ?? "");
    cues.push({ kind: "absence", text: m[0], relevant: aboutQuestion(target, q, 1, qColours) });
  }
  const absence = cues.find((c) => c.kind === "absence" && c.relevant);
  if (absence && !existence && !saysNo) return { refused: true, cues, why: `absence: "${absence.text}"` };

  // A wh-question presupposes its content: denying it ("He does not stop running", "a blue dress, not a
  // yellow one") refuses the premise. A yes/no question is answered by the same words. A question that is
  // itself negative ("What does he not eat?") is answered by a negation.
  if (question && !yesNo && q!.size > 0 && !/\b(?:not|never)\b/.test(normalizeText(question))) {
    const first = text.split(/[.;!?]|, (?:but|so|and|because|as)\b/)[0] ?? "";
    const m = NEGATION.exec(first);
    if (m) {
      // Two shared words: a negated clause must be about the question's own fact, not a side remark.
      const relevant = aboutQuestion(m[0], q, Math.min(2, q!.size));
      cues.push({ kind: "negation", text: m[0], relevant });
      if (relevant) return { refused: true, cues, why: `negated premise: "${m[0]}"` };
    }
    // "His cap is actually green" to "Where does the man in the blue cap go?": the colour the question gives
    // the cap is corrected. Only a colour the question asserts can be denied: "The shirt is white" to "The girl
    // in pink opens the door. What color is the shirt?" answers (the pink is the girl's, not the shirt's).
    if (qColours.size) {
      const claims = colourClaims(question);
      for (const m of text.matchAll(/\b([a-z'-]+) (?:is|are|was|were|looks?|seems?)(?: to be)? (?:actually |really |in fact |clearly |plainly |plain |all |entirely )?(?:a |an |dark |light |bright )?([a-z]+)\b/g)) {
        const colour = COLOUR_FAMILY[m[2]!];
        const claimed = claims.get(canonical(stem(m[1]!)));
        if (colour && claimed && !claimed.has(colour)) {
          cues.push({ kind: "negation", text: m[0], relevant: true });
          return { refused: true, cues, why: `corrected attribute: "${m[0]}"` };
        }
      }
    }
    const c = CORRECTION.exec(text);
    if (c) {
      const relevant = aboutQuestion(c[1] ?? "", q);
      cues.push({ kind: "negation", text: c[0], relevant });
      if (relevant) return { refused: true, cues, why: `corrected premise: "${c[0]}"` };
    }
  }

  for (const re of HEDGE) {
    const m = re.exec(text);
    if (m) cues.push({ kind: "hedge", text: m[0], relevant: aboutQuestion(objectTarget(m[1] ?? ""), q) });
  }
  const hedge = cues.find((c) => c.kind === "hedge" && c.relevant);
  if (hedge) {
    const commit = commitment(text);
    if (commit) return { refused: false, cues, why: `hedged answer: "${commit}"` };
    const stated = answeredBefore(text, hedge.text, q);
    if (stated) return { refused: false, cues, why: `answers first, then a caveat: "${stated}"` };
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

/**
 * A sentence before the hedge that states something new about the question's subject, with no cue in it:
 * "He is wearing a grey hoodie. I can't tell what he is holding." answers, with a caveat.
 */
function answeredBefore(text: string, hedgeText: string, q: ReadonlySet<string> | null): string | null {
  const at = text.indexOf(hedgeText);
  if (at <= 0) return null;
  for (const sentence of text.slice(0, at).split(/[.;!?]/)) {
    const s = sentence.trim();
    if (!s || /\b(?:not|no|never|unclear|unsure|unable|impossible|difficult|hard)\b/.test(s)) continue;
    const stems = stemSet(s);
    const fresh = [...stems].filter((x) => !q || !q.has(x));
    if (fresh.length >= 2 && (!q || [...stems].some((x) => q.has(x)) || fresh.length >= 3)) return s;
  }
  return null;
}

/** Whether a response declines to answer. `question` sharpens the rules (see the header). */
export function detectRefusal(response: string, question?: string): boolean {
  return analyzeRefusal(response, question).refused;
}
