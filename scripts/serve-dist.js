#!/usr/bin/env node
// A small static server for the built site on 127.0.0.1 (tests, local checks): correct MIME types (wasm
// included, or browsers refuse streaming compilation), no directory listing, nothing outside the folder. A file
// that cannot be opened or read answers an error status (or ends that response); the server keeps running.
//   node scripts/serve-dist.js [dir=dist] [port=3000]
import { open, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { pipeline } from "node:stream";
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

/**
 * Framework's asset folders: every file in them is named by a hash of its content (or lies under an npm package's
 * pinned version), so a browser may keep it for good and skip the request on the next page or visit (its compiled
 * code is then cached too). Pages, and anything else, are revalidated every time.
 */
const IMMUTABLE = /^\/(?:_file|_import|_npm|_node|_observablehq)\//;

/** The Cache-Control of a URL path: see IMMUTABLE. */
export const cacheControl = (pathname) => (IMMUTABLE.test(pathname) ? "public, max-age=31536000, immutable" : "no-cache");

/** Status for a file that was found but cannot be opened (removed since, unreadable). */
const openFailureStatus = (code) => (code === "ENOENT" ? 404 : code === "EACCES" || code === "EPERM" ? 403 : 500);

/** Maps a URL path to a file: `/x` -> `x.html` (Framework's clean URLs), `/dir/` -> `dir/index.html`. */
async function findFile(root, pathname) {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, "");
  const path = resolve(root, relative);
  if (path !== root && !path.startsWith(root + sep)) return null;
  const candidates = pathname.endsWith("/") ? [join(path, "index.html")] : [path, `${path}.html`, join(path, "index.html")];
  for (const candidate of candidates) {
    const info = await stat(candidate).catch(() => null);
    if (info?.isFile()) return candidate;
  }
  return null;
}

/**
 * A single `bytes=` range of a file of `size` bytes: `{start, end}` (inclusive), null for none or one this server
 * does not serve partially (several ranges: the whole file, as RFC 9110 allows), "unsatisfiable" past the end.
 * @param {string | undefined} header
 * @param {number} size
 */
export function parseRange(header, size) {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? "");
  if (!match || (match[1] === "" && match[2] === "")) return null;
  let start, end;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0) return "unsatisfiable";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
    if (start >= size || end < start) return "unsatisfiable";
  }
  return { start, end };
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
      // Open before answering: a file removed or unreadable since `stat` gets an error status, not a crash.
      let handle;
      try {
        handle = await open(file, "r");
      } catch (error) {
        const status = openFailureStatus(error?.code);
        log(`${status} ${pathname} (${error?.code ?? error})`);
        response.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(status === 404 ? "not found" : "cannot read");
        return;
      }
      let size;
      try {
        size = (await handle.stat()).size;
      } catch (error) {
        await handle.close();
        throw error;
      }
      const headers = {
        "content-type": MIME_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
        "cache-control": cacheControl(pathname),
        "accept-ranges": "bytes",
      };
      // One byte range (what hyparquet asks for: a Parquet footer, then the row groups it needs), so a report is
      // read on demand here as on any static host or object store.
      const range = parseRange(request.headers.range, size);
      if (range === "unsatisfiable") {
        await handle.close();
        response.writeHead(416, { ...headers, "content-range": `bytes */${size}` }).end();
        return;
      }
      if (range) response.writeHead(206, { ...headers, "content-length": range.end - range.start + 1, "content-range": `bytes ${range.start}-${range.end}/${size}` });
      else response.writeHead(200, { ...headers, "content-length": size });
      if (request.method === "HEAD") {
        await handle.close();
        return void response.end();
      }
      // A read error after the headers went out ends this response (the stream closes the file), nothing more.
      pipeline(handle.createReadStream(range ? { start: range.start, end: range.end } : {}), response, (error) => {
        if (error) log(`read error ${pathname}: ${error.code ?? error}`);
      });
    } catch (error) {
      log(`500 ${request.url}: ${error}`);
      if (response.headersSent) response.destroy();
      else response.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("server error");
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
