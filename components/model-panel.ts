// The model panel (/model): pick an item (search, category and source filters) or type a question and edit
// the scene facts; the learned model runs in the page (WebGPU, or WASM and why) and shows its verdict,
// P(unanswerable), category, the evidence highlighted in the question, the response, the provider and the
// latency, beside the prediction stored at build time. Batch mode runs the model over the filtered items and
// shows its F1 beside the build's. Untrusted text (questions, facts, responses) only ever goes in as text nodes.
import { element } from "./render.js";
import { formatQuery, parseQuery } from "./url-state.js";
import { formatCount } from "./format.js";

/** The page's URL keys, in the order the link writes them: `/model?item=<id>&category=object&source=hand-written&q=kite`. */
export const URL_KEYS = ["item", "category", "source", "q"] as const;

export interface PanelPrediction {
  p_unanswerable: number;
  unanswerable: boolean;
  category: string;
  evidence: { start: number; end: number; text: string; score: number } | null;
  response: string;
}

export interface PanelItem {
  id: string;
  dataset: string;
  category: string;
  question: string;
  reference: string;
  source?: string;
  scene: unknown;
  /** The prediction made at build time (Node, wasm) by the same model file. */
  prediction: PanelPrediction;
}

export interface PanelData {
  run: string;
  model: { sha256: string; bytes: number; feature_version: string };
  items: PanelItem[];
  /** Items in the report; more than `items` when the build spread a limited number over them. */
  total?: number;
}

/** The count line: the filtered items of the panel's, and how many the report has when the panel holds fewer. */
export function countText(shown: number, held: number, total = held): string {
  const line = `${shown} of ${held} items`;
  return total > held ? `${line} (the panel holds ${formatCount(held)} of the report's ${formatCount(total)}, spread evenly over them; the error explorer has every one)` : line;
}

export interface Filter {
  query: string;
  category: string;
  source: string;
}

/** The model API the page passes in (loaders/model/browser.ts, bundled). */
export interface PanelLib {
  openModel(ort: unknown, bytes: Uint8Array): Promise<{ model: { predict(q: Array<{ question: string; scene: unknown }>): Promise<PanelPrediction[]> }; provider: string; fallback: string | null; loadMs: number; warmMs: number }>;
  parseSceneText(text: string): unknown;
  sceneToText(scene: unknown): string;
}

export const sourceOf = (item: PanelItem) => item.source === "hand-written" ? "hand-written" : item.dataset === "sample" ? "generated" : item.dataset;

/** Items whose id or question contains the query (any case), of the category and source chosen ("" for all). */
export function filterItems(items: readonly PanelItem[], filter: Filter): PanelItem[] {
  const q = filter.query.trim().toLowerCase();
  return items.filter((item) => (!filter.category || item.category === filter.category)
    && (!filter.source || sourceOf(item) === filter.source)
    && (!q || item.id.toLowerCase().includes(q) || item.question.toLowerCase().includes(q)));
}

/** The question cut into plain and evidence parts, for highlighting. */
export function highlight(question: string, evidence: { start: number; end: number } | null): Array<{ text: string; evidence: boolean }> {
  if (!evidence || evidence.start >= evidence.end || evidence.end > question.length) return [{ text: question, evidence: false }];
  return [
    { text: question.slice(0, evidence.start), evidence: false },
    { text: question.slice(evidence.start, evidence.end), evidence: true },
    { text: question.slice(evidence.end), evidence: false },
  ].filter((part) => part.text.length > 0);
}

/** Answerability F1 of verdicts against categories: unanswerable = positive, a refusal = a positive prediction. */
export function verdictF1(pairs: ReadonlyArray<{ category: string; unanswerable: boolean }>): { value: number; n: number; tp: number; fp: number; fn: number } {
  let tp = 0, fp = 0, fn = 0;
  for (const p of pairs) {
    const truth = p.category !== "answerable";
    if (truth && p.unanswerable) tp++;
    else if (truth) fn++;
    else if (p.unanswerable) fp++;
  }
  return { value: tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn), n: pairs.length, tp, fp, fn };
}

/** The item a URL names (`?item=<id>`), if any. */
export const itemFromUrl = (search: string): string | null => parseQuery(search).item?.[0] ?? null;

/** The filters a URL sets (`?category=object&source=hand-written&q=kite`), "" where it sets none. */
export function filterFromUrl(search: string): Filter {
  const state = parseQuery(search);
  return { query: state.q?.[0] ?? "", category: state.category?.[0] ?? "", source: state.source?.[0] ?? "" };
}

