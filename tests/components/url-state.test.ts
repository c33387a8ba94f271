// The URL is the view's state: what parseQuery reads, formatQuery writes back the same; unknown values are named.
import { describe, expect, it } from "vitest";
import { JSDOM } from "jsdom";
import { checkState, describeUnknown, encodeValue, formatQuery, link, mergeState, parseQuery, urlState } from "../../components/url-state.ts";

describe("parseQuery / formatQuery", () => {
  it("reads the issue's example link", () => {
    expect(parseQuery("?model=a,b&prompt=unaligned&category=object,relation&by=question_type")).toEqual({
      model: ["a", "b"], prompt: ["unaligned"], category: ["object", "relation"], by: ["question_type"],
    });
  });
  it("round-trips values holding commas, ampersands, percent signs, plus signs, spaces and unicode", () => {
    const state = { run: ["qwen/dpo+sft", "a,b", "x&y=z", "50% off", "naïve run"], q: ["a dog"] };
    const text = formatQuery(state, ["run"]);
    expect(text).toBe("?run=qwen/dpo%2Bsft,a%2Cb,x%26y%3Dz,50%25%20off,na%C3%AFve%20run&q=a%20dog");
    expect(parseQuery(text)).toEqual(state);
  });
  it("keeps run ids readable: slash, colon and @ are not encoded", () => {
    expect(encodeValue("builtin/prompt-aligned")).toBe("builtin/prompt-aligned");
    expect(encodeValue("question_type:what@v2")).toBe("question_type:what@v2");
  });
  it("writes keys in the given order, then alphabetically, and omits nothing it was given", () => {
    expect(formatQuery({ z: ["1"], category: ["object"], a: ["2"], model: ["m"] }, ["model", "category"])).toBe("?model=m&category=object&a=2&z=1");
  });
  it("an empty value means none selected; an absent key means no filter", () => {
    expect(parseQuery("?model=&category=object")).toEqual({ model: [], category: ["object"] });
    expect(formatQuery({ model: [] })).toBe("?model=");
    expect(formatQuery({})).toBe("");
  });
  it("reads a hand-typed + as a space and a stray % as typed", () => {
    expect(parseQuery("?q=a+dog&x=50%")).toEqual({ q: ["a dog"], x: ["50%"] });
  });
  it("merges a patch: null removes a key", () => {
    expect(mergeState({ a: ["1"], b: ["2"] }, { a: null, c: ["3"] })).toEqual({ b: ["2"], c: ["3"] });
  });
  it("builds a link to another page", () => {
    expect(link("explorer", { run: ["b/aligned"], from: ["C"], to: ["R"], item: null }, ["run", "from", "to"])).toBe("explorer?run=b/aligned&from=C&to=R");
  });
});

describe("checkState", () => {
  const domains = { model: ["a", "b"], category: ["object", "relation"], q: null };
  it("keeps known values, names unknown ones and unknown keys", () => {
    const checked = checkState({ model: ["a", "gpt9"], category: ["object"], q: ["anything"], colour: ["red"] }, domains);
    expect(checked.state).toEqual({ model: ["a"], category: ["object"], q: ["anything"] });
    expect(checked.unknown).toEqual([{ key: "model", values: ["gpt9"], known: ["a", "b"] }]);
    expect(checked.unknownKeys).toEqual(["colour"]);
    expect(describeUnknown(checked)).toEqual([
      'unknown model in the link: "gpt9" (this report has "a", "b"); left out',
      'this page does not read "colour" from the link; ignored',
    ]);
  });
});

describe("urlState in a window", () => {
  it("pushes a history entry per change and tells subscribers about back and forward", async () => {
    const dom = new JSDOM("<!doctype html>", { url: "http://127.0.0.1/categories?model=a" });
    const win = dom.window as unknown as Window;
    const state = urlState(win, ["model", "category"]);
    const seen: unknown[] = [];
    state.subscribe((s) => seen.push(s));
    state.set({ category: ["object"] });
    expect(win.location.search).toBe("?model=a&category=object");
    state.set({ model: null });
    expect(win.location.search).toBe("?category=object");
    expect(win.history.length).toBe(3);
    win.history.back();
    await new Promise((resolve) => win.addEventListener("popstate", resolve, { once: true }));
    expect(win.location.search).toBe("?model=a&category=object");
    expect(seen).toEqual([{ model: ["a"], category: ["object"] }]);
    state.set({ category: ["relation"] }, { replace: true });
    expect(win.location.search).toBe("?model=a&category=relation");
  });
});
