// Data loader: onnxruntime-web's WebAssembly engine (the build with the WebGPU provider), served beside the
// page so the model panel loads it without a CDN (ort.env.wasm.wasmPaths points here).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const dist = dirname(createRequire(import.meta.url).resolve("onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm"));
process.stdout.write(readFileSync(join(dist, "ort-wasm-simd-threaded.jsep.wasm")));
