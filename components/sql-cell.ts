// Notebook cells the reader edits and runs again: a SQL cell (a textarea, "Run", the result as a table with its
// CSV, an error as text) and a Plot cell (SQL, then a mark and the columns it maps, drawn through the figure
// component so it exports like every figure). The SQL lives in the URL once edited, so a copied link restores the
// cells. The query function is given (DuckDB-WASM in the page: Framework's `sql`); the shaping is pure.
import * as Plot from "@observablehq/plot";
import { figure, tableCsvButton } from "./figure.js";
import { swatches } from "./legend.js";
import { scoreHooks, stampHooks } from "./plot-hooks.js";
import { SERIES_COLORS } from "./palette.js";
import type { Provenance } from "./provenance.js";
import { urlState, type UrlState } from "./url-state.js";
import { formatCount } from "./format.js";

export interface Column {
  name: string;
  type: string;
}

export interface QueryResult {
  columns: Column[];
  rows: Record<string, unknown>[];
}

type ArrowLike = { schema: { fields: Array<{ name: string; type: unknown }> }; toArray(): ArrayLike<unknown> };

const isArrow = (value: unknown): value is ArrowLike =>
  typeof value === "object" && value !== null && "schema" in value && typeof (value as ArrowLike).toArray === "function";

/** A plain value: BigInt as a number, an Arrow row or vector as JSON-able data. */
function plainValue(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value && typeof value === "object" && typeof (value as { toJSON?: () => unknown }).toJSON === "function" && !(value instanceof Date)) return (value as { toJSON: () => unknown }).toJSON();
  return value;
}

/** DuckDB's answer (an Arrow table) or plain rows -> columns and plain rows. */
export function toResult(answer: unknown): QueryResult {
  if (isArrow(answer)) {
    const columns = answer.schema.fields.map((f) => ({ name: f.name, type: String(f.type) }));
    const rows = Array.from(answer.toArray(), (row) => {
      const r = row as Record<string, unknown>;
      return Object.fromEntries(columns.map((c) => [c.name, plainValue(r[c.name])]));
    });
    return { columns, rows };
  }
  const rows = Array.from((answer ?? []) as Iterable<Record<string, unknown>>, (r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plainValue(v)])));
  const names = rows.length ? Object.keys(rows[0]!) : [];
  return { columns: names.map((name) => ({ name, type: typeof rows[0]![name] })), rows };
}

/** The text of a result cell: NULL for null, the full number (no rounding), JSON for nested values. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const SCORE_COLUMNS = ["run", "slice", "metric", "value"];

/** True when the rows are scores (run, slice, metric, value): their values then carry the test hooks. */
export function isScoreResult(columns: readonly Column[]): boolean {
  return SCORE_COLUMNS.every((name) => columns.some((c) => c.name === name));
}

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The result as an HTML table (the first `limit` rows), every value a text node. */
export function resultTable(doc: Document, result: QueryResult, limit = 200): HTMLTableElement {
  const table = el(doc, "table", { class: "sql-result", "data-rows": String(result.rows.length) });
  const head = el(doc, "tr");
  for (const c of result.columns) head.append(el(doc, "th", { scope: "col", title: c.type }, c.name));
  table.append(el(doc, "thead"), el(doc, "tbody"));
  table.tHead!.append(head);
  const hooks = isScoreResult(result.columns);
  for (const row of result.rows.slice(0, limit)) {
    const tr = el(doc, "tr");
    for (const c of result.columns) {
      const value = row[c.name];
      const td = el(doc, "td", typeof value === "number" ? { class: "num" } : {}, cellText(value));
      if (hooks && c.name === "value" && typeof value === "number") {
        for (const [k, v] of Object.entries(scoreHooks({ run: String(row.run), slice: String(row.slice), metric: String(row.metric), value }))) td.setAttribute(`data-${k}`, v);
      }
      tr.append(td);
    }
    table.tBodies[0]!.append(tr);
  }
  return table;
}

export interface CellOptions {
  /** Stable id: element ids, the URL key (`sql-<id>`), the CSV's file name. */
  id: string;
  title: string;
  caption?: string;
  /** The SQL the cell starts with (and "Reset" restores). */
  sql: string;
  /** Runs a query (Framework's `sql` tag over the page's DuckDB: `(text) => sql([text])`). */
  query: (sql: string) => Promise<unknown>;
  /** The provenance of a result (CSV header, exports), given the SQL and the view's address. */
  provenance: (sql: string, view: string) => Provenance;
  /** Rows shown (the CSV has them all); default 200. */
  limit?: number;
  url?: UrlState;
}

