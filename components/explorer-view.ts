// The error explorer's DOM: one list row per response, and the item view (the question with its perturbed element,
// the reference, the scene facts, the twin, every run's response and judgment). Every string from the report
// (questions, responses, facts, ids) goes in as a text node: model output is untrusted text, never HTML.
import { highlight, type Segment } from "./highlight.js";
import { OUTCOME_COLORS, OUTCOME_LABELS } from "./palette.js";

type Child = Node | string | null | undefined | false;

function el(doc: Document, tag: string, attrs: Record<string, string | number | null | undefined> = {}, children: Child[] = []): HTMLElement {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(typeof child === "string" ? doc.createTextNode(child) : child);
  return node;
}

const text = (v: unknown): string => (v === null || v === undefined ? "" : String(v));

export function outcomeBadge(doc: Document, outcome: string | null | undefined): HTMLElement {
  if (!outcome) return el(doc, "span", { class: "outcome none", title: "no judged response" }, ["–"]);
  const label = (OUTCOME_LABELS as Record<string, string>)[outcome] ?? outcome;
  const color = (OUTCOME_COLORS as Record<string, string>)[outcome] ?? "#999999";
  return el(doc, "span", { class: `outcome outcome-${outcome}`, title: label, style: `--outcome: ${color}`, "data-outcome": outcome }, [outcome]);
}

function segments(doc: Document, parts: readonly Segment[]): Node[] {
  return parts.map((s) => (s.mark ? el(doc, "mark", { class: "perturbed", title: `the perturbed element (${s.mark})` }, [s.text]) : doc.createTextNode(s.text)));
}

export interface ExplorerRow {
  run: string;
  item: number;
  id: string;
  category: string;
  outcome: string;
  base: string | null;
  refused: boolean | null;
  correct: boolean | null;
  score: number | null;
  score_kind: string | null;
  outcome_2: string | null;
  text_row: number | null;
  question?: string | null;
  response?: string | null;
}

/** A judgment in words: "refused", "answered, correct", "answered, wrong", with the score. */
export function judgmentText(row: Pick<ExplorerRow, "refused" | "correct" | "score" | "score_kind">): string {
  const verdict = row.refused === null ? "judge failed" : row.refused ? "refused" : row.correct === null ? "answered" : row.correct ? "answered, correct" : "answered, wrong";
  const score = row.score === null || row.score === undefined ? "" : ` · ${row.score_kind === "llm" ? "LLM score" : "match score"} ${row.score}`;
  return `${verdict}${score}`;
}

/** One row of the list: a link to the item view of its item (keyboard-reachable). */
export function explorerRowElement(doc: Document, row: ExplorerRow, href: string, showRun: boolean): HTMLElement {
  const link = el(doc, "a", { class: "ex-row", href, "data-run": row.run, "data-item": row.id, "data-outcome": row.outcome }, [
    el(doc, "span", { class: "ex-outcome" }, [
      row.base ? el(doc, "span", { class: "ex-base", title: "outcome under the baseline" }, [outcomeBadge(doc, row.base), "→"]) : null,
      outcomeBadge(doc, row.outcome),
    ]),
    el(doc, "span", { class: "ex-id" }, [
      el(doc, "span", { class: "ex-item", title: row.id }, [row.id]),
      el(doc, "span", { class: "ex-meta", title: [showRun ? row.run : null, row.category].filter(Boolean).join(" · ") }, [[showRun ? row.run : null, row.category].filter(Boolean).join(" · ")]),
    ]),
    el(doc, "span", { class: "ex-text" }, [
      el(doc, "span", { class: "ex-question" }, [row.question === undefined ? "…" : text(row.question)]),
      el(doc, "span", { class: "ex-response" }, [row.response === undefined ? "…" : row.response === null ? "(no response)" : text(row.response)]),
    ]),
    el(doc, "span", { class: "ex-judgment" }, [judgmentText(row), row.outcome_2 && row.outcome_2 !== row.outcome ? el(doc, "span", { class: "ex-disagree", title: "the second judge disagrees" }, [` · judge 2: ${row.outcome_2}`]) : null]),
  ]);
  return link;
}

