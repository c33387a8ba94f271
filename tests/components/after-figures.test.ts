// Work that waits for the first figure (the overview's DuckDB-WASM) starts after it, and never waits forever.
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { afterFirstFigure } from "../../components/after-figures.ts";

const page = (body = "") => new JSDOM(`<!doctype html><body>${body}</body>`, { url: "http://127.0.0.1/" }).window;
const settled = async (promise: Promise<void>, ms: number) => Promise.race([promise.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe("afterFirstFigure", () => {
  it("waits for the first uvqa:figure event, then resolves", async () => {
    const win = page();
    const waiting = afterFirstFigure(win as unknown as Window, { timeoutMs: 10_000 });
    expect(await settled(waiting, 50)).toBe(false);
    win.dispatchEvent(new win.CustomEvent("uvqa:figure", { detail: { id: "x", rendered: 1 } }));
    expect(await settled(waiting, 1000)).toBe(true);
  });

  it("resolves at once (next task) when a figure is already drawn", async () => {
    const win = page('<figure data-rendered="1"></figure>');
    expect(await settled(afterFirstFigure(win as unknown as Window, { timeoutMs: 10_000 }), 200)).toBe(true);
  });

  it("resolves after the timeout when no figure is ever drawn", async () => {
    const win = page();
    const waiting = afterFirstFigure(win as unknown as Window, { timeoutMs: 100 });
    expect(await settled(waiting, 20)).toBe(false);
    expect(await settled(waiting, 1000)).toBe(true);
  });
});