/** The parts every editable cell has: title, caption, a labelled textarea, Run and Reset, a status line, errors as text. */
function editor(doc: Document, options: CellOptions, key: string, url: UrlState, run: () => void) {
  const section = el(doc, "section", { class: "sql-cell", "data-cell": options.id, "aria-labelledby": `${options.id}-title` });
  section.append(el(doc, "h3", { id: `${options.id}-title` }, options.title));
  if (options.caption) section.append(el(doc, "p", { class: "sql-caption" }, options.caption));
  const label = el(doc, "label", { for: `${options.id}-sql` }, "SQL (Ctrl+Enter runs it)");
  const textarea = el(doc, "textarea", { id: `${options.id}-sql`, spellcheck: "false", rows: String(Math.min(14, Math.max(4, options.sql.split("\n").length + 1))), "aria-describedby": `${options.id}-status` });
  textarea.value = url.get()[key]?.[0] ?? options.sql;
  const runButton = el(doc, "button", { type: "button", class: "sql-run" }, "Run");
  const reset = el(doc, "button", { type: "button", class: "sql-reset", title: "back to the cell's own query" }, "Reset");
  const status = el(doc, "span", { class: "sql-status", id: `${options.id}-status`, role: "status" });
  const error = el(doc, "pre", { class: "sql-error", role: "alert" });
  error.hidden = true;
  const bar = el(doc, "div", { class: "sql-bar" });
  bar.append(runButton, reset, status);
  section.append(label, textarea, bar, error);
  const commit = () => {
    const text = textarea.value;
    url.set({ [key]: text.trim() === options.sql.trim() ? null : [text] });
    run();
  };
  runButton.addEventListener("click", commit);
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      commit();
    }
  });
  reset.addEventListener("click", () => {
    textarea.value = options.sql;
    commit();
  });
  // Back and forward: the URL is the truth.
  url.subscribe((state) => {
    const text = state[key]?.[0] ?? options.sql;
    if (text === textarea.value) return;
    textarea.value = text;
    run();
  });
  return { section, textarea, status, error };
}

/** An editable SQL cell: the result as a table and its CSV, an error as text. Runs its query at once. */
export function sqlCell(doc: Document, options: CellOptions): HTMLElement {
  const url = options.url ?? urlState(doc.defaultView!);
  const key = `sql-${options.id}`;
  const output = el(doc, "div", { class: "sql-output" });
  let generation = 0;
  const run = async () => {
    const mine = ++generation;
    const text = parts.textarea.value;
    parts.status.textContent = "running…";
    parts.error.hidden = true;
    const started = performance.now();
    try {
      const result = toResult(await options.query(text));
      if (mine !== generation) return;
      const ms = performance.now() - started;
      const limit = options.limit ?? 200;
      parts.status.textContent = `${formatCount(result.rows.length)} row${result.rows.length === 1 ? "" : "s"} in ${ms.toFixed(0)} ms${result.rows.length > limit ? `; the first ${limit} shown, the CSV has them all` : ""}`;
      const csv = tableCsvButton(doc, { id: options.id, label: "CSV", data: result.rows, columns: result.columns.map((c) => c.name), provenance: options.provenance(text, doc.defaultView!.location.href) });
      const scroll = el(doc, "div", { class: "table-scroll" });
      scroll.append(resultTable(doc, result, limit));
      output.replaceChildren(csv, scroll);
    } catch (error) {
      if (mine !== generation) return;
      parts.status.textContent = "the query failed";
      parts.error.textContent = (error as Error).message ?? String(error);
      parts.error.hidden = false;
      output.replaceChildren();
    }
    output.dispatchEvent(new (doc.defaultView!.CustomEvent)("uvqa:cell", { bubbles: true, detail: { id: options.id } }));
  };
  const parts = editor(doc, options, key, url, () => void run());
  parts.section.append(output);
  void run();
  return parts.section;
}

// ---- the Plot cell --------------------------------------------------------------------------------------------------

export const MARKS = ["dot", "barX", "barY", "line", "cell", "text"] as const;
export type Mark = (typeof MARKS)[number];

