// /slices: the finder's rows as the page shows them: labels, links to the explorer (the generic slice key beside the
// named ones), the first rows, the CSV, the hooks on every drawn rate or difference, the table, the reproduction
// command, and an SVG snapshot of the drawing.
import { describe, expect, it } from "vitest";
import {
  finderColumns, finderCsvRows, finderDomain, finderHooks, finderHref, finderPlot, finderReproduce, finderSummary, finderTable, formatP,
  kindWords, shownRows, sliceLabel,
} from "../../components/finder.ts";
import type { FindRequest, FoundRow } from "../../components/finder-types.ts";
import { parseQuery } from "../../components/url-state.ts";
import { dom, expectSvgSnapshot } from "./snapshot.ts";

const found = (fields: string[], values: string[], slice: string, n: number, count: number, q: number, rest: Partial<FoundRow> = {}): FoundRow => ({
  fields, values, slice, n, count, rate: count / n, ci_low: Math.max(0, Math.round((count / n - 0.1) * 1000) / 1000), ci_high: Math.min(1, Math.round((count / n + 0.1) * 1000) / 1000),
  baseline: 0.1, lift: count / n / 0.1, p: q / 2, q, ...rest,
});
const rows: FoundRow[] = [
  found(["question_type"], ["hand-written"], "question_type=hand-written", 82, 33, 2.1e-23),
  found(["question_type", "flags"], ["what", "edited-question"], "question_type=what&flags=edited-question", 25, 6, 0.012),
  found(["dataset", "video"], ["uvqa", "v 1,2"], "dataset=uvqa&video=v%201%2C2", 20, 0, 1),
];
const unanswerable = ["object", "relation", "attribute"];
const over: FindRequest = { kind: "over_refusal", run: "builtin/prompt-aligned", minSupport: 20 };
const under: FindRequest = { kind: "under_refusal", run: "r", minSupport: 20 };
const diff: FindRequest = { kind: "difference", a: "base", b: "aligned", outcome: "correct" };

describe("labels and links", () => {
  it("says what a slice is in words", () => {
    expect(sliceLabel(rows[1]!)).toBe("question_type = what · flags = edited-question");
    expect(sliceLabel(rows[2]!)).toBe("dataset = uvqa · video = v 1,2");
  });

  it("over-refusal opens the run's answerable items of the slice, or only its refusals; the slice travels whole", () => {
    const href = finderHref(rows[1]!, over, unanswerable);
    expect(href).toBe("./explorer?run=builtin/prompt-aligned&category=answerable&flag=edited-question&slice=question_type%3Dwhat%26flags%3Dedited-question");
    expect(parseQuery(href.slice(href.indexOf("?")))).toEqual({
      run: ["builtin/prompt-aligned"], category: ["answerable"], flag: ["edited-question"], slice: ["question_type=what&flags=edited-question"],
    });
    expect(finderHref(rows[1]!, over, unanswerable, true)).toBe(
      "./explorer?run=builtin/prompt-aligned&outcome=R&category=answerable&flag=edited-question&slice=question_type%3Dwhat%26flags%3Dedited-question");
  });

  it("a value with a comma or a space stays one value of the slice key (encoded twice: in the slice, then in the link)", () => {
    const href = finderHref(rows[2]!, under, unanswerable, true);
    expect(href).toBe("./explorer?run=r&outcome=A&dataset=uvqa&category=object,relation,attribute&slice=dataset%3Duvqa%26video%3Dv%25201%252C2");
    expect(parseQuery(href.slice(href.indexOf("?"))).slice).toEqual(["dataset=uvqa&video=v%201%2C2"]);
  });

  it("under-refusal keeps the slice's category; two runs open both runs, with no outcome", () => {
    const object = found(["category"], ["object"], "category=object", 30, 10, 0.5);
    expect(finderHref(object, under, unanswerable, true)).toBe("./explorer?run=r&outcome=A&category=object&slice=category%3Dobject");
    expect(finderHref(object, diff, unanswerable)).toBe("./explorer?run=base,aligned&category=object&slice=category%3Dobject");
    expect(finderHref(rows[0]!, diff, unanswerable, true)).toBe("./explorer?run=base,aligned&slice=question_type%3Dhand-written");
  });

  it("p and q read in a few characters", () => {
    expect([formatP(1), formatP(0.0123), formatP(0.001), formatP(0.000456), formatP(2.1e-23), formatP(0)]).toEqual(["1.000", "0.012", "0.001", "4.6e-4", "2.1e-23", "0.000"]);
  });
});

