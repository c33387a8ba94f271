// matchRows over blocks made as the build makes them (loaders/storage/search-texts.ts) and read as the page reads
// them (components/search-texts.ts): each row found exactly as `String(text ?? "").toLowerCase().includes(needle)`.
import { describe, expect, it } from "vitest";
import { matchRows } from "../../components/lowered-text.js";
import { parseLoweredMember } from "../../components/search-texts.js";
import { loweredMember } from "../../loaders/storage/search-texts.js";

const naive = (values: readonly (string | null)[], needle: string) =>
  values.flatMap((v, k) => (String(v ?? "").toLowerCase().includes(needle) ? [k] : []));
const found = (values: readonly (string | null)[], needle: string) => {
  const { block } = parseLoweredMember(loweredMember(values.map((_, k) => k), values));
  const rows: number[] = [];
  matchRows(block, needle, (k) => rows.push(k));
  return rows;
};

describe("matchRows", () => {
  it("finds each row holding the needle once, in order, whatever the case", () => {
    const values = ["A red Camera on the table", null, "camera, CAMERA and camera", "", "no", "the cameraman"];
    expect(found(values, "camera")).toEqual([0, 2, 5]);
    expect(found(values, "camera")).toEqual(naive(values, "camera"));
    expect(found(values, "no")).toEqual([4]);
    expect(found(values, "a")).toEqual(naive(values, "a"));
  });

  it("never matches across two rows", () => {
    const values = ["ends with cam", "era begins here"];
    expect(found(values, "camera")).toEqual([]);
    expect(found(values, "cam")).toEqual([0]);
    expect(found(values, "\n")).toEqual([]);
    expect(found(values, "cam\nera")).toEqual([]);
  });

  it("lower-cases each row as toLowerCase does row by row: final sigma, dotted I, sharp s, astral characters", () => {
    // "ΟΔΟΣ" ends in a final sigma (ς) by itself; joined to the next row it must stay one.
    const values = ["ΟΔΟΣ", "ΣΑΣ", "İstanbul", "STRASSE Straße", "😀 EMOJI 😀", "ǅ titlecase", "Σ"];
    for (const needle of ["ς", "σ", "οδος", "σας", "i̇stanbul", "i", "straße", "strasse", "😀 emoji", "ǆ", "ς"]) {
      expect(found(values, needle), needle).toEqual(naive(values, needle));
    }
  });

  it("counts a match only inside its row, whatever characters the rows hold (newlines, U+0000)", () => {
    const values = ["a\nb", "camera\n", "\ncamera", "x\u0000camera", "came", "ra"];
    for (const needle of ["camera", "\n", "\nc", "a\nb", "b", "\u0000", "era\n", "came\nra", "e\nr"]) {
      expect(found(values, needle), JSON.stringify(needle)).toEqual(naive(values, needle));
    }
  });

  it("matches every row for an empty needle, and none in an empty block", () => {
    expect(found(["a", null, ""], "")).toEqual([0, 1, 2]);
    expect(found([], "a")).toEqual([]);
    expect(found([], "")).toEqual([]);
  });

  it("gives the naive rows on random text", () => {
    // A seeded generator: words from a small alphabet with upper case, Greek, accents, newlines and empty rows.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const pieces = ["a", "B", "ab", "Σ", "σ", "ς", "é", "É", "\n", " ", "İ", "ß", "😀", "cAm", "era"];
    const text = () => Array.from({ length: Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]).join("");
    const values = Array.from({ length: 2000 }, () => (random() < 0.05 ? null : text()));
    for (let t = 0; t < 200; t++) {
      const needle = text().toLowerCase();
      expect(found(values, needle), JSON.stringify(needle)).toEqual(naive(values, needle));
    }
  });
});
