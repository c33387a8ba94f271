import { describe, expect, it } from "vitest";
import { parsePythonStringList } from "../../loaders/datasets/python-literal.ts";

describe("parsePythonStringList", () => {
  it("reads single- and double-quoted strings", () => {
    expect(parsePythonStringList(`['waiter holding pen', "child's chair"]`)).toEqual(["waiter holding pen", "child's chair"]);
  });

  it("keeps commas and brackets inside strings and unescapes quotes", () => {
    expect(parsePythonStringList(`['a, b', 'it\\'s [x]', "say \\"hi\\"", 'back\\\\slash']`)).toEqual(["a, b", "it's [x]", 'say "hi"', "back\\slash"]);
  });

  it("accepts empty lists, spacing and a trailing comma", () => {
    expect(parsePythonStringList("[]")).toEqual([]);
    expect(parsePythonStringList(" [ 'a' ,\n 'b', ] ")).toEqual(["a", "b"]);
  });

  it("decodes \\x and \\u escapes", () => {
    expect(parsePythonStringList(`['caf\\xe9', '\\u00e9t\\u00e9']`)).toEqual(["café", "été"]);
  });

  it("returns null for anything else", () => {
    expect(parsePythonStringList("waiter holding pen")).toBeNull();
    expect(parsePythonStringList("['unterminated]")).toBeNull();
    expect(parsePythonStringList("['a' 'b']")).toBeNull();
    expect(parsePythonStringList("[1, 2]")).toBeNull();
    expect(parsePythonStringList("['a'] extra")).toBeNull();
  });
});
