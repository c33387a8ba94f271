// The view's state lives in the URL query, so a copied link restores the view and back/forward work.
// `?model=a,b&category=object,relation&by=question_type`: one key per filter, values joined by commas, each
// value percent-encoded (so a comma, `&` or `%` inside a value survives) except for characters that are safe
// and common in run ids (`/`, `:`, `@`). A key that is present with no value (`?model=`) means "none selected";
// an absent key means "no filter". Pure functions first; the browser binding (`urlState`) at the end.

export type QueryState = Record<string, string[]>;

const SAFE = /%(2F|3A|40)/gi;

export function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(SAFE, decodeURIComponent);
}

function decodePart(part: string): string {
  // `+` is a space in query strings; we always write a literal `+` as %2B.
  const text = part.replace(/\+/g, " ");
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a stray `%` in a hand-edited link: keep it as typed rather than drop the value
  }
}

/** `?a=x,y&b=z` -> {a: ["x", "y"], b: ["z"]}; a repeated key adds its values; `a=` gives []. */
export function parseQuery(search: string): QueryState {
  const state: QueryState = {};
  const query = search.startsWith("?") ? search.slice(1) : search;
  for (const pair of query.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const key = decodePart(eq < 0 ? pair : pair.slice(0, eq));
    const raw = eq < 0 ? "" : pair.slice(eq + 1);
    const values = raw === "" ? [] : raw.split(",").map(decodePart);
    const list = (state[key] ??= []);
    for (const value of values) if (!list.includes(value)) list.push(value);
  }
  return state;
}

/** The inverse of parseQuery: keys in `order` first, then the rest alphabetically; "" for no state. */
export function formatQuery(state: Readonly<QueryState>, order: readonly string[] = []): string {
  const keys = Object.keys(state).sort((a, b) => {
    const ia = order.indexOf(a), ib = order.indexOf(b);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const parts = keys.map((key) => `${encodeValue(key)}=${state[key]!.map(encodeValue).join(",")}`);
  return parts.length ? `?${parts.join("&")}` : "";
}

/** `patch` over `state`: a key set to `null` or `undefined` is removed (no filter), `[]` means "none". */
export function mergeState(state: Readonly<QueryState>, patch: Readonly<Record<string, readonly string[] | null | undefined>>): QueryState {
  const next: QueryState = { ...state };
  for (const [key, values] of Object.entries(patch)) {
    if (values === null || values === undefined) delete next[key];
    else next[key] = [...values];
  }
  return next;
}

/** A link to another page with the given state: `link("explorer", {run: ["a"], from: ["C"]})`. */
export function link(path: string, state: Readonly<Record<string, readonly string[] | null | undefined>>, order: readonly string[] = []): string {
  return `${path}${formatQuery(mergeState({}, state), order)}`;
}

export interface UnknownValue {
  key: string;
  values: string[];
  known: readonly string[];
}

export interface Checked {
  /** The state with every value that is not in its key's domain removed. */
  state: QueryState;
  /** Values the link named that this report does not have: shown to the reader, never silently dropped. */
  unknown: UnknownValue[];
  /** Keys this page does not read. */
  unknownKeys: string[];
}

/**
 * Checks a state against the values this report has. `domains[key]` lists the allowed values of a key; a key
 * mapped to `null` takes any value (free text, ids checked elsewhere); a key not in `domains` is unknown.
 */
export function checkState(state: Readonly<QueryState>, domains: Readonly<Record<string, readonly string[] | null>>): Checked {
  const out: QueryState = {};
  const unknown: UnknownValue[] = [];
  const unknownKeys: string[] = [];
  for (const [key, values] of Object.entries(state)) {
    if (!(key in domains)) {
      unknownKeys.push(key);
      continue;
    }
    const domain = domains[key];
    if (domain === null || domain === undefined) {
      out[key] = [...values];
      continue;
    }
    const bad = values.filter((v) => !domain.includes(v));
    out[key] = values.filter((v) => domain.includes(v));
    if (bad.length) unknown.push({ key, values: bad, known: domain });
  }
  return { state: out, unknown, unknownKeys };
}

/** One line per problem, for the notice a page shows above its filters. */
export function describeUnknown(checked: Pick<Checked, "unknown" | "unknownKeys">): string[] {
  const quote = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(", ");
  const lines = checked.unknown.map(({ key, values, known }) =>
    `unknown ${key} in the link: ${quote(values)} (this report has ${known.length ? quote(known.slice(0, 12)) + (known.length > 12 ? ", ..." : "") : "none"}); left out`);
  if (checked.unknownKeys.length) lines.push(`this page does not read ${quote(checked.unknownKeys)} from the link; ignored`);
  return lines;
}

// ---- browser binding ----------------------------------------------------------------------------------------

export interface UrlState {
  get(): QueryState;
  /** Changes the query; a new history entry unless `replace`, so back and forward step through views. */
  set(patch: Readonly<Record<string, readonly string[] | null | undefined>>, options?: { replace?: boolean }): void;
  /** Called with the new state after back/forward (not after `set`). Returns the unsubscribe function. */
  subscribe(listener: (state: QueryState) => void): () => void;
  /** The page's current address, for "copy link". */
  href(): string;
}

/** `order`: the keys' order in the written query (the filter keys first, as links in docs show them). */
export function urlState(win: Window, order: readonly string[] = []): UrlState {
  return {
    get: () => parseQuery(win.location.search),
    set(patch, options = {}) {
      const next = formatQuery(mergeState(parseQuery(win.location.search), patch), order);
      if (next === win.location.search || (next === "" && win.location.search === "")) return;
      const url = `${win.location.pathname}${next}${win.location.hash}`;
      if (options.replace) win.history.replaceState(win.history.state, "", url);
      else win.history.pushState(win.history.state, "", url);
    },
    subscribe(listener) {
      const handler = () => listener(parseQuery(win.location.search));
      win.addEventListener("popstate", handler);
      return () => win.removeEventListener("popstate", handler);
    },
    href: () => win.location.href,
  };
}
