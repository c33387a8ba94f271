// The CSV of a figure's or table's data, with the provenance as a `#` comment header. Its own module, imported on
// the click (figure.ts): Arquero and the parser it brings are left out of every page's first load.
import * as aq from "./aq.js";
import { provenanceComment, type Provenance } from "./provenance.js";

/** The CSV of the rows drawn: the columns in `columns` order (default: every key of the first row). */
export function csvOf(rows: readonly Record<string, unknown>[], provenance: Provenance, columns?: readonly string[]): string {
  const names = columns ?? (rows.length ? Object.keys(rows[0]!) : []);
  const table = aq.from(rows.map((row) => Object.fromEntries(names.map((n) => [n, plain(row[n])]))));
  const body = rows.length ? table.toCSV({ columns: [...names] }).replace(/\n+$/, "") : names.join(",");
  return `${provenanceComment(provenance)}${body}\n`;
}

function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return value;
}
