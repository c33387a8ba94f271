// Page controls beyond the filter bar (a toggle, a select, a text field) whose value lives in the URL under one
// key, like the filter bar's: a copied link restores them, back and forward step through them. Each is a
// Framework view (`const paper = view(urlToggle(document, {...}))`).
import * as Inputs from "@observablehq/inputs";
import { urlState } from "./url-state.js";

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
