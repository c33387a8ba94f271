// The test-hook contract on drawn marks: every score a figure shows carries data-run, data-slice, data-metric and
// the full-precision data-value (a paired difference: data-a, data-b, data-metric, data-diff). Plot draws one
// element per index entry, in index order, for the marks used here (dot, rule, cell, text); a render transform
// stamps the attributes on those elements. Pure over the DOM it is given.
import type { RenderFunction } from "@observablehq/plot";

export type Hooks<T> = (datum: T) => Record<string, string | number | null | undefined>;

export function stampHooks<T>(data: readonly T[], hooks: Hooks<T>): RenderFunction {
  return function (index, scales, values, dimensions, context, next) {
    const g = next!(index, scales, values, dimensions, context) as SVGGElement | null;
    if (!g) return g;
    const children = [...g.children].filter((c) => c.tagName !== "title");
    if (children.length !== index.length) {
      // A mark that groups its elements (a line) cannot carry per-datum hooks: say so in development, draw anyway.
      g.setAttribute("data-hooks", `skipped: ${children.length} elements for ${index.length} data`);
      return g;
    }
    index.forEach((i, k) => {
      for (const [name, value] of Object.entries(hooks(data[i]!))) {
        if (value !== null && value !== undefined) children[k]!.setAttribute(`data-${name}`, String(value));
      }
    });
    return g;
  };
}

/** The four score hooks of one score row. */
export function scoreHooks(row: { run: string; slice: string; metric: string; value: number }): Record<string, string> {
  return { run: row.run, slice: row.slice, metric: row.metric, value: String(row.value) };
}

/** The hooks of one paired difference (B - A): the two runs, the metric, the full-precision difference, the slice. */
export function pairHooks(row: { a: string; b: string; metric: string; diff: number; slice: string }): Record<string, string> {
  return { a: row.a, b: row.b, metric: row.metric, diff: String(row.diff), slice: row.slice };
}
