#!/usr/bin/env node
// A small static server for the built site on 127.0.0.1 (tests, local checks): correct MIME types (wasm
// included, or browsers refuse streaming compilation), no directory listing, nothing outside the folder.
//   node scripts/serve-dist.js [dir=dist] [port=3000]
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

export const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".jsonl": "application/jsonl; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".arrow": "application/vnd.apache.arrow.stream",
  ".parquet": "application/vnd.apache.parquet",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".onnx": "application/octet-stream",
  ".zip": "application/zip",
};

/** Maps a URL path to a file: `/x` -> `x.html` (Framework's clean URLs), `/dir/` -> `dir/index.html`. */
async function findFile(root, pathname) {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, "");
  const path = resolve(root, relative);
  if (path !== root && !path.startsWith(root + sep)) return null;
  const candidates = pathname.endsWith("/") ? [join(path, "index.html")] : [path, `${path}.html`, join(path, "index.html")];
  for (const candidate of candidates) {
    const info = await stat(candidate).catch(() => null);
    if (info?.isFile()) return { path: candidate, size: info.size };
  }
  return null;
}

/**
 * @param {string} dir folder to serve
 * @param {{port?: number, log?: (line: string) => void}} [options] port 0 picks a free one
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function serveDist(dir, { port = 0, log = () => {} } = {}) {
  const root = resolve(dir);
  const server = createServer(async (request, response) => {
    try {
      const { pathname } = new URL(request.url ?? "/", "http://127.0.0.1");
      const file = await findFile(root, pathname);
      if (!file) {
        log(`404 ${pathname}`);
        response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
        return;
      }
      response.writeHead(200, {
        "content-type": MIME_TYPES[extname(file.path).toLowerCase()] ?? "application/octet-stream",
        "content-length": file.size,
        "cache-control": "no-cache",
      });
      if (request.method === "HEAD") return void response.end();
      createReadStream(file.path).pipe(response);
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
  await new Promise((resolve_, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve_));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}/`;
  return {
    url,
    close: () => new Promise((resolve_) => {
      server.closeAllConnections();
      server.close(() => resolve_());
    }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { url } = await serveDist(process.argv[2] ?? "dist", { port: Number(process.argv[3] ?? 3000), log: console.log });
  console.log(`serving ${process.argv[2] ?? "dist"} at ${url}`);
}
