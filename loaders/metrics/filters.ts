// Filter slices (docs/report-data.md, "Ad-hoc slices"): `field=v1,v2&field2=v3`. An item is in the slice when
// each named field has one of the listed values (for an array field such as `flags`: one of its elements).
// Values are percent-encoded (decodeURIComponent; `+` is a plus sign, not a space). A slice is named by its
// canonical form, so the page and `uvqa score --slice` name the same filter the same way.
import { UvqaError } from "../errors.ts";
import { fieldColumn, type ItemIndex } from "./items.ts";

export interface Clause {
  field: string;
  /** Decoded values, sorted (by UTF-16 code units) and distinct. */
  values: string[];
}

/** Fields first in a canonical expression, in this order; any other field follows, alphabetically. */
export const FIELD_ORDER = ["dataset", "category", "question_type", "source", "flags"] as const;

const FIELD_NAME = /^[A-Za-z0-9_.-]+$/;

/** `invalid slice: "<expr>" (<problem>)`; `problem` names the offending part (for a CLI option's own message). */
export class SliceError extends UvqaError {
  readonly problem: string;
  constructor(expr: string, problem: string) {
    super(`invalid slice: ${JSON.stringify(expr)} (${problem})`, 2);
    this.name = "SliceError";
    this.problem = problem;
  }
}

function fail(expr: string, problem: string): SliceError {
  return new SliceError(expr, problem);
}

/** Parses a filter expression into clauses in canonical order; throws naming the expression and the offending part. */
export function parseSlice(expr: string): Clause[] {
  if (expr.trim() === "") throw fail(expr, "empty expression");
  const clauses: Clause[] = [];
  for (const part of expr.split("&")) {
    const eq = part.indexOf("=");
    if (eq < 0) throw fail(expr, `no "=" in ${JSON.stringify(part)}`);
    const field = part.slice(0, eq);
    if (!FIELD_NAME.test(field)) throw fail(expr, `bad field name ${JSON.stringify(field)}`);
    if (clauses.some((c) => c.field === field)) throw fail(expr, `repeated field ${JSON.stringify(field)}`);
    const values = new Set<string>();
    for (const raw of part.slice(eq + 1).split(",")) {
      if (raw === "") throw fail(expr, `empty value in ${JSON.stringify(part)}`);
      let value: string;
      try {
        value = decodeURIComponent(raw);
      } catch {
        throw fail(expr, `bad percent-encoding in ${JSON.stringify(raw)}`);
      }
      values.add(value);
    }
    clauses.push({ field, values: [...values].sort(compareText) });
  }
  return clauses.sort((a, b) => fieldRank(a.field) - fieldRank(b.field) || compareText(a.field, b.field));
}

/** The canonical form of clauses: fields in FIELD_ORDER then alphabetically, values sorted, percent-encoded. */
export function formatSlice(clauses: readonly Clause[]): string {
  const sorted = [...clauses].sort((a, b) => fieldRank(a.field) - fieldRank(b.field) || compareText(a.field, b.field));
  return sorted.map((c) => `${c.field}=${[...new Set(c.values)].sort(compareText).map(encodeURIComponent).join(",")}`).join("&");
}

/** The canonical form of a filter expression: the name of its slice. */
export function canonicalSlice(expr: string): string {
  return formatSlice(parseSlice(expr));
}

/**
 * Per item: 1 when it is in the filter slice. A field that no item has (as a value to slice by) is an error
 * naming it; a value no item has simply matches nothing.
 */
export function filterMembers(index: ItemIndex, expr: string, clauses: readonly Clause[] = parseSlice(expr)): Uint8Array {
  const n = index.items.length;
  const member = new Uint8Array(n).fill(1);
  for (const { field, values } of clauses) {
    const column = fieldColumn(index, field);
    if (column.values.length === 0) throw fail(expr, `no item has field ${JSON.stringify(field)}`);
    const wanted = new Set(values);
    const hit = Uint8Array.from(column.values, (value) => (wanted.has(value) ? 1 : 0));
    const { start, ids } = column;
    for (let i = 0; i < n; i++) {
      if (member[i] === 0) continue;
      let found = 0;
      for (let k = start[i]!; k < start[i + 1]! && found === 0; k++) found = hit[ids[k]!]!;
      member[i] = found;
    }
  }
  return member;
}

function fieldRank(field: string): number {
  const k = (FIELD_ORDER as readonly string[]).indexOf(field);
  return k < 0 ? FIELD_ORDER.length : k;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
