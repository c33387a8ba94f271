import { tableFromArrays } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { outcomeRows, outcomeRowsAt, rowsWithItems } from "../../components/outcome-segments.js";

// One run's batch as outcomes.arrow holds it: sorted by item (items 2, 3, 5, 8, 9), one row without a response.
const table = tableFromArrays({
  run: ["r", "r", "r", "r", "r"],
  item: Int32Array.from([2, 3, 5, 8, 9]),
  outcome: ["C", "R", "A", "W", "F"],
  score: Float64Array.from([1, 0, 0.5, 0.25, NaN]),
  text_row: Int32Array.from([10, 11, 12, 13, 14]),
});

describe("outcome rows of a run's batch", () => {
  it("outcomeRows reads [start, end), clipped to the table", () => {
    expect(outcomeRows(table, 1, 3).map((r) => [r.item, r.outcome, r.text_row])).toEqual([[3, "R", 11], [5, "A", 12]]);
    expect(outcomeRows(table, 3, 99).map((r) => r.item)).toEqual([8, 9]);
    expect(outcomeRows(table, -5, 1).map((r) => r.item)).toEqual([2]);
    // columns the table lacks come as null
    expect(outcomeRows(table, 0, 1)[0]).toMatchObject({ run: "r", item: 2, base: null, refused: null });
  });

  it("outcomeRowsAt reads the rows at the indices given, in that order, skipping those outside the table", () => {
    expect(outcomeRowsAt(table, [4, 0, 7, 2]).map((r) => r.item)).toEqual([9, 2, 5]);
    expect(outcomeRowsAt(table, new Int32Array(0))).toEqual([]);
  });

  it("rowsWithItems gives the rows whose item was matched, in the batch's item order, each once", () => {
    // item 5 matched twice (its question and its response), 4 and 100 have no row in this run
    expect([...rowsWithItems(table.getChild("item")!.toArray(), [9, 5, 4, 2, 5, 100])]).toEqual([0, 2, 4]);
    expect([...rowsWithItems(table.getChild("item")!.toArray(), [])]).toEqual([]);
    expect([...rowsWithItems([], [1, 2])]).toEqual([]);
  });
});
