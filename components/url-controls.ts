// Page controls beyond the filter bar (a toggle, a select, a text field) whose value lives in the URL under one
// key, like the filter bar's: a copied link restores them, back and forward step through them. Each is a
// Framework view (`const paper = view(urlToggle(document, {...}))`).
import * as Inputs from "@observablehq/inputs";
import { formatQuery, mergeState, parseQuery, urlState } from "./url-state.js";

type Control<T> = HTMLElement & { value: T };

function bind<T>(doc: Document, input: Control<T>, key: string, read: (values: string[] | undefined) => T, write: (value: T) => string[] | null): Control<T> {
  const url = urlState(doc.defaultView!);
  const wrapper = doc.createElement("div") as unknown as Control<T>;
  wrapper.className = `url-control url-control-${key}`;
  wrapper.append(input);
  let value = read(url.get()[key]);
  input.value = value;
  input.addEventListener("input", (event) => {
    event.stopPropagation();
    value = input.value;
    url.set({ [key]: write(value) });
    wrapper.dispatchEvent(new Event("input", { bubbles: true }));
  });
  url.subscribe((state) => {
    const next = read(state[key]);
    if (JSON.stringify(next) === JSON.stringify(value)) return;
    value = next;
    input.value = value;
    wrapper.dispatchEvent(new Event("input", { bubbles: true }));
  });
  Object.defineProperty(wrapper, "value", { get: () => value });
  return wrapper;
}

/** A checkbox; the URL holds `key=0` or `key=1` only when it differs from the default. */
export function urlToggle(doc: Document, options: { key: string; label: string; value: boolean }): Control<boolean> {
  const input = Inputs.checkbox([options.label], { value: options.value ? [options.label] : [] });
  const toggle = Object.defineProperty(doc.createElement("div"), "value", {
    get: () => input.value.length > 0,
    set: (v: boolean) => { input.value = v ? [options.label] : []; },
  }) as unknown as Control<boolean>;
  toggle.append(input);
  input.addEventListener("input", (event) => {
    event.stopPropagation();
    toggle.dispatchEvent(new Event("input", { bubbles: true }));
  });
  return bind(doc, toggle, options.key,
    (values) => (values?.[0] === "1" ? true : values?.[0] === "0" ? false : options.value),
    (value) => (value === options.value ? null : [value ? "1" : "0"]));
}

/** A select over known values; a value the report lacks falls back to the default (the page says so). */
export function urlSelect(doc: Document, options: { key: string; label: string; values: readonly string[]; value: string; format?: (v: string) => string }): Control<string> {
  const input = Inputs.select(options.values, { label: options.label, value: options.value, ...(options.format ? { format: options.format } : {}) });
  return bind(doc, input, options.key,
    (values) => (values?.[0] !== undefined && options.values.includes(values[0]) ? values[0] : options.value),
    (value) => (value === options.value ? null : [value]));
}

/**
 * A text field (search); the URL holds it as typed. It reports on Enter or its button (`submit`), not on every
 * keystroke, so history gets one entry per search, not one per letter.
 */
export function urlText(doc: Document, options: { key: string; label: string; placeholder?: string; submit?: string }): Control<string> {
  const input = Inputs.text({ label: options.label, placeholder: options.placeholder ?? "", submit: options.submit ?? "search" });
  return bind(doc, input, options.key, (values) => values?.join(",") ?? "", (value) => (value ? [value] : null));
}

/** Checkboxes over known values; no key in the URL means every value (no filter), `key=` means none. */
export function urlCheckboxes(doc: Document, options: { key: string; label: string; values: readonly string[]; format?: (v: string) => string }): Control<string[] | null> {
  const input = Inputs.checkbox(options.values, { label: options.label, value: [...options.values], ...(options.format ? { format: options.format } : {}) });
  const control = Object.defineProperty(doc.createElement("div"), "value", {
    get: () => (input.value.length === options.values.length ? null : [...input.value]),
    set: (v: string[] | null) => { input.value = v === null ? [...options.values] : v.filter((x) => options.values.includes(x)); },
  }) as unknown as Control<string[] | null>;
  control.append(input);
  input.addEventListener("input", (event) => {
    event.stopPropagation();
    control.dispatchEvent(new Event("input", { bubbles: true }));
  });
  return bind(doc, control, options.key,
    (values) => (values === undefined ? null : options.values.filter((v) => values.includes(v))),
    (value) => (value === null ? null : value));
}

/**
 * A value the page sets itself (the item the reader opened): `select(v)` writes it to the URL (a history entry)
 * and reports it; back and forward report it too. No visible control.
 */
export function urlValue(doc: Document, key: string): Control<string | null> & { select(value: string | null): void } {
  const url = urlState(doc.defaultView!);
  const node = doc.createElement("span") as unknown as Control<string | null> & { select(value: string | null): void };
  node.hidden = true;
  let value: string | null = url.get()[key]?.[0] ?? null;
  Object.defineProperty(node, "value", { get: () => value });
  node.select = (next) => {
    if (next === value) return;
    value = next;
    url.set({ [key]: next === null ? null : [next] });
    node.dispatchEvent(new Event("input", { bubbles: true }));
  };
  url.subscribe((state) => {
    const next = state[key]?.[0] ?? null;
    if (next === value) return;
    value = next;
    node.dispatchEvent(new Event("input", { bubbles: true }));
  });
  return node;
}

