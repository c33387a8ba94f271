// /categories in Chromium on the default build: every dot is the score `uvqa score` computes from the build's own
// inputs; a filter changes the dots to exactly that slice's scores; a copied link and back/forward restore the
// view; the SVG, PNG and CSV exports carry the provenance and the data drawn.
import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
import { JSDOM } from "jsdom";
import { csvParse } from "d3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pngTexts, PNG_KEYWORD, svgProvenance } from "../../components/export.ts";
import { builtReportFile, sharedBuild, uvqaScore } from "./site.ts";
import { exportFigure, figureDrawn, openSite, readHooks, reproduceFlags, scoreKey, type Hook, type Site } from "./pages.ts";

interface ScoreRow { run: string; slice: string; metric: string; value: number; n: number }

const shown = (r: ScoreRow) => r.slice.startsWith("category:") && r.n > 0 && !(r.metric === "f1" && r.slice === "category:answerable");

describe("/categories", () => {
  let site: Site;
  let cli: ScoreRow[];
  let dist: string;
  beforeAll(async () => {
    const build = await sharedBuild("default");
    dist = build.dist;
    const meta = JSON.parse(readFileSync(builtReportFile(dist, "meta.json"), "utf8")) as { reproduce: string };
    const out = uvqaScore(build.root, {
      items: builtReportFile(dist, "items.jsonl"), predictions: builtReportFile(dist, "predictions.jsonl"), runs: builtReportFile(dist, "runs-input.json"),
    }, reproduceFlags(meta.reproduce));
    cli = JSON.parse(readFileSync(`${out}/scores.json`, "utf8"));
    site = await openSite(dist);
  });
  afterAll(async () => {
    await site?.close();
  });

  const byKey = () => new Map(cli.map((r) => [scoreKey(r), r]));
  const dots = (hooks: Hook[]) => hooks.filter((h) => h.tag === "circle");

  it("draws every per-category score of every run, each equal to uvqa score's", async () => {
    const { page, errors, foreign } = await site.open("/categories", { ready: 'figure[data-figure="categories"] circle[data-run]' });
    const hooks = dots(await readHooks(page));
    const expected = cli.filter(shown);
    expect(expected.length).toBeGreaterThan(10);
    expect(hooks.map(scoreKey).sort()).toEqual(expected.map(scoreKey).sort());
    const rows = byKey();
    for (const h of hooks) expect(h.value, scoreKey(h)).toBe(rows.get(scoreKey(h))!.value);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it("a filter shows exactly that slice; the copied link restores it; back and forward step through views", async () => {
    const { page, errors } = await site.open("/categories", { ready: 'figure[data-figure="categories"] circle[data-run]' });
    let drawn = await figureDrawn(page, "categories");
    // Untick "answerable" and "attribute" in the category facet, as a reader does.
    await page.click('details[data-facet="category"] > summary');
    await page.click('details[data-facet="category"] label:has-text("answerable") input');
    drawn = await figureDrawn(page, "categories", drawn);
    await page.click('details[data-facet="category"] label:has-text("attribute") input');
    drawn = await figureDrawn(page, "categories", drawn);
    expect(new URL(page.url()).search).toBe("?category=object,relation");
    const filtered = dots(await readHooks(page));
    expect(filtered.map(scoreKey).sort()).toEqual(cli.filter(shown).filter((r) => /category:(object|relation)$/.test(r.slice)).map(scoreKey).sort());

    const copy = await site.open(new URL(page.url()).pathname + new URL(page.url()).search, { ready: 'figure[data-figure="categories"] circle[data-run]' });
    expect(dots(await readHooks(copy.page)).map(scoreKey).sort()).toEqual(filtered.map(scoreKey).sort());
    expect(await copy.page.textContent('details[data-facet="category"] .facet-value')).toBe("object, relation");
    await copy.page.close();

    await page.goBack();
    drawn = await figureDrawn(page, "categories", drawn);
    expect(new URL(page.url()).search).toBe("?category=object,relation,attribute");
    expect(new Set(dots(await readHooks(page)).map((h) => h.slice))).toEqual(new Set(["category:object", "category:relation", "category:attribute"]));
    await page.goForward();
    await figureDrawn(page, "categories", drawn);
    expect(new Set(dots(await readHooks(page)).map((h) => h.slice))).toEqual(new Set(["category:object", "category:relation"]));
    expect(errors).toEqual([]);
    await page.close();
  });

  it("says so when the link names a value the report lacks, and still shows the rest", async () => {
    const { page, errors } = await site.open("/categories?model=no-such-model&category=object", { ready: 'figure[data-figure="categories"] circle[data-run]' });
    expect(await page.textContent(".filter-notice")).toContain('unknown model in the link: "no-such-model"');
    expect(dots(await readHooks(page)).length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("exports an SVG with provenance, a PNG that decodes with provenance, and the CSV of the data drawn", async () => {
    const { page } = await site.open("/categories?category=object", { ready: 'figure[data-figure="categories"] circle[data-run]' });
    const hooks = dots(await readHooks(page));

    const svg = new JSDOM(readFileSync(await saveTo(await exportFigure(page, "categories", "svg"))), { contentType: "image/svg+xml" }).window.document;
    expect(svg.querySelector("parsererror")).toBeNull();
    const provenance = svgProvenance(svg)!;
    expect(provenance.view).toContain("/categories?category=object");
    expect(provenance.runs.map((r) => r.id).length).toBeGreaterThan(0);
    expect(provenance.datasets[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(svg.querySelectorAll("circle[data-run]").length).toBe(hooks.length);

    const png = await exportFigure(page, "categories", "png");
    expect(JSON.parse(pngTexts(new Uint8Array(png))[PNG_KEYWORD]!)).toEqual(provenance);
    const width = png.readUInt32BE(16), height = png.readUInt32BE(20);
    expect(width).toBeGreaterThan(1000); // drawn at 2x
    const idat: Buffer[] = [];
    for (let at = 8; at < png.length;) {
      const length = png.readUInt32BE(at);
      if (png.toString("latin1", at + 4, at + 8) === "IDAT") idat.push(png.subarray(at + 8, at + 8 + length));
      at += 12 + length;
    }
    expect(inflateSync(Buffer.concat(idat)).length).toBe(height * (1 + width * 4)); // every scanline decodes

    const csv = (await exportFigure(page, "categories", "csv")).toString("utf8");
    expect(csv.split("\n")[0]).toBe("# UVQA Lab: Scores by category");
    const rows = csvParse(csv.split("\n").filter((l) => !l.startsWith("#")).join("\n"));
    const measured = rows.filter((r) => r.source === "run");
    expect(measured.map((r) => scoreKey(r as never)).sort()).toEqual(hooks.map(scoreKey).sort());
    for (const r of measured) expect(Number(r.value)).toBe(hooks.find((h) => scoreKey(h) === scoreKey(r as never))!.value);
    await page.close();
  });
});

async function saveTo(bytes: Buffer): Promise<string> {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const file = `${mkdtempSync(`${tmpdir()}/uvqa-export-`)}/figure.svg`;
  writeFileSync(file, bytes);
  return file;
}