/** The query string of a view: the item and the filters in use. */
export function viewQuery(item: string | null, filter: Filter): string {
  const state: Record<string, string[]> = {};
  if (item) state.item = [item];
  if (filter.category) state.category = [filter.category];
  if (filter.source) state.source = [filter.source];
  if (filter.query.trim()) state.q = [filter.query.trim()];
  return formatQuery(state, URL_KEYS);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function verdictView(doc: Document, title: string, question: string, p: PanelPrediction, extra: Array<Node | string> = []): HTMLElement {
  return element(doc, "div", { class: "verdict-card" }, [
    element(doc, "h3", {}, [title]),
    element(doc, "p", { class: `verdict ${p.unanswerable ? "refuse" : "answer"}` }, [p.unanswerable ? "Unanswerable: refuses" : "Answerable: answers"]),
    element(doc, "p", {}, ["P(unanswerable) ", element(doc, "strong", { class: "p-unanswerable" }, [p.p_unanswerable.toFixed(3)]),
      element(doc, "span", { class: "bar" }, [element(doc, "span", { style: `width:${(p.p_unanswerable * 100).toFixed(1)}%` })])]),
    element(doc, "p", {}, ["Likely category if unanswerable: ", element(doc, "strong", { class: "category" }, [p.category])]),
    element(doc, "p", { class: "question-evidence" }, highlight(question, p.evidence).map((part) => (part.evidence ? element(doc, "mark", { title: `evidence ${p.evidence!.score.toFixed(2)}` }, [part.text]) : part.text))),
    element(doc, "p", { class: "response" }, [p.response]),
    ...extra,
  ]);
}

export async function modelPanel(doc: Document, deps: { lib: PanelLib; ort: unknown; data: PanelData; model: Uint8Array; location?: { search: string; pathname: string }; history?: { replaceState(a: unknown, b: string, url: string): void } }): Promise<HTMLElement> {
  const { lib, data } = deps;
  const loc = deps.location ?? globalThis.location;
  const root = element(doc, "div", { class: "model-panel" });
  const status = element(doc, "p", { class: "provider-line" }, ["Loading the model…"]);
  root.append(status);
  const opened = await lib.openModel(deps.ort, deps.model);
  status.replaceChildren(
    "Execution provider: ",
    element(doc, "strong", { class: "provider", "data-provider": opened.provider }, [opened.provider === "webgpu" ? "WebGPU" : "WASM"]),
    opened.fallback ? element(doc, "span", { class: "fallback" }, [` (not WebGPU: ${opened.fallback})`]) : "",
    ` · model loaded in ${opened.loadMs.toFixed(0)} ms (first run ${opened.warmMs.toFixed(0)} ms) · ${formatCount(data.model.bytes)} bytes, sha256 ${data.model.sha256.slice(0, 12)}`,
  );

  // The item picker, its filters restored from the link.
  const filter: Filter = filterFromUrl(loc.search);
  const search = element(doc, "input", { type: "search", placeholder: "Search items by id or question", "aria-label": "search items", class: "search" }) as HTMLInputElement;
  const option = (value: string, label: string) => element(doc, "option", { value }, [label]);
  const categories = element(doc, "select", { "aria-label": "category", class: "category-filter" }, [option("", "all categories"), ...["answerable", "object", "relation", "attribute"].map((c) => option(c, c))]) as HTMLSelectElement;
  const sources = [...new Set(data.items.map(sourceOf))];
  const sourceSelect = element(doc, "select", { "aria-label": "source", class: "source-filter" }, [option("", "all sources"), ...sources.map((s) => option(s, s))]) as HTMLSelectElement;
  const list = element(doc, "select", { size: 8, "aria-label": "items", class: "item-list" }) as HTMLSelectElement;
  const count = element(doc, "span", { class: "count" });
  const question = element(doc, "textarea", { rows: 2, "aria-label": "question", class: "question-input" }) as HTMLTextAreaElement;
  const facts = element(doc, "textarea", { rows: 9, "aria-label": "scene facts", class: "facts-input", spellcheck: "false" }) as HTMLTextAreaElement;
  const runButton = element(doc, "button", { type: "button", class: "run" }, ["Run the model"]);
  const output = element(doc, "div", { class: "outputs" });
  const batchButton = element(doc, "button", { type: "button", class: "batch" }, ["Run on the filtered items"]);
  const batchOut = element(doc, "div", { class: "batch-out" });
  root.append(
    element(doc, "div", { class: "picker" }, [search, categories, sourceSelect, count, list]),
    element(doc, "div", { class: "editor" }, [
      element(doc, "label", {}, ["Question", question]),
      element(doc, "label", {}, ["Scene facts (one per line: object, relation, triple, attribute, caption)", facts]),
      runButton,
    ]),
    output,
    element(doc, "h2", {}, ["Batch"]),
    element(doc, "p", {}, ["Runs the model in this page over the items the filters above keep, and scores its verdicts against their categories."]),
    batchButton,
    batchOut,
  );

  let current: PanelItem | null = null;
  search.value = filter.query;
  categories.value = filter.category;
  sourceSelect.value = filter.source;
  const remember = () => deps.history?.replaceState(null, "", `${loc.pathname}${viewQuery(current?.id ?? null, filter)}`);
  const fill = () => {
    const shown = filterItems(data.items, filter);
    count.textContent = countText(shown.length, data.items.length, data.total);
    list.replaceChildren(...shown.slice(0, 500).map((item) => option(item.id, `${item.id} · ${item.category} · ${item.question}`)));
    if (current) list.value = current.id;
    return shown;
  };

  const run = async () => {
    let scene: unknown;
    try {
      scene = lib.parseSceneText(facts.value);
    } catch (error) {
      output.replaceChildren(element(doc, "p", { class: "error" }, [`The scene facts do not parse: ${(error as Error).message}`]));
      return;
    }
    const started = performance.now();
    const [verdict] = await opened.model.predict([{ question: question.value, scene }]);
    const latency = performance.now() - started;
    const live = verdictView(doc, "In this page", question.value, verdict!, [
      element(doc, "p", { class: "latency" }, [`${opened.provider === "webgpu" ? "WebGPU" : "WASM"}, `, element(doc, "span", { "data-latency-ms": latency.toFixed(3) }, [`${latency.toFixed(1)} ms`])]),
    ]);
    live.setAttribute("data-role", "live");
    const stored = current && question.value === current.question && facts.value === lib.sceneToText(current.scene)
      ? verdictView(doc, "Stored at build time (Node, wasm)", current.question, current.prediction)
      : element(doc, "div", { class: "verdict-card" }, [element(doc, "h3", {}, ["Stored at build time"]), element(doc, "p", { class: "muted" }, [current ? "The question or the facts were edited: no stored prediction for this text." : "A typed question has no stored prediction."])]);
    stored.setAttribute("data-role", "stored");
    output.replaceChildren(element(doc, "div", { class: "side-by-side" }, [live, stored]),
      current ? element(doc, "p", { class: "muted" }, [`Item ${current.id} (${current.category}); reference: `, current.reference]) : "");
  };

  const pick = (id: string | null) => {
    current = data.items.find((item) => item.id === id) ?? null;
    if (!current) {
      if (id !== null) output.replaceChildren(element(doc, "p", { class: "error", id: "item-unknown" }, [`The panel does not hold item ${id}: ${(data.total ?? data.items.length) > data.items.length ? "it holds a sample of the report's items; pick one from the list, or open the item in the error explorer" : "the report has no such item"}.`]));
      return;
    }
    question.value = current.question;
    facts.value = lib.sceneToText(current.scene);
    list.value = current.id;
    remember();
    void run();
  };

  const refilter = () => {
    filter.query = search.value;
    filter.category = categories.value;
    filter.source = sourceSelect.value;
    fill();
    remember();
  };
  search.addEventListener("input", refilter);
  categories.addEventListener("change", refilter);
  sourceSelect.addEventListener("change", refilter);
  list.addEventListener("change", () => pick(list.value));
  runButton.addEventListener("click", () => void run());
  batchButton.addEventListener("click", async () => {
    const shown = filterItems(data.items, filter);
    batchOut.replaceChildren("Running…");
    const started = performance.now();
    const verdicts = await opened.model.predict(shown.map((item) => ({ question: item.question, scene: item.scene })));
    const ms = performance.now() - started;
    const page = verdictF1(shown.map((item, i) => ({ category: item.category, unanswerable: verdicts[i]!.unanswerable })));
    const build = verdictF1(shown.map((item) => ({ category: item.category, unanswerable: item.prediction.unanswerable })));
    const same = shown.filter((item, i) => verdicts[i]!.unanswerable === item.prediction.unanswerable).length;
    const slice = filter.category || filter.source || filter.query ? `filter:${[filter.category, filter.source, filter.query].filter(Boolean).join("/")}` : "all";
    const score = (where: string, f: ReturnType<typeof verdictF1>) => element(doc, "td", { class: "score", "data-run": data.run, "data-slice": slice, "data-metric": "f1", "data-value": String(f.value), "data-source": where, "data-n": String(f.n) }, [
      element(doc, "span", { class: "value" }, [f.value.toFixed(3)]), " ", element(doc, "span", { class: "n" }, [`n = ${f.n} (TP ${f.tp}, FP ${f.fp}, FN ${f.fn})`]),
    ]);
    batchOut.replaceChildren(element(doc, "table", { class: "batch-scores" }, [
      element(doc, "thead", {}, [element(doc, "tr", {}, [element(doc, "th", {}, ["verdict F1"]), element(doc, "th", {}, ["in this page"]), element(doc, "th", {}, ["stored at build time"])])]),
      element(doc, "tbody", {}, [element(doc, "tr", {}, [element(doc, "th", {}, [`${shown.length} items`]), score("page", page), score("build", build)])]),
    ]), element(doc, "p", { class: "batch-meta" }, [
      `${same} of ${shown.length} verdicts identical to the build's; ${ms.toFixed(0)} ms on ${opened.provider === "webgpu" ? "WebGPU" : "WASM"} (`,
      element(doc, "span", { "data-ms-per-item": String(shown.length ? ms / shown.length : 0) }, [`${shown.length ? (ms / shown.length).toFixed(2) : "0"} ms per item`]),
      `); agreement ${pct(shown.length ? same / shown.length : 1)}.`,
    ]));
  });

  fill();
  pick(itemFromUrl(loc.search) ?? data.items[0]?.id ?? null);
  return root;
}
