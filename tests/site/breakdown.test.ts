// The category breakdown's SQL, run by real DuckDB (the same engine as DuckDB-WASM in the page).
import { DuckDBInstance } from "@duckdb/node-api";
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { breakdownRows, categoryBreakdownSql } from "../../components/breakdown.ts";
import { breakdownTable, showRuns } from "../../components/render.ts";

const rows = [
  // run, slice, metric, value, n, ci_low, ci_high, judge_failures
  ["a", "all", "f1", 0.5, 10, 0.4, 0.6, 0],
  ["a", "category:answerable", "s_acc", 0.75, 4, 0.5, 1, 1],
  ["a", "category:object", "s_acc", 1 / 3, 3, 0, 1, 0],
  ["a", "category:object", "f1", 0, 0, 0, 0, 0],
  ["b", "category:relation", "s_acc", 0.2, 5, 0, 0.6, 0],
  ["b", "question_type:what", "s_acc", 0.9, 9, 0.8, 1, 0],
] as const;

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await connection.run(`CREATE TABLE scores (run VARCHAR, slice VARCHAR, metric VARCHAR, value DOUBLE, n INTEGER,
      ci_low DOUBLE, ci_high DOUBLE, judge_failures INTEGER)`);
    const values = rows.map((r) => `(${r.map((v) => (typeof v === "string" ? `'${v}'` : String(v))).join(", ")})`);
    await connection.run(`INSERT INTO scores VALUES ${values.join(", ")}`);
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe("categoryBreakdownSql", () => {
  it("pivots the category slices to one row per run and metric, leaving other slices out", async () => {
    const result = await query(categoryBreakdownSql());
    const table = breakdownRows(result, ["b", "a"], ["f1", "s_acc"]);
    expect(table.map((r) => [r.run, r.metric])).toEqual([["b", "s_acc"], ["a", "f1"], ["a", "s_acc"]]);
    const aAcc = table[2];
    expect(aAcc.cells.answerable).toEqual({ metric: "s_acc", slice: "category:answerable", value: 0.75, n: 4, ci_low: 0.5, ci_high: 1, judge_failures: 1 });
    expect(aAcc.cells.object?.value).toBe(1 / 3); // full precision through SQL
    expect(aAcc.cells.relation).toBeUndefined();
    // a 0 of 0 stays a cell with n = 0
    expect(table[1].cells.object).toMatchObject({ value: 0, n: 0 });
    expect(table[0].cells.relation).toMatchObject({ value: 0.2, n: 5 });
  });
});

describe("breakdownRows", () => {
  it("puts runs missing from the order last, by name", () => {
    const table = breakdownRows([
      { run: "z", metric: "f1", answerable_value: 1, answerable_n: 1, answerable_ci_low: 1, answerable_ci_high: 1, answerable_judge_failures: 0 },
      { run: "y", metric: "f1" },
      { run: "x", metric: "s_acc" },
    ], ["x"], ["f1", "s_acc"]);
    expect(table.map((r) => r.run)).toEqual(["x", "y", "z"]);
    expect(table[2].cells.answerable?.n).toBe(1);
  });
});

describe("breakdownTable and showRuns", () => {
  const cell = { value: 0.5, n: 4, ci_low: 0.25, ci_high: 0.75, judge_failures: 0 };
  const table = () => breakdownTable(new JSDOM("<!doctype html>").window.document, [
    { run: "a", metric: "f1", cells: { answerable: { ...cell, metric: "f1", slice: "category:answerable" } } },
    { run: "a", metric: "s_acc", cells: {} },
    { run: "b", metric: "f1", cells: { object: { ...cell, metric: "f1", slice: "category:object" } } },
  ], { f1: "F1" });
  const shown = (t: HTMLElement) => [...t.querySelectorAll<HTMLElement>("tbody[data-run]")].filter((b) => !b.hidden).map((b) => b.dataset.run);

  it("gives each run one tbody, its id on the run's first row only", () => {
    const t = table();
    expect([...t.querySelectorAll("tbody")].map((b) => [b.getAttribute("data-run"), b.rows.length])).toEqual([["a", 2], ["b", 1]]);
    expect([...t.querySelectorAll("th.run-id")].map((th) => th.textContent)).toEqual(["a", "", "b"]);
    expect(t.querySelector('td[data-run="b"][data-slice="category:object"][data-metric="f1"]')?.getAttribute("data-value")).toBe("0.5");
  });

  it("hides the runs a filter leaves out and shows them again, the same cells kept", () => {
    const t = table();
    const cells = [...t.querySelectorAll("td")];
    expect(showRuns(t, new Set(["b"]))).toBe(1);
    expect(shown(t)).toEqual(["b"]);
    expect(showRuns(t, new Set(["a", "b", "c"]))).toBe(2);
    expect(shown(t)).toEqual(["a", "b"]);
    expect(showRuns(t, new Set())).toBe(0);
    expect(shown(t)).toEqual([]);
    expect([...t.querySelectorAll("td")]).toEqual(cells);
  });
});
