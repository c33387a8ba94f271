// Untrusted text stays text. Script, event-handler and javascript: payloads in item ids, questions, references,
// scene facts, a run id and the responses go through `uvqa import` and the build into the pages; in Chromium none
// of them executes, none becomes an element, and each is shown as the text it is.
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectCopy } from "./site.ts";
import { openSite, type Site } from "./pages.ts";

const PAYLOADS = [
  "<script>window.__xss = 'script'</script>",
  '<img src=x onerror="window.__xss = \'img\'">',
  '<svg onload="window.__xss = \'svg\'"></svg>',
  "javascript:window.__xss='href'",
];
const RUN = "ext/<svg/onload=window.__xss='run'>";
const BASE = "ext/base";
const ITEM = "x/<img src=x onerror=window.__xss='id'>";

let root: string;
let site: Site;

function run(command: string, args: string[], env: Record<string, string> = {}): void {
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${result.stdout}${result.stderr}`.slice(-3000));
}

beforeAll(async () => {
  root = await projectCopy();
  const scene = { objects: ["man", PAYLOADS[1]!], relations: [`man holding ${PAYLOADS[0]}`], triples: [], attributes: [], captions: [PAYLOADS[2]!] };
  const items = [
    { id: ITEM, category: "object", video: "v1", question: `What is the ${PAYLOADS[0]} doing?`, reference: PAYLOADS[3], scene, pair: "x/twin",
      perturbation: { kind: "object", original: "man", replaced_with: PAYLOADS[0], in_question: true } },
    { id: "x/twin", category: "answerable", video: "v1", question: `Is the man ${PAYLOADS[1]} here?`, reference: PAYLOADS[2], scene, pair: ITEM },
    { id: "x/plain", category: "answerable", video: "v2", question: "What is the man holding?", reference: "A cup.", scene },
  ];
  writeFileSync(join(root, "xss-items.jsonl"), items.map((i) => JSON.stringify(i)).join("\n") + "\n");
  const predictions = [
    ...items.map((item, k) => ({ run: RUN, item: item.id, response: PAYLOADS[k % PAYLOADS.length] })),
    ...items.map((item) => ({ run: BASE, item: item.id, response: `${PAYLOADS[3]} ${PAYLOADS[1]}` })),
  ];
  writeFileSync(join(root, "xss-predictions.jsonl"), predictions.map((p) => JSON.stringify(p)).join("\n") + "\n");
  writeFileSync(join(root, "xss.config.ts"), `import { defineConfig } from "./loaders/config/schema.ts";
export default defineConfig({
  datasets: [{ id: "xss", kind: "items", path: "xss-items.jsonl" }],
  models: [{ id: "ext", backend: "import" }],
  prompts: [],
  runs: [
    { id: ${JSON.stringify(BASE)}, model: "ext", prompt: "unaligned", variant: "unaligned" },
    { id: ${JSON.stringify(RUN)}, model: "ext", prompt: "prompt-aligned", variant: "prompt-aligned", baseline: ${JSON.stringify(BASE)} },
  ],
  judges: [{ id: "builtin", kind: "builtin" }],
});
`);
  run(process.execPath, ["bin/uvqa.js", "import", "--from", "jsonl", "--file", "xss-predictions.jsonl", "--items", "xss-items.jsonl"]);
  run("npm", ["run", "build", "--", "--offline"], { UVQA_CONFIG: "xss.config.ts" });
  site = await openSite(join(root, "dist"));
}, 600_000);
afterAll(async () => {
  await site?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function check(path: string, ready: string, expectVisible: string[]): Promise<void> {
  const { page, errors } = await site.open(path, { ready });
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.waitForTimeout(500); // let any deferred handler (img onerror, svg onload) fire
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss ?? null), path).toBeNull();
  expect(dialogs).toEqual([]);
  // No payload became an element: no injected <img src=x>, no handler attributes, no javascript: link.
  expect(await page.$$eval("[onerror], [onload], img[src='x'], a[href^='javascript:']", (nodes) => nodes.map((n) => n.outerHTML)), path).toEqual([]);
  const text = await page.evaluate(() => document.body.innerText);
  for (const payload of expectVisible) expect(text, `${path}: ${payload}`).toContain(payload);
  expect(errors).toEqual([]);
  await page.close();
}

describe("payloads in items, run ids and responses stay text", () => {
  it("in the explorer's list", async () => {
    await check(`/explorer?run=${encodeURIComponent(RUN)}`, ".virtual-list a.ex-row", [ITEM, `What is the ${PAYLOADS[0]} doing?`, PAYLOADS[0]!]);
  });
  it("in the item view: question, reference, scene facts, twin, run ids, responses", async () => {
    await check(`/explorer?item=${encodeURIComponent(ITEM)}`, "section.item-view", [
      ITEM, PAYLOADS[0]!, PAYLOADS[1]!, PAYLOADS[2]!, PAYLOADS[3]!, RUN,
    ]);
  });
  it("in the overview and the category page (run ids in tables and figures)", async () => {
    await check("/", "table.overview td.score", [RUN]);
    await check("/categories", 'figure[data-figure="categories"]', []);
  });
});
