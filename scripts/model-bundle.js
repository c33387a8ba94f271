// Bundles the learned model's browser code (loaders/model/browser.ts: features, runtime, decoding) into
// src/lib/model.js before each build: Framework refuses imports from outside src/. onnxruntime-web stays a
// bare import, which Framework resolves from node_modules. (src/lib/ is ignored by git.)
import { build } from "esbuild";
import { join } from "node:path";

export async function bundleModel(repo) {
  await build({
    entryPoints: [join(repo, "loaders", "model", "browser.ts")],
    outfile: join(repo, "src", "lib", "model.js"),
    bundle: true, platform: "browser", format: "esm", target: "es2022", logLevel: "warning",
  });
}