export interface PlotSpec {
  mark: Mark;
  x: string | null;
  y: string | null;
  color: string | null;
}

/**
 * The colour scale of a spec: categories in sorted order on the palette (cycled), numbers on viridis (both
 * colour-blind-safe); null without a colour column.
 */
export function colorScale(spec: PlotSpec, result: QueryResult): { kind: "categorical"; domain: string[]; range: string[] } | { kind: "linear" } | null {
  if (spec.color === null || !result.columns.some((c) => c.name === spec.color)) return null;
  const values = result.rows.map((r) => r[spec.color!]).filter((v) => v !== null && v !== undefined);
  if (values.length && values.every((v) => typeof v === "number")) return { kind: "linear" };
  const domain = [...new Set(values.map((v) => cellText(v)))].sort();
  return { kind: "categorical", domain, range: domain.map((_, i) => SERIES_COLORS[i % SERIES_COLORS.length]!) };
}

/** The marks' options for a spec: channels only for the columns named; the colour scale of `colorScale`. */
export function plotSpecOptions(spec: PlotSpec, result: QueryResult, width: number): Plot.PlotOptions {
  const has = (name: string | null): name is string => name !== null && result.columns.some((c) => c.name === name);
  const channels: Record<string, unknown> = {};
  if (has(spec.x)) channels.x = spec.x;
  if (has(spec.y)) channels.y = spec.y;
  const colorKey = spec.mark === "line" || spec.mark === "text" ? "stroke" : "fill";
  if (has(spec.color)) channels[colorKey === "stroke" && spec.mark === "text" ? "fill" : colorKey] = spec.color;
  if (spec.mark === "text" && has(spec.color)) channels.text = spec.color;
  const numeric = (name: string | null) => has(name) && result.rows.some((r) => typeof r[name] === "number");
  const yBand = has(spec.y) && !numeric(spec.y);
  const rows = yBand ? new Set(result.rows.map((r) => r[spec.y!])).size : 0;
  const title = (d: Record<string, unknown>) => result.columns.map((c) => `${c.name}: ${cellText(d[c.name])}`).join("\n");
  const hooks = isScoreResult(result.columns) ? { render: stampHooks(result.rows as never[], (d: Record<string, unknown>) => scoreHooks({ run: String(d.run), slice: String(d.slice), metric: String(d.metric), value: Number(d.value) })) } : {};
  const mark = { dot: Plot.dot, barX: Plot.barX, barY: Plot.barY, line: Plot.line, cell: Plot.cell, text: Plot.text }[spec.mark];
  return {
    width,
    height: yBand ? Math.max(120, 40 + rows * 22) : undefined,
    marginLeft: yBand ? Math.min(width * 0.4, 14 + Math.max(...result.rows.map((r) => cellText(r[spec.y!]).length)) * 6) : undefined,
    color: ((scale) => (scale === null ? undefined : scale.kind === "linear" ? { type: "linear", scheme: "viridis" } : { type: "ordinal", domain: scale.domain, range: scale.range }))(colorScale(spec, result)) as Plot.ScaleOptions | undefined,
    grid: true,
    marks: [mark(result.rows, { ...channels, tip: true, title, ...(spec.mark === "line" ? {} : hooks) } as never)],
  };
}

export interface PlotCellOptions extends CellOptions {
  spec: PlotSpec;
}

const SPEC_KEYS = { mark: "plot-mark", x: "plot-x", y: "plot-y", color: "plot-color" } as const;

