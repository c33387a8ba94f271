// A bare page for the learned model in Chromium (the parity test and the page benchmark): the model code and
// onnxruntime-web bundled for the browser, onnxruntime's wasm engine and the model file, in a temporary folder.
import { copyFile, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { MODEL_PATH } from "../../loaders/model/files.ts";

/** A folder the page is served from: the model code and onnxruntime-web bundled for the browser, the wasm, the model. */
export async function modelPageDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "uvqa-model-page-"));
  const bundle = await build({
    stdin: { contents: `export * from ${JSON.stringify(resolve("loaders/model/browser.ts"))};\nexport * as ort from "onnxruntime-web";\n`, resolveDir: process.cwd(), loader: "ts" },
    bundle: true, platform: "browser", format: "esm", write: false, logLevel: "silent",
  });
  await writeFile(join(dir, "model.mjs"), bundle.outputFiles[0]!.text);
  await copyFile("node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.wasm", join(dir, "ort.wasm"));
  await copyFile(MODEL_PATH, join(dir, "model.onnx"));
  // The page puts the module on window.UvqaModel (a test cannot import() inside page.evaluate: vitest rewrites it).
  await writeFile(join(dir, "index.html"), `<!doctype html><title>model</title><script type="module">import * as m from "./model.mjs"; window.UvqaModel = m;</script>`);
  return dir;
}
