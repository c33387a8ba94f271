// Decompressors for hyparquet: hyparquet-compressors' set with ZSTD through a WebAssembly decoder (zstddec),
// once it has started. The texts are zstd Parquet, and the item view decompresses a whole page per run read
// (a 4,096-row group's responses, ~0.4 MB, and items.parquet's scene facts, ~2.7 MB): fzstd, in plain JS, took
// most of a click's CPU in Chromium. Until the decoder is ready, or where WebAssembly is unavailable, fzstd serves.
import type { Compressors } from "hyparquet";
import { compressors as base } from "hyparquet-compressors";
import { ZSTDDecoder } from "zstddec";

let ready: Promise<Compressors> | null = null;

/** The decompressors to read with: resolves once the WebAssembly zstd decoder has started (or failed to). */
export function parquetCompressors(): Promise<Compressors> {
  return (ready ??= (async () => {
    try {
      const decoder = new ZSTDDecoder();
      await decoder.init();
      return { ...base, ZSTD: (input: Uint8Array, outputLength: number) => decoder.decode(input, outputLength) };
    } catch {
      return base;
    }
  })());
}