// ---- item view ---------------------------------------------------------------------------------------------

export interface ItemRecord {
  id: string;
  dataset?: string | null;
  category: string;
  video?: string | null;
  question: string;
  reference?: string | null;
  question_type?: string | null;
  source?: string | null;
  perturbation_kind?: string | null;
  perturbation_original?: string | null;
  perturbation_replaced_with?: string | null;
  perturbation_fact?: string | null;
  perturbation_in_question?: boolean | null;
  /** JSON text (items.parquet) or already parsed. */
  flags?: unknown;
  scene?: unknown;
}

export interface RunResponse {
  run: string;
  baseline: string | null;
  outcome: string | null;
  refused: boolean | null;
  correct: boolean | null;
  score: number | null;
  score_kind: string | null;
  reason_ok: boolean | null;
  outcome_2: string | null;
  /** The deciding judge as this row's judgment names it (texts.parquet `judge`); absent: the report's judge. */
  judge?: string | null;
  response: string | null;
  error: string | null;
  prompt_hash: string | null;
  settings: unknown;
  frames: unknown;
}

export interface ItemViewData {
  item: ItemRecord;
  twin: { id: string; href: string } | null;
  responses: RunResponse[];
  prompts: Record<string, { id: string; text: string; system?: string }>;
  judge: string;
  compareHref: (a: string, b: string) => string;
}

const parse = (v: unknown): unknown => {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
};

interface Scene {
  objects?: string[];
  relations?: string[];
  attributes?: { object: string; attribute: string; class?: string }[];
  captions?: string[];
}

/** The scene facts as lists of segments, the perturbed fact (or the replaced element) marked. Pure. */
export function sceneFacts(item: ItemRecord): { title: string; facts: { segments: Segment[]; perturbed: boolean }[] }[] {
  const scene = (parse(item.scene) ?? {}) as Scene;
  const original = item.perturbation_original ?? null;
  const fact = item.perturbation_fact ?? null;
  const mark = (line: string) => {
    const isFact = fact !== null && line.trim().toLowerCase() === fact.trim().toLowerCase();
    const parts = isFact ? [{ text: line, mark: fact }] : highlight(line, [original]);
    return { segments: parts, perturbed: isFact || parts.some((p) => p.mark !== null) };
  };
  return [
    { title: "objects", facts: (scene.objects ?? []).map(mark) },
    { title: "relations", facts: (scene.relations ?? []).map(mark) },
    { title: "attributes", facts: (scene.attributes ?? []).map((a) => mark(`${a.object}: ${a.attribute}${a.class ? ` (${a.class})` : ""}`)) },
    { title: "captions", facts: (scene.captions ?? []).map(mark) },
  ].filter((group) => group.facts.length > 0);
}

function definition(doc: Document, label: string, value: Child, attrs: Record<string, string> = {}): HTMLElement[] {
  return [el(doc, "dt", {}, [label]), el(doc, "dd", attrs, [value])];
}

