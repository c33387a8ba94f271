// SVG snapshots for the figure components, as Plot's own tests do them: numbers rounded to 3 decimals, generated
// ids renumbered, a `<name>-changed.svg` written beside the snapshot on mismatch (and the test fails). A missing
// snapshot is written on a developer's machine and is a failure in CI (CI=true), so CI never passes on nothing.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { JSDOM } from "jsdom";
import { expect } from "vitest";

export const SNAPSHOTS = join(import.meta.dirname, "snapshots");

export function normaliseSvg(text: string): string {
  const ids = new Map<string, string>();
  const rename = (id: string) => {
    if (!ids.has(id)) ids.set(id, `id-${ids.size}`);
    return ids.get(id)!;
  };
  return text
    .replace(/\bid="([^"]+)"/g, (_, id) => `id="${rename(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id) => `url(#${rename(id)})`)
    .replace(/\bplot-[0-9a-f]{6}\b/g, "plot")
    .replace(/-?\d+\.\d{4,}/g, (n) => String(Math.round(Number(n) * 1000) / 1000))
    .replace(/></g, ">\n<");
}

export function expectSvgSnapshot(name: string, svg: string): void {
  const file = join(SNAPSHOTS, `${name}.svg`);
  const changed = join(SNAPSHOTS, `${name}-changed.svg`);
  const actual = normaliseSvg(svg);
  if (!existsSync(file)) {
    if (process.env.CI === "true") throw new Error(`missing snapshot ${file}: run the tests locally and commit it`);
    writeFileSync(file, actual);
    return;
  }
  const expected = readFileSync(file, "utf8");
  if (actual !== expected) writeFileSync(changed, actual);
  else rmSync(changed, { force: true });
  expect(actual, `${name}: see ${changed}`).toBe(expected);
}

/** A document to render components into (Plot takes it as its `document` option). */
export function dom(): Document {
  return new JSDOM("<!doctype html><body></body>", { pretendToBeVisual: true }).window.document;
}
