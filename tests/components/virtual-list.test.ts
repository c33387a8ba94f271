import { describe, expect, it } from "vitest";
import { MAX_SPACER, visibleRange, virtualList } from "../../components/virtual-list.ts";
import { dom } from "./snapshot.ts";

describe("visibleRange", () => {
  const options = { count: 1000, rowHeight: 40, height: 400, overscan: 5 };
  it("draws the rows in view plus the overscan, within bounds", () => {
    expect(visibleRange(0, options)).toEqual({ first: 0, start: 0, end: 16, scale: 1 });
    expect(visibleRange(4000, options)).toEqual({ first: 100, start: 95, end: 116, scale: 1 });
    expect(visibleRange(40_000, options).end).toBe(1000);
  });
  it("maps a spacer capped at MAX_SPACER onto a million rows: the top is row 0, the bottom the last row", () => {
    const big = { count: 1_000_000, rowHeight: 40, height: 400, overscan: 5 };
    const top = visibleRange(0, big);
    expect(top.first).toBe(0);
    expect(top.scale).toBeGreaterThan(1);
    const bottom = visibleRange(MAX_SPACER - 400, big);
    expect(bottom.end).toBe(1_000_000);
    expect(bottom.first).toBeGreaterThanOrEqual(1_000_000 - 11);
  });
});

describe("virtualList", () => {
  it("puts only the rows in view into the DOM and fetches only the pages it shows", async () => {
    const doc = dom();
    const asked: Array<[number, number]> = [];
    const list = virtualList<number>(doc, {
      count: 1_000_000, rowHeight: 40, height: 400, label: "rows", pageSize: 100,
      fetch: async (start, end) => {
        asked.push([start, end]);
        return Array.from({ length: end - start }, (_, i) => start + i);
      },
      render: (row) => {
        const div = doc.createElement("div");
        div.textContent = `row ${row}`;
        return div;
      },
    });
    doc.body.append(list);
    await list.settled();
    expect(list.rendered()).toBe(19);
    expect(asked).toEqual([[0, 100]]);
    expect(list.querySelector('[aria-rowindex="1"]')?.textContent).toBe("row 0");
    expect(list.getAttribute("aria-rowcount")).toBe("1000000");
  });
});
