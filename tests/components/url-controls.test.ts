// The page controls added for /pairs and /slices keep their state in the URL: a number (the finder's minimum
// support) that says so when a link's value is not one, and the keys a page's own links set (the pair list's
// run, split and class), each restored by back and forward.
import { JSDOM, type DOMWindow } from "jsdom";
import { describe, expect, it } from "vitest";
import { numberParam, urlKeys, urlNumber } from "../../components/url-controls.ts";

function page(search: string) {
  const { window } = new JSDOM("<!doctype html><body></body>", { url: `http://127.0.0.1/pairs${search}` });
  return window;
}
const back = async (win: DOMWindow) => {
  win.history.back();
  await new Promise((resolve) => win.addEventListener("popstate", resolve, { once: true }));
};

describe("numberParam", () => {
  const spec = { key: "support", value: 20, min: 1, max: 1000 };
  it("reads a whole number in range, the default when absent", () => {
    expect(numberParam(["35"], spec)).toEqual({ value: 35, problem: null });
    expect(numberParam(undefined, spec)).toEqual({ value: 20, problem: null });
  });
  it("says what is wrong with anything else and uses the default", () => {
    expect(numberParam(["abc"], spec)).toEqual({ value: 20, problem: 'invalid support in the link: "abc" (a whole number from 1 to 1000); using 20' });
    expect(numberParam(["0"], spec).problem).toBe('invalid support in the link: "0" (a whole number from 1 to 1000); using 20');
    expect(numberParam(["2.5"], spec).value).toBe(20);
    expect(numberParam([""], spec).value).toBe(20);
  });
});

describe("urlNumber", () => {
  it("commits on change, writes the URL only off the default, and follows back", async () => {
    const win = page("?category=object");
    const field = urlNumber(win.document, { key: "support", label: "minimum support", value: 20, min: 1, max: 1000 });
    win.document.body.append(field);
    const input = field.querySelector("input")!;
    expect([field.value, input.value, field.querySelector("label")!.htmlFor]).toEqual([20, "20", input.id]);
    let events = 0;
    field.addEventListener("input", () => events++);
    input.value = "5";
    input.dispatchEvent(new win.Event("input", { bubbles: true })); // a keystroke: nothing yet
    expect(events).toBe(0);
    input.dispatchEvent(new win.Event("change", { bubbles: true }));
    expect([field.value, win.location.search, events]).toEqual([5, "?category=object&support=5", 1]);
    input.value = "-3";
    input.dispatchEvent(new win.Event("change", { bubbles: true }));
    expect([field.value, input.value, win.location.search]).toEqual([5, "5", "?category=object&support=5"]);
    expect(field.querySelector(".url-number-problem")!.textContent).toBe("minimum support: a whole number from 1 to 1000");
    await back(win);
    expect([field.value, input.value, events]).toEqual([20, "20", 2]);
  });

  it("a link with a value that is not a number shows the default and says so", () => {
    const win = page("?support=lots");
    const field = urlNumber(win.document, { key: "support", label: "minimum support", value: 20, min: 1, max: 1000 });
    expect(field.value).toBe(20);
    expect(field.querySelector(".url-number-problem")!.textContent).toBe('invalid support in the link: "lots" (a whole number from 1 to 1000); using 20');
  });
});

describe("urlKeys", () => {
  it("links that set keys keep the rest of the view; pick sets them, back restores them", async () => {
    const win = page("?category=object&by=question_type");
    const keys = urlKeys(win.document, { keys: ["run", "split", "class"], order: ["category", "by", "run", "split", "class"] });
    expect(keys.value).toEqual({ run: null, split: null, class: null });
    expect(keys.href({ run: "a/b", split: "what", class: "apart", other: "x" })).toBe("/pairs?category=object&by=question_type&run=a/b&split=what&class=apart");
    let events = 0;
    keys.addEventListener("input", () => events++);
    keys.pick({ run: "a/b", split: null, class: "answer_both" });
    expect([keys.value, win.location.search, events]).toEqual([{ run: "a/b", split: null, class: "answer_both" }, "?category=object&by=question_type&run=a/b&class=answer_both", 1]);
    keys.pick({ class: null });
    expect(win.location.search).toBe("?category=object&by=question_type&run=a/b");
    await back(win);
    expect([keys.value.class, events]).toEqual(["answer_both", 3]);
  });
});
