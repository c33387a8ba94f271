// /notebook's cells: results read from Arrow tables and plain rows, every value as text, score hooks on score
// results; the SQL cell and the Plot cell in a DOM against a real DuckDB (Node): run, edit and run again
// (Ctrl+Enter), errors shown as text, the SQL kept in the URL, Reset; the Plot cell's figure (hooks, legend, snapshot).
import { DuckDBInstance } from "@duckdb/node-api";
import { tableFromArrays } from "apache-arrow";
import { JSDOM } from "jsdom";
import { beforeAll, describe, expect, it } from "vitest";
import { cellText, colorScale, isScoreResult, plotCell, resultTable, sqlCell, toResult, type PlotSpec } from "../../components/sql-cell.ts";
import { provenanceOf } from "../../components/provenance.ts";
import { docRows, tableDocs, withCode } from "../../components/table-docs.ts";
import { dom, expectSvgSnapshot } from "./snapshot.ts";

const meta = { generated_at: "2026-11-29T00:00:00.000Z", code_version: "abc", datasets: [{ id: "sample", items: 4, sha256: "0".repeat(64) }] };
const provenance = (sql: string, view: string) => provenanceOf(meta, [], `SQL: ${sql}`, view);

let query: (sql: string) => Promise<unknown>;
beforeAll(async () => {
  const db = await (await DuckDBInstance.create(":memory:")).connect();
  await db.run(`CREATE TABLE scores AS SELECT * FROM (VALUES
    ('a', 'all', 's_acc', 0.5, 4), ('a', 'category:object', 's_acc', 0.25, 2), ('b', 'all', 's_acc', 0.75, 4), ('b', 'category:object', 's_acc', 1.0, 2)
  ) AS t(run, slice, metric, value, n)`);
  query = async (sql) => (await db.runAndReadAll(sql)).getRowObjectsJS();
});

/** A page at a URL, with history, whose cells we drive like a reader. */
function page(url = "http://127.0.0.1/notebook"): Document {
  return new JSDOM("<!doctype html><body></body>", { url, pretendToBeVisual: true }).window.document;
}
const settled = (node: Element) => new Promise<void>((resolve) => node.addEventListener("uvqa:cell", () => resolve(), { once: true }));

describe("results", () => {
  it("an Arrow table: columns with their types, plain values (BigInt as numbers)", () => {
    const result = toResult(tableFromArrays({ run: ["a", "b"], n: BigInt64Array.from([3n, 4n]), value: Float64Array.from([0.5, 0.125]) }));
    expect(result.columns.map((c) => c.name)).toEqual(["run", "n", "value"]);
    expect(result.rows).toEqual([{ run: "a", n: 3, value: 0.5 }, { run: "b", n: 4, value: 0.125 }]);
  });
  it("every value as text: NULL, full numbers, JSON for nested values", () => {
    expect([cellText(null), cellText(0.1 + 0.2), cellText([1, 2]), cellText(true), cellText(new Date(0))]).toEqual(["NULL", "0.30000000000000004", "[1,2]", "true", "1970-01-01T00:00:00.000Z"]);
  });
  it("a score result's values carry the score hooks; untrusted text stays text", () => {
    const result = toResult([{ run: "<i>a</i>", slice: "all", metric: "s_acc", value: 0.5 }]);
    expect(isScoreResult(result.columns)).toBe(true);
    const table = resultTable(dom(), result);
    expect(table.querySelector("i")).toBeNull();
    expect([...table.querySelectorAll("td[data-value]")].map((td) => [td.getAttribute("data-run"), td.getAttribute("data-value")])).toEqual([["<i>a</i>", "0.5"]]);
    expect(isScoreResult(toResult([{ run: "a", value: 1 }]).columns)).toBe(false);
  });
  it("shows the first rows only and says how many there are", () => {
    const table = resultTable(dom(), toResult(Array.from({ length: 5 }, (_, i) => ({ i }))), 2);
    expect(table.querySelectorAll("tbody tr")).toHaveLength(2);
    expect(table.getAttribute("data-rows")).toBe("5");
  });
});

