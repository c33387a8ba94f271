// The learned model's speed (figures only; nothing asserted): model load and batch inference in Node
// (features + onnxruntime-web wasm + decoding), then in headless Chromium the load and per-item latency with
// WASM and with WebGPU (the software adapter of --enable-unsafe-webgpu), one question at a time after load
// and in one batch. Training time is printed by `npm run train`; `npm run train -- --check` retrains and
// compares the bytes with the committed model.
import { readFile } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { loadSampleItems } from "../loaders/generate/sample.ts";
import { MODEL_PATH } from "../loaders/model/files.ts";
import { checkModel, nodeOrt } from "../loaders/model/node.ts";
import { loadModel } from "../loaders/model/runtime.ts";
import { serveDist } from "../scripts/serve-dist.js";
import { launchChromium } from "../tests/browser/site.ts";
import { modelPageDir } from "../tests/browser/model-page.ts";

const BATCH = 10_000;

export default async function bench(): Promise<void> {
  const items = await loadSampleItems();
  const questions = Array.from({ length: BATCH }, (_, i) => items[i % items.length]!).map((item) => ({ question: item.question, scene: JSON.parse(JSON.stringify(item.scene)) }));
  const bytes = new Uint8Array(await readFile(MODEL_PATH));
  let started = performance.now();
  checkModel(bytes, MODEL_PATH);
  const model = await loadModel(nodeOrt(), bytes);
  const loadMs = performance.now() - started;
  await model.predict(questions.slice(0, 100));
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let round = 0; round < 3; round++) {
    started = performance.now();
    const cpu = process.cpuUsage();
    for (let i = 0; i < questions.length; i += 1000) await model.predict(questions.slice(i, i + 1000));
    rates.push(questions.length / ((performance.now() - started) / 1000));
    const used = process.cpuUsage(cpu);
    cpuRates.push(questions.length / ((used.user + used.system) / 1e6));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  console.log(`Node: model load ${loadMs.toFixed(0)} ms; batch inference (features + wasm + decoding, batches of 1,000, ${BATCH.toLocaleString("en-US")} items, every item its own scene object): ${Math.max(...rates).toFixed(0)} items/s best, ${median(rates).toFixed(0)} median of 3 wall clock; ${median(cpuRates).toFixed(0)} items per CPU second (target >= 5,000 items/s; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`);

  const served = await serveDist(await modelPageDir());
  for (const flags of [["--enable-unsafe-webgpu"], []]) {
    const browser = await launchChromium(flags);
    try {
      const page = await browser.newPage();
      await page.goto(new URL("index.html", served.url).href);
    await page.waitForFunction(() => "UvqaModel" in window);
      const sample = questions.slice(0, 200);
      const figures = await page.evaluate(async (qs) => {
        const m = (window as unknown as { UvqaModel: any }).UvqaModel;
        m.ort.env.wasm.wasmPaths = { wasm: `${location.origin}/ort.wasm` };
        m.ort.env.wasm.numThreads = 1;
        const bytes = new Uint8Array(await (await fetch("/model.onnx")).arrayBuffer());
        const out: Array<{ provider: string; fallback: string | null; loadMs: number; perItemMs: number; batchPerItemMs: number }> = [];
        for (const prefer of ["webgpu", "wasm"]) {
          const opened = await m.openModel(m.ort, bytes, { prefer });
          if (prefer === "webgpu" && opened.provider !== "webgpu") { out.push({ provider: "webgpu", fallback: opened.fallback, loadMs: 0, perItemMs: NaN, batchPerItemMs: NaN }); continue; }
          await opened.model.predict(qs.slice(0, 5));
          let t = performance.now();
          for (const q of qs) await opened.model.predict([q]);
          const perItemMs = (performance.now() - t) / qs.length;
          t = performance.now();
          await opened.model.predict(qs);
          out.push({ provider: opened.provider, fallback: opened.fallback, loadMs: opened.loadMs, perItemMs, batchPerItemMs: (performance.now() - t) / qs.length });
          await opened.model.release();
        }
        return out;
      }, sample);
      for (const f of figures) {
        const label = `Chromium ${flags.length ? "with" : "without"} --enable-unsafe-webgpu, ${f.provider}`;
        if (Number.isNaN(f.perItemMs)) console.log(`${label}: not available (${f.fallback})`);
        else console.log(`${label}: model load ${f.loadMs.toFixed(0)} ms (target <= 1,000); one question at a time ${f.perItemMs.toFixed(2)} ms per item (target <= 10); one batch of ${sample.length} ${f.batchPerItemMs.toFixed(3)} ms per item`);
      }
    } finally {
      await browser.close();
    }
  }
  await served.close();
}
