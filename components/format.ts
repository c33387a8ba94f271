// Text for a score cell: value, 95% interval, denominator. Pure; the full-precision value goes in data-value.

export interface CellText {
  value: string;
  interval: string;
  n: string;
  /** "" when no judgment failed */
  failures: string;
  /** true when the denominator is 0: the value is 0 by convention, not a measurement */
  empty: boolean;
}

export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  const text = value.toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text; // -0.00 reads as a sign error
}

export function formatInterval(low: number, high: number, digits = 2): string {
  return `[${formatNumber(low, digits)}, ${formatNumber(high, digits)}]`;
}

// One formatter, made once: Chromium's Number.prototype.toLocaleString("en-US") sets up a formatter on every call
// (~0.1 ms each), which made a table of a few hundred score cells take ~35 ms to redraw on a filter change.
const COUNT = new Intl.NumberFormat("en-US");

/** A count with thousands separators ("1,234,567"), as `n.toLocaleString("en-US")` writes it. */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

export function formatN(n: number): string {
  return `n = ${formatCount(n)}`;
}

export function formatFailures(count: number): string {
  if (count <= 0) return "";
  return `${formatCount(count)} judge failure${count === 1 ? "" : "s"}`;
}

export function formatCell(cell: { value: number; n: number; ci_low: number; ci_high: number; judge_failures: number }, digits = 2): CellText {
  return {
    value: formatNumber(cell.value, digits),
    interval: formatInterval(cell.ci_low, cell.ci_high, digits),
    n: formatN(cell.n),
    failures: formatFailures(cell.judge_failures),
    empty: cell.n === 0,
  };
}