export function itemView(doc: Document, data: ItemViewData): HTMLElement {
  const { item } = data;
  const root = el(doc, "section", { class: "item-view", "data-item": item.id, "aria-label": `item ${item.id}` });
  root.append(el(doc, "h3", {}, ["Item ", el(doc, "code", {}, [item.id])]));
  const flags = (parse(item.flags) as string[] | null) ?? [];
  root.append(el(doc, "p", { class: "item-meta" }, [[item.category, item.dataset, item.question_type, item.source, item.video ? `video ${item.video}` : null, ...flags].filter(Boolean).join(" · ")]));

  const replaced = item.perturbation_replaced_with ?? null;
  const question = highlight(item.question, [replaced]);
  const dl = el(doc, "dl", { class: "item-fields" });
  dl.append(...definition(doc, "question", el(doc, "span", { class: "item-question" }, segments(doc, question))));
  if (item.perturbation_kind) {
    const change = [
      el(doc, "span", { class: "original" }, [item.perturbation_original ?? "(not given)"]), " → ",
      el(doc, "mark", { class: "perturbed" }, [replaced ?? "?"]),
    ];
    const note = question.some((s) => s.mark) ? null
      : el(doc, "span", { class: "note" }, [" (hand-edited question: the perturbed element is not in it as written)"]);
    dl.append(...definition(doc, `perturbed ${item.perturbation_kind}`, el(doc, "span", {}, [...change, note])));
    if (item.perturbation_fact) dl.append(...definition(doc, "perturbed fact", item.perturbation_fact));
  }
  dl.append(...definition(doc, "reference", text(item.reference)));
  if (data.twin) dl.append(...definition(doc, item.category === "answerable" ? "unanswerable twin" : "answerable twin", el(doc, "a", { href: data.twin.href, class: "twin" }, [data.twin.id])));
  root.append(dl);

  const facts = sceneFacts(item);
  const factsBox = el(doc, "div", { class: "scene-facts" }, [el(doc, "h4", {}, ["What the video holds (scene facts)"])]);
  if (!facts.length) factsBox.append(el(doc, "p", { class: "empty-state" }, ["no scene facts for this item"]));
  for (const group of facts) {
    factsBox.append(el(doc, "h5", {}, [group.title]), el(doc, "ul", {}, group.facts.map((f) =>
      el(doc, "li", f.perturbed ? { class: "perturbed-fact" } : {}, segments(doc, f.segments)))));
  }
  root.append(factsBox);

  const table = el(doc, "table", { class: "item-responses" });
  table.append(el(doc, "thead", {}, [el(doc, "tr", {}, ["run", "response", "judgment", "prompt and settings"].map((h) => el(doc, "th", {}, [h])))]));
  const body = el(doc, "tbody");
  for (const r of data.responses) {
    const prompt = r.prompt_hash ? data.prompts[r.prompt_hash] : undefined;
    const settings = [parse(r.settings), parse(r.frames)].filter((v) => v !== null && v !== undefined);
    body.append(el(doc, "tr", { "data-run": r.run, "data-outcome": r.outcome ?? "" }, [
      el(doc, "th", { scope: "row" }, [el(doc, "code", {}, [r.run]), r.baseline ? el(doc, "div", { class: "vs" }, ["vs ", el(doc, "a", { href: data.compareHref(r.baseline, r.run) }, [r.baseline])]) : null]),
      el(doc, "td", { class: "response" }, [r.response === null ? el(doc, "span", { class: "empty-state" }, [r.error ? `failed request (${r.error})` : "no response"]) : r.response]),
      el(doc, "td", { class: "judgment" }, [
        outcomeBadge(doc, r.outcome), " ",
        r.outcome ? judgmentText(r) : "not judged",
        r.reason_ok === null ? null : el(doc, "div", {}, [`reason names the missing element: ${r.reason_ok ? "yes" : "no"}`]),
        r.outcome ? el(doc, "div", { class: "judge" }, [`judge: ${r.judge ?? data.judge}`]) : null,
        r.outcome_2 ? el(doc, "div", {}, [`second judge: ${r.outcome_2}`]) : null,
      ]),
      el(doc, "td", { class: "prompt" }, [
        el(doc, "details", {}, [
          el(doc, "summary", {}, [prompt ? `prompt ${prompt.id}` : r.prompt_hash ? `prompt ${r.prompt_hash.slice(0, 8)}` : "prompt unknown"]),
          prompt?.system ? el(doc, "pre", { class: "system" }, [prompt.system]) : null,
          prompt ? el(doc, "pre", {}, [prompt.text]) : null,
          settings.length ? el(doc, "pre", { class: "settings" }, [settings.map((s) => JSON.stringify(s, null, 1)).join("\n")]) : null,
        ]),
      ]),
    ]));
  }
  if (!data.responses.length) body.append(el(doc, "tr", {}, [el(doc, "td", { colspan: 4, class: "empty-state" }, ["no run has a response for this item"])]));
  table.append(body);
  root.append(el(doc, "h4", {}, ["Every run's response"]), el(doc, "div", { class: "table-scroll" }, [table]));
  return root;
}
