// The one filter bar of the analysis pages: a multi-select (Observable Inputs checkboxes) per facet and a
// "split by" select, its state in the URL. Use it as a Framework view: `const filters = view(filterBar(...))`.
// The element's `value` is the current `Filters`; it emits "input" when the reader changes a filter or steps
// back or forward through the history.
import * as Inputs from "@observablehq/inputs";
import {
  FACETS, FILTER_KEYS, filtersFromState, normalise, stateOf, type Domains, type Facet, type Filters,
} from "./filters.js";
import { describeUnknown, urlState, type UrlState } from "./url-state.js";

export interface FilterBarOptions {
  domains: Domains;
  /** The facets shown (default: all). A facet with a single value is shown, disabled, so the reader knows it. */
  facets?: readonly Facet[];
  /** Offer "split by" (default true when there are split fields). */
  split?: boolean;
  /** Other query keys this page reads (`null`: any value), so a link to them is not reported as unknown. */
  pageKeys?: Readonly<Record<string, readonly string[] | null>>;
  /** Query keys the page owns, written after the filter keys in links. */
  keyOrder?: readonly string[];
  labels?: Partial<Record<Facet | "by", string>>;
}

export type FilterBar = HTMLFormElement & { value: Filters; url: UrlState };

const NONE = "(none)";

function summary(values: string[] | null, domain: readonly string[]): string {
  if (values === null) return domain.length === 1 ? domain[0]! : "all";
  if (!values.length) return "none";
  if (values.length <= 2) return values.join(", ");
  return `${values.length} of ${domain.length}`;
}

export function filterBar(doc: Document, options: FilterBarOptions): FilterBar {
  const win = doc.defaultView!;
  const { domains } = options;
  const facets = options.facets ?? FACETS;
  const url = urlState(win, [...FILTER_KEYS, ...(options.keyOrder ?? [])]);
  const label = (key: Facet | "by") => options.labels?.[key] ?? (key === "by" ? "split by" : key);

  const form = doc.createElement("form") as FilterBar;
  form.className = "filter-bar";
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", "filters");
  form.addEventListener("submit", (event) => event.preventDefault());
  const notice = doc.createElement("div");
  notice.className = "filter-notice";
  notice.setAttribute("role", "status");

  let filters: Filters;
  const read = () => {
    const { filters: parsed, checked } = filtersFromState(url.get(), domains, options.pageKeys);
    filters = normalise(parsed, domains);
    const lines = describeUnknown({ unknown: checked.unknown.filter((u) => (FILTER_KEYS as readonly string[]).includes(u.key)), unknownKeys: checked.unknownKeys });
    notice.replaceChildren(...lines.map((line) => {
      const p = doc.createElement("p");
      p.textContent = line;
      return p;
    }));
    notice.hidden = lines.length === 0;
  };
  read();

  const emit = () => form.dispatchEvent(new Event("input", { bubbles: true }));
  const commit = () => {
    filters = normalise(filters, domains);
    url.set(stateOf(filters));
    sync();
    emit();
  };

  // One dropdown per facet: <details> keeps it keyboard-reachable (summary is focusable, Escape closes).
  const controls = new Map<Facet, { details: HTMLDetailsElement; value: HTMLElement; input: HTMLFormElement & { value: string[] } }>();
  for (const facet of facets) {
    const domain = domains[facet];
    const details = doc.createElement("details");
    details.className = "facet";
    details.dataset.facet = facet;
    const head = doc.createElement("summary");
    const name = doc.createElement("span");
    name.className = "facet-name";
    name.textContent = label(facet);
    const value = doc.createElement("span");
    value.className = "facet-value";
    head.append(name, " ", value);
    const menu = doc.createElement("div");
    menu.className = "facet-menu";
    const input = Inputs.checkbox(domain as string[], { label: `${label(facet)}`, value: [...domain] }) as HTMLFormElement & { value: string[] };
    input.addEventListener("input", (event) => {
      event.stopPropagation(); // the bar emits its own event once its value is up to date
      filters = { ...filters, [facet]: [...input.value] };
      commit();
    });
    const buttons = doc.createElement("div");
    buttons.className = "facet-buttons";
    for (const [text, values] of [["all", null], ["none", []]] as const) {
      const button = doc.createElement("button");
      button.type = "button";
      button.textContent = text;
      button.setAttribute("aria-label", `${text === "all" ? "select every" : "clear every"} ${label(facet)}`);
      button.addEventListener("click", () => {
        filters = { ...filters, [facet]: values === null ? null : [] };
        commit();
      });
      buttons.append(button);
    }
    menu.append(input, buttons);
    details.append(head, menu);
    if (domain.length <= 1) {
      details.classList.add("single");
      head.title = domain.length ? `this report has one ${facet}` : `this report has no ${facet}`;
      head.setAttribute("aria-disabled", "true");
      head.addEventListener("click", (event) => event.preventDefault());
    }
    controls.set(facet, { details, value, input });
    form.append(details);
  }

  let split: (HTMLElement & { value: string }) | null = null;
  if ((options.split ?? true) && domains.by.length) {
    split = Inputs.select([NONE, ...domains.by], { label: label("by"), value: filters!.by ?? NONE }) as HTMLElement & { value: string };
    split.classList.add("split-by");
    split.addEventListener("input", (event) => {
      event.stopPropagation();
      filters = { ...filters, by: split!.value === NONE ? null : split!.value };
      commit();
    });
    form.append(split);
  }

  const reset = doc.createElement("button");
  reset.type = "button";
  reset.className = "filter-reset";
  reset.textContent = "reset";
  reset.title = "show every run and item";
  reset.addEventListener("click", () => {
    filters = { dataset: null, model: null, prompt: null, variant: null, category: null, by: null };
    commit();
  });
  form.append(reset, notice);

  function sync() {
    for (const [facet, { value, input, details }] of controls) {
      const selected = filters[facet];
      value.textContent = summary(selected, domains[facet]);
      details.classList.toggle("active", selected !== null);
      input.value = selected === null ? [...domains[facet]] : [...selected];
    }
    if (split) split.value = filters.by ?? NONE;
  }
  sync();

  // Back and forward: the URL is the truth; re-read it and tell the page.
  url.subscribe(() => {
    read();
    sync();
    emit();
  });
  // One open dropdown at a time; a click elsewhere or Escape closes it.
  form.addEventListener("toggle", (event) => {
    const target = event.target as HTMLDetailsElement;
    if (target.open) for (const { details } of controls.values()) if (details !== target) details.open = false;
  }, true);
  doc.addEventListener("click", (event) => {
    if (!form.contains(event.target as Node)) for (const { details } of controls.values()) details.open = false;
  });
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const { details } of controls.values()) {
      if (details.open) {
        details.open = false;
        details.querySelector("summary")?.focus();
      }
    }
  });

  Object.defineProperty(form, "value", { get: () => filters, set: () => { throw new Error("the filter bar's value is set through the URL"); } });
  form.url = url;
  return form;
}