/** What a number in the link means: the default when it is absent, and a problem to show when it is not one. */
export function numberParam(values: readonly string[] | undefined, options: { key: string; value: number; min: number; max: number }): { value: number; problem: string | null } {
  if (values === undefined || !values.length) return { value: options.value, problem: null };
  const text = values.join(",");
  const n = Number(text);
  if (text.trim() === "" || !Number.isInteger(n) || n < options.min || n > options.max) {
    return { value: options.value, problem: `invalid ${options.key} in the link: ${JSON.stringify(text)} (a whole number from ${options.min} to ${options.max}); using ${options.value}` };
  }
  return { value: n, problem: null };
}

/**
 * A whole number (a labelled number field); the URL holds it when it differs from the default. It commits on
 * "change" (Enter, leaving the field, a step of its arrows), not on every keystroke. A link with a value that is
 * not one shows the default and says so under the field.
 */
export function urlNumber(doc: Document, options: { key: string; label: string; value: number; min: number; max: number; step?: number }): Control<number> {
  const id = `url-number-${options.key}`;
  const field = doc.createElement("div") as unknown as Control<number>;
  field.className = "url-number";
  const label = doc.createElement("label");
  label.htmlFor = id;
  label.textContent = options.label;
  const input = doc.createElement("input");
  input.type = "number";
  input.id = id;
  input.min = String(options.min);
  input.max = String(options.max);
  input.step = String(options.step ?? 1);
  const problem = doc.createElement("span");
  problem.className = "url-number-problem";
  problem.setAttribute("role", "status");
  field.append(label, input, problem);
  const url = urlState(doc.defaultView!);
  const Event = doc.defaultView!.Event;
  const show = (values: string[] | undefined) => {
    const parsed = numberParam(values, options);
    problem.textContent = parsed.problem ?? "";
    return parsed.value;
  };
  let value = show(url.get()[options.key]);
  input.value = String(value);
  input.addEventListener("input", (event) => event.stopPropagation());
  input.addEventListener("change", (event) => {
    event.stopPropagation();
    const parsed = numberParam([input.value], options);
    if (parsed.problem) {
      problem.textContent = `${options.label}: a whole number from ${options.min} to ${options.max}`;
      input.value = String(value);
      return;
    }
    problem.textContent = "";
    if (parsed.value === value) return;
    value = parsed.value;
    url.set({ [options.key]: value === options.value ? null : [String(value)] });
    field.dispatchEvent(new Event("input", { bubbles: true }));
  });
  url.subscribe((state) => {
    const next = show(state[options.key]);
    if (next === value) return;
    value = next;
    input.value = String(value);
    field.dispatchEvent(new Event("input", { bubbles: true }));
  });
  Object.defineProperty(field, "value", { get: () => value });
  return field;
}

export type UrlKeys = HTMLElement & {
  /** Each key's first value in the URL, or null. */
  value: Record<string, string | null>;
  /** Sets the keys (null removes one) as a new history entry and tells the page. */
  pick(patch: Readonly<Record<string, string | null>>): void;
  /** This page's address with the keys set: the href of a link that picks them. */
  href(patch: Readonly<Record<string, string | null>>): string;
};

/**
 * A view (no visible control) over a few URL keys that the page sets from its own links: a click on a mark that
 * lists its items, say. `order` is the page's key order (the filter bar's keys first), so links keep it.
 */
export function urlKeys(doc: Document, options: { keys: readonly string[]; order?: readonly string[] }): UrlKeys {
  const win = doc.defaultView!;
  const Event = win.Event;
  const url = urlState(win, options.order ?? []);
  const element = doc.createElement("span") as unknown as UrlKeys;
  element.hidden = true;
  const read = (state: Record<string, string[]>) => Object.fromEntries(options.keys.map((k) => [k, state[k]?.[0] ?? null]));
  let value = read(url.get());
  const patchOf = (patch: Readonly<Record<string, string | null>>) =>
    Object.fromEntries(Object.entries(patch).filter(([k]) => options.keys.includes(k)).map(([k, v]) => [k, v === null ? null : [v]]));
  element.pick = (patch) => {
    url.set(patchOf(patch));
    value = read(url.get());
    element.dispatchEvent(new Event("input", { bubbles: true }));
  };
  element.href = (patch) => `${win.location.pathname}${formatQuery(mergeState(parseQuery(win.location.search), patchOf(patch)), options.order ?? [])}`;
  url.subscribe((state) => {
    const next = read(state);
    if (JSON.stringify(next) === JSON.stringify(value)) return;
    value = next;
    element.dispatchEvent(new Event("input", { bubbles: true }));
  });
  Object.defineProperty(element, "value", { get: () => value });
  return element;
}