describe("the SQL cell, on a real DuckDB", () => {
  it("runs its query at once; an edited query runs on Ctrl+Enter and goes into the URL; Reset takes it out", async () => {
    const doc = page();
    const cell = sqlCell(doc, { id: "q", title: "scores", sql: "SELECT run, value FROM scores WHERE slice = 'all' ORDER BY run", query, provenance });
    doc.body.append(cell);
    await settled(cell);
    expect([...cell.querySelectorAll("tbody tr")].map((tr) => tr.textContent)).toEqual(["a0.5", "b0.75"]);
    const textarea = cell.querySelector("textarea")!;
    textarea.value = "SELECT count(*) AS rows, sum(n) AS items FROM scores";
    const next = settled(cell);
    textarea.dispatchEvent(new doc.defaultView!.KeyboardEvent("keydown", { key: "Enter", ctrlKey: true }));
    await next;
    expect([...cell.querySelectorAll("thead th")].map((th) => th.textContent)).toEqual(["rows", "items"]);
    expect([...cell.querySelectorAll("tbody td")].map((td) => td.textContent)).toEqual(["4", "12"]);
    expect(new URL(doc.location.href).search).toBe(`?sql-q=${encodeURIComponent("SELECT count(*) AS rows, sum(n) AS items FROM scores").replace(/%2F/gi, "/").replace(/%3A/gi, ":").replace(/%40/gi, "@")}`);
    const reset = settled(cell);
    (cell.querySelector("button.sql-reset") as HTMLButtonElement).click();
    await reset;
    expect(doc.location.search).toBe("");
    expect(cell.querySelectorAll("tbody tr")).toHaveLength(2);
  });
  it("a link with edited SQL restores it", async () => {
    const doc = page(`http://127.0.0.1/notebook?sql-q=${encodeURIComponent("SELECT max(value) AS best FROM scores")}`);
    const cell = sqlCell(doc, { id: "q", title: "scores", sql: "SELECT 1", query, provenance });
    doc.body.append(cell);
    await settled(cell);
    expect(cell.querySelector("textarea")!.value).toBe("SELECT max(value) AS best FROM scores");
    expect(cell.querySelector("tbody td")!.textContent).toBe("1");
  });
  it("an error is shown as text, and the result it replaces is gone", async () => {
    const doc = page();
    const cell = sqlCell(doc, { id: "bad", title: "bad", sql: "SELECT nope FROM scores", query, provenance });
    doc.body.append(cell);
    await settled(cell);
    const error = cell.querySelector("pre.sql-error") as HTMLElement;
    expect(error.hidden).toBe(false);
    expect(error.textContent).toContain('Referenced column "nope" not found');
    expect(cell.querySelector("table")).toBeNull();
    expect(cell.querySelector(".sql-status")!.textContent).toBe("the query failed");
  });
});

describe("the Plot cell", () => {
  const spec: PlotSpec = { mark: "dot", x: "value", y: "run", color: "slice" };
  it("a categorical colour on the palette in sorted order, a numeric one on viridis", () => {
    const result = toResult([{ run: "a", slice: "z", value: 1 }, { run: "b", slice: "m", value: 2 }]);
    expect(colorScale(spec, result)).toEqual({ kind: "categorical", domain: ["m", "z"], range: ["#0072B2", "#D55E00"] });
    expect(colorScale({ ...spec, color: "value" }, result)).toEqual({ kind: "linear" });
    expect(colorScale({ ...spec, color: null }, result)).toBeNull();
  });
  it("draws the query as a figure with score hooks and an SVG legend; a channel choice goes into the URL", async () => {
    const doc = page();
    const cell = plotCell(doc, { id: "plot", title: "plot", sql: "SELECT run, slice, metric, value FROM scores ORDER BY run, slice", spec, query, provenance });
    doc.body.append(cell);
    await settled(cell);
    const dots = [...cell.querySelectorAll("figure circle[data-run]")];
    expect(dots.map((d) => [d.getAttribute("data-run"), d.getAttribute("data-slice"), d.getAttribute("data-value")])).toEqual([
      ["a", "all", "0.5"], ["a", "category:object", "0.25"], ["b", "all", "0.75"], ["b", "category:object", "1"],
    ]);
    expect(cell.querySelector("svg.uvqa-legend")!.getAttribute("aria-label")).toBe("legend: all, category:object");
    expectSvgSnapshot("notebook-plot-cell", cell.querySelector(".plot-cell-figure")!.outerHTML);
    const color = cell.querySelector('select[data-channel="color"]') as HTMLSelectElement;
    color.value = "";
    color.dispatchEvent(new doc.defaultView!.Event("change"));
    expect(doc.location.search).toBe("?plot-color=");
    expect(cell.querySelector("svg.uvqa-legend")).toBeNull();
  });
});

describe("the table docs", () => {
  const tables = [{ name: "scores", files: ["scores.arrow"], rows: "run x slice x metric", sql: true, columns: [{ name: "n", type: "int32", meaning: "the `n` of <b>it</b>" }] }];
  it("backticked parts as code, everything else as text", () => {
    const nodes = withCode(dom(), "a `b` c");
    expect(nodes.map((n) => n.nodeName)).toEqual(["#text", "CODE", "#text"]);
    const element = tableDocs(dom(), tables);
    expect(element.querySelector("b")).toBeNull();
    expect(element.querySelector('tr[data-column="n"]')!.textContent).toBe("nint32the n of <b>it</b>");
    expect(docRows(tables)).toEqual([{ table: "scores", files: "scores.arrow", in_sql: true, column: "n", type: "int32", meaning: "the `n` of <b>it</b>" }]);
  });
});
