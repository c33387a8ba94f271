// /notebook's description of every report table (column, type, meaning), from the rows of
// data/cache/site/report-tables.json (scripts/site-data.ts from loaders/pipeline/table-docs.ts, the source docs/report-data.md is written from).
// DOM only; every string goes in as text (`code` spans for the backticked parts of a meaning).
import { tableCsvButton } from "./figure.js";
import type { Provenance } from "./provenance.js";

export interface ColumnDoc {
  name: string;
  type: string;
  meaning: string;
}

export interface TableDoc {
  name: string;
  files: string[];
  rows: string;
  sql: boolean;
  columns: ColumnDoc[];
}

/** Text with `backticked` parts as <code> elements. */
export function withCode(doc: Document, text: string): Node[] {
  return text.split("`").map((part, i) => {
    if (i % 2 === 0) return doc.createTextNode(part);
    const code = doc.createElement("code");
    code.textContent = part;
    return code;
  });
}

/** One row per (table, column): the CSV of the whole description. */
export function docRows(tables: readonly TableDoc[]): Record<string, unknown>[] {
  return tables.flatMap((t) => t.columns.map((c) => ({ table: t.name, files: t.files.join(" "), in_sql: t.sql, column: c.name, type: c.type, meaning: c.meaning })));
}

export function tableDocs(doc: Document, tables: readonly TableDoc[], provenance?: Provenance): HTMLElement {
  const root = doc.createElement("div");
  root.className = "table-docs";
  if (provenance) root.append(tableCsvButton(doc, { id: "report-tables", label: "CSV of every column", data: docRows(tables), provenance }));
  for (const t of tables) {
    const section = doc.createElement("section");
    section.dataset.table = t.name;
    const h = doc.createElement("h3");
    h.id = `table-${t.name.replace(/[^a-z0-9]+/gi, "-")}`;
    const name = doc.createElement("code");
    name.textContent = t.name;
    h.append(name);
    const p = doc.createElement("p");
    p.append(...t.files.flatMap((f, i) => [...(i ? [doc.createTextNode(", ")] : []), ...withCode(doc, `\`${f}\``)]), doc.createTextNode(`: ${t.rows}`), ...(t.sql ? [doc.createTextNode(". In SQL: "), ...withCode(doc, `\`FROM ${t.name}\``)] : []), doc.createTextNode("."));
    const table = doc.createElement("table");
    table.className = "schema";
    const head = doc.createElement("tr");
    for (const text of ["column", "type", "meaning"]) {
      const th = doc.createElement("th");
      th.scope = "col";
      th.textContent = text;
      head.append(th);
    }
    table.createTHead().append(head);
    const body = table.createTBody();
    for (const c of t.columns) {
      const tr = doc.createElement("tr");
      tr.dataset.column = c.name;
      const name = doc.createElement("td");
      const code = doc.createElement("code");
      code.textContent = c.name;
      name.append(code);
      const type = doc.createElement("td");
      type.className = "type";
      type.textContent = c.type;
      const meaning = doc.createElement("td");
      meaning.append(...withCode(doc, c.meaning));
      tr.append(name, type, meaning);
      body.append(tr);
    }
    const scroll = doc.createElement("div");
    scroll.className = "table-scroll";
    scroll.append(table);
    section.append(h, p, scroll);
    root.append(section);
  }
  return root;
}