describe("the rows shown", () => {
  it("the first `top` rows (0: all) with rank, label and links; two runs have no events link", () => {
    const shown = shownRows(rows, over, unanswerable, 2);
    expect(shown.map((r) => [r.rank, r.label])).toEqual([[1, "question_type = hand-written"], [2, "question_type = what · flags = edited-question"]]);
    expect(shownRows(rows, over, unanswerable, 0)).toHaveLength(3);
    expect(shownRows(rows, diff, unanswerable, 0).every((r) => r.events_href === null)).toBe(true);
  });

  it("the CSV holds every figure of the rows drawn", () => {
    expect(finderColumns("over_refusal")).toEqual(["rank", "slice", "fields", "values", "n", "count", "rate", "ci_low", "ci_high", "baseline", "lift", "p", "q"]);
    expect(finderColumns("difference").slice(-2)).toEqual(["mcnemar_b", "mcnemar_c"]);
    expect(finderCsvRows(shownRows(rows, over, unanswerable, 0), "over_refusal")[1]).toEqual({
      rank: 2, slice: "question_type=what&flags=edited-question", fields: "question_type & flags", values: "what & edited-question",
      n: 25, count: 6, rate: 0.24, ci_low: 0.14, ci_high: 0.34, baseline: 0.1, lift: 2.4, p: 0.006, q: 0.012,
    });
  });

  it("hooks: a run's rate, or a paired difference with both runs", () => {
    expect(finderHooks(rows[1]!, over)).toEqual({ run: "builtin/prompt-aligned", slice: "question_type=what&flags=edited-question", metric: "over_refusal", value: "0.24", n: "25", q: "0.012" });
    expect(finderHooks(rows[1]!, { ...diff, outcome: "refused" })).toEqual({ a: "base", b: "aligned", slice: "question_type=what&flags=edited-question", metric: "refused", diff: "0.24", n: "25", q: "0.012" });
    expect(kindWords(under).metric).toBe("under_refusal");
  });

  it("the axis: a rate from 0, a difference around 0", () => {
    expect(finderDomain(rows, "over_refusal")).toEqual([0, 0.6]);
    expect(finderDomain([found(["x"], ["y"], "x=y", 20, 1, 1, { rate: -0.3, ci_low: -0.42, ci_high: -0.1, baseline: 0.05 })], "difference")).toEqual([-0.5, 0.5]);
  });

  it("the caption counts the slices tested and those with q < 0.05", () => {
    expect(finderSummary(rows, 25)).toBe("3 slices tested, 2 with q < 0.05; the first 3 shown");
  });
});

describe("the drawing and the table", () => {
  const doc = dom();
  const shown = shownRows(rows, over, unanswerable, 0);
  it("every rate drawn carries run, slice, metric and full-precision value; each row links to the explorer", () => {
    const plot = finderPlot(doc, shown, { width: 900, request: over });
    const dots = [...plot.querySelectorAll("circle[data-run]")];
    expect(dots.map((d) => [d.getAttribute("data-run"), d.getAttribute("data-slice"), d.getAttribute("data-metric"), d.getAttribute("data-value")])).toEqual(
      rows.map((r) => ["builtin/prompt-aligned", r.slice, "over_refusal", String(r.rate)]));
    expect(dots.map((d) => d.getAttribute("fill"))).toEqual(["#0072B2", "#0072B2", "none"]); // filled when q < 0.05
    expect([...plot.querySelectorAll("a.finder-row")].map((a) => a.getAttribute("href"))).toEqual(shown.map((r) => r.href));
    expect(plot.querySelector("g.finder-baseline")!.getAttribute("data-baseline")).toBe("0.1");
  });

  it("a difference carries data-a, data-b and data-diff", () => {
    const plot = finderPlot(doc, shownRows(rows, diff, unanswerable, 0), { width: 390, request: diff });
    const dot = plot.querySelector("circle[data-diff]")!;
    expect([dot.getAttribute("data-a"), dot.getAttribute("data-b"), dot.getAttribute("data-metric"), dot.getAttribute("data-diff")]).toEqual(["base", "aligned", "correct", String(rows[0]!.rate)]);
  });

  it("the table: the same rows, links to the slice and to its events, the rate cell hooked", () => {
    const table = finderTable(doc, shown, over);
    expect([...table.querySelectorAll("thead th")].map((th) => th.textContent)).toEqual(["#", "slice", "n", "refused", "rate [95%]", "overall", "lift", "p (Fisher)", "q"]);
    const first = table.querySelector("tbody tr")!;
    expect([...first.querySelectorAll("td")].map((td) => td.textContent)).toEqual(["1", "question_type = hand-written", "82", "33", "0.402 [0.302, 0.502]", "0.100", "4.02", "1.1e-23", "2.1e-23"]);
    expect([...first.querySelectorAll("a")].map((a) => a.getAttribute("href"))).toEqual([shown[0]!.href, shown[0]!.events_href]);
    expect(first.querySelector("td[data-metric]")!.getAttribute("data-value")).toBe(String(33 / 82));
  });

  it("matches its SVG snapshots (wide, and narrow with labels above the rows)", () => {
    expectSvgSnapshot("finder-over-refusal", finderPlot(doc, shown, { width: 900, request: over }).outerHTML);
    expectSvgSnapshot("finder-difference-narrow", finderPlot(doc, shownRows(rows, diff, unanswerable, 0), { width: 390, request: diff }).outerHTML);
  });
});

describe("finderReproduce", () => {
  it("runs the same loaders/metrics function in Node over the report's inputs, with the same options", () => {
    const { cli, note } = finderReproduce({ kind: "difference", a: "b'ase", b: "aligned", outcome: "refused", minSupport: 30, pairs: false }, "abc123");
    expect(cli).toContain(`node --import tsx --input-type=module --eval 'import { readItemsJsonl }`);
    expect(cli).toContain(`findDifferenceSlices(index, runs.get("b'\\''ase"), runs.get("aligned"), {"pairs":false,"minSupport":30,"outcome":"refused"})`);
    expect(note).toContain("code version abc123");
  });
});
