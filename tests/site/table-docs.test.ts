// One description of the report's tables for docs/report-data.md and /notebook: the docs hold exactly the
// generated section, every column the storage specs write has a meaning, and the page's DuckDB loads exactly the
// tables the docs call SQL tables. (tests/browser/notebook.test.ts pins the docs to the files a build writes and to
// what the page shows.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reportTableDocs, tableDocsMarkdown, withTableDocs } from "../../loaders/pipeline/table-docs.ts";
import * as S from "../../loaders/storage/schemas.ts";

const root = join(import.meta.dirname, "../..");

describe("the report's table docs", () => {
  const tables = reportTableDocs();
  it("docs/report-data.md holds exactly the generated section (run `npx tsx scripts/table-docs.ts` after a change)", () => {
    const doc = readFileSync(join(root, "docs", "report-data.md"), "utf8");
    expect(withTableDocs(doc)).toBe(doc);
    expect(doc).toContain(tableDocsMarkdown(tables));
  });
  it("a table written from a storage spec documents exactly its columns, in order, with the Arrow type of each", () => {
    const specs: Record<string, Record<string, string>> = { scores: S.SCORES, runs: S.RUNS, transitions: S.TRANSITIONS, comparisons: S.COMPARISONS, reference: S.REFERENCE, "items.parquet": S.ITEMS };
    const types: Record<string, string> = { string: "string", category: "dictionary string", int: "int32", double: "float64", bool: "bool", json: "string (JSON)" };
    for (const [name, spec] of Object.entries(specs)) {
      const doc = tables.find((t) => t.name === name)!;
      expect(doc.columns.map((c) => c.name), name).toEqual(Object.keys(spec));
      expect(doc.columns.map((c) => c.type.replace(/, null$/, "")), name).toEqual(Object.values(spec).map((k) => types[k]));
    }
    for (const t of tables) for (const c of t.columns) expect(c.meaning.length, `${t.name}.${c.name}`).toBeGreaterThan(5);
  });
  it("the notebook's DuckDB loads every SQL table the docs name, and nothing else", () => {
    const page = readFileSync(join(root, "src", "notebook.md"), "utf8");
    const front = page.slice(page.indexOf("sql:"), page.indexOf("---", 4));
    const loaded = [...front.matchAll(/^ {2}(\w+): \.\/data\/report\/(\w+)\.arrow$/gm)].map((m) => [m[1], m[2]]);
    expect(loaded.every(([name, file]) => name === file)).toBe(true);
    expect(loaded.map(([name]) => name).sort()).toEqual(tables.filter((t) => t.sql).map((t) => t.name).sort());
  });
});