/** An editable Plot cell: SQL, then mark, x, y and colour chosen from the result's columns; drawn as a figure. */
export function plotCell(doc: Document, options: PlotCellOptions): HTMLElement {
  const url = options.url ?? urlState(doc.defaultView!);
  const key = `sql-${options.id}`;
  const read = (): PlotSpec => {
    const state = url.get();
    const mark = state[SPEC_KEYS.mark]?.[0];
    // An absent key is the cell's default; a key with no value (`plot-color=`) is "(none)".
    const channel = (name: "x" | "y" | "color") => (state[SPEC_KEYS[name]] === undefined ? options.spec[name] : state[SPEC_KEYS[name]]![0] ?? null);
    return {
      mark: (MARKS as readonly string[]).includes(mark ?? "") ? (mark as Mark) : options.spec.mark,
      x: channel("x"), y: channel("y"), color: channel("color"),
    };
  };
  const controls = el(doc, "div", { class: "plot-controls" });
  const select = (name: keyof PlotSpec, text: string) => {
    const label = el(doc, "label", {}, `${text} `);
    const s = el(doc, "select", { "data-channel": name });
    label.append(s);
    controls.append(label);
    s.addEventListener("change", () => {
      const spec = specOf();
      url.set({ [SPEC_KEYS[name]]: spec[name] === options.spec[name] ? null : spec[name] === null ? [""] : [spec[name]!] });
      draw();
    });
    return s;
  };
  const selects = { mark: select("mark", "mark"), x: select("x", "x"), y: select("y", "y"), color: select("color", "colour") };
  const specOf = (): PlotSpec => ({
    mark: selects.mark.value as Mark,
    x: selects.x.value || null, y: selects.y.value || null, color: selects.color.value || null,
  });
  const fill = (s: HTMLSelectElement, values: readonly string[], value: string | null, none: boolean) => {
    s.replaceChildren(...(none ? [el(doc, "option", { value: "" }, "(none)")] : []), ...values.map((v) => el(doc, "option", { value: v }, v)));
    s.value = value !== null && values.includes(value) ? value : none ? "" : values[0] ?? "";
  };
  fill(selects.mark, MARKS, read().mark, false);
  const output = el(doc, "div", { class: "plot-output" });
  let result: QueryResult | null = null;
  let sql = "";
  let generation = 0;
  const draw = () => {
    if (!result) return;
    const spec = specOf();
    const width = Math.max(280, Math.min(960, output.clientWidth || 640));
    const empty = !result.rows.length ? "the query returned no rows" : spec.x === null && spec.y === null ? "choose a column for x or y" : null;
    output.replaceChildren(figure(doc, {
      id: options.id,
      title: `${spec.mark}: ${[spec.x && `x = ${spec.x}`, spec.y && `y = ${spec.y}`, spec.color && `colour = ${spec.color}`].filter(Boolean).join(", ")}`,
      render: (w) => {
        // The legend as SVG (exports carry it): swatches for categories, Plot's ramp for numbers.
        const box = el(doc, "div", { class: "plot-cell-figure" });
        const plot = Plot.plot({ document: doc, ...plotSpecOptions(spec, result!, w) }) as unknown as SVGSVGElement & { legend(scale: string, options?: object): Element | undefined };
        const scale = colorScale(spec, result!);
        if (scale?.kind === "categorical") box.append(swatches(doc, scale.domain.map((label, i) => ({ label, color: scale.range[i]! })), w));
        else if (scale?.kind === "linear") { const ramp = plot.legend("color", { label: spec.color!, document: doc }); if (ramp) box.append(ramp); }
        box.append(plot);
        return box;
      },
      data: result.rows,
      columns: result.columns.map((c) => c.name),
      provenance: options.provenance(sql, doc.defaultView!.location.href),
      reproduce: { sql },
      empty,
      width,
    }));
  };
  const run = async () => {
    const mine = ++generation;
    sql = parts.textarea.value;
    parts.status.textContent = "running…";
    parts.error.hidden = true;
    try {
      const answer = toResult(await options.query(sql));
      if (mine !== generation) return;
      result = answer;
      parts.status.textContent = `${formatCount(answer.rows.length)} row${answer.rows.length === 1 ? "" : "s"}`;
      const names = answer.columns.map((c) => c.name);
      const spec = read();
      fill(selects.x, names, spec.x, true);
      fill(selects.y, names, spec.y, true);
      fill(selects.color, names, spec.color, true);
      draw();
    } catch (error) {
      if (mine !== generation) return;
      result = null;
      parts.status.textContent = "the query failed";
      parts.error.textContent = (error as Error).message ?? String(error);
      parts.error.hidden = false;
      output.replaceChildren();
    }
    output.dispatchEvent(new (doc.defaultView!.CustomEvent)("uvqa:cell", { bubbles: true, detail: { id: options.id } }));
  };
  const parts = editor(doc, options, key, url, () => void run());
  url.subscribe(() => {
    const spec = read();
    selects.mark.value = spec.mark;
    if (result) {
      const names = result.columns.map((c) => c.name);
      fill(selects.x, names, spec.x, true);
      fill(selects.y, names, spec.y, true);
      fill(selects.color, names, spec.color, true);
      draw();
    }
  });
  parts.section.append(controls, output);
  void run();
  return parts.section;
}
