// Preloaded (`node --import`) into the build and its data loaders with `--offline`: any connection to a host
// other than loopback throws, so a build that would need the network fails loudly instead of passing here and
// breaking on a machine that has none.
import net from "node:net";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost", "[::1]"]);

function refuse(host) {
  const error = new Error(`network request refused (offline build): ${host}`);
  process.stderr.write(`${error.message}\n`);
  throw error;
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const host = typeof first === "object" && first !== null
    ? ("path" in first && first.path ? null : (first.host ?? "localhost"))
    : typeof first === "number" || /^\d+$/.test(String(first)) ? (typeof args[1] === "string" ? args[1] : "localhost") : null;
  if (host !== null && !LOOPBACK.has(host)) refuse(host);
  return connect.apply(this, args);
};

const fetch = globalThis.fetch;
globalThis.fetch = function (input, init) {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  if (!LOOPBACK.has(url.hostname) && url.protocol !== "data:" && url.protocol !== "file:") refuse(url.host);
  return fetch(input, init);
};
