// Real processes for the inference tests: `uvqa serve` and `uvqa infer` as child processes, and the
// public UVQA items read from ../shared/uvqa.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readUvqaDir } from "../../loaders/datasets/index.ts";
import type { Item } from "../../loaders/items/schema.ts";

export const repoRoot = resolve(fileURLToPath(import.meta.url), "../../..");
export const uvqaDir = process.env.UVQA_TEST_DATA_DIR ?? resolve(repoRoot, "../shared/uvqa");
const bin = resolve(repoRoot, "bin/uvqa.js");

/** `count` items from the public UVQA files, spread over the three categories. */
export async function uvqaItems(count: number): Promise<Item[]> {
  const { items } = await readUvqaDir(uvqaDir);
  const byCategory = new Map<string, Item[]>();
  for (const item of items) byCategory.set(item.category, [...(byCategory.get(item.category) ?? []), item]);
  const picked: Item[] = [];
  for (let i = 0; picked.length < count; i++) {
    let any = false;
    for (const list of byCategory.values()) {
      if (i < list.length && picked.length < count) {
        picked.push(list[i]!);
        any = true;
      }
    }
    if (!any) break;
  }
  return picked;
}

export interface Served {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `uvqa serve --port 0` and waits for the address it prints. */
export function startServe(extra: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [bin, "serve", "--port", "0", ...extra], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolvePromise, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`uvqa serve did not start: ${err}`)), 20_000);
    child.stderr!.on("data", (chunk) => (err += chunk));
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        const url = match[1]!;
        resolvePromise({
          url,
          port: Number(new URL(url).port),
          process: child,
          stop: () => new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
        });
      }
    });
    child.once("exit", (code) => reject(new Error(`uvqa serve exited (${code}): ${err}`)));
  });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function spawnCli(args: string[], env: Record<string, string | undefined> = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const done = new Promise<CliResult>((resolvePromise) => {
    child.once("close", (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return spawnCli(args, env).done;
}

export function jsonl(text: string): unknown[] {
  return text.split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line));
}

/** Every file under `root` (none when it does not exist). */
export async function filesUnder(root: string): Promise<string[]> {
  const { existsSync } = await import("node:fs");
  const { readdir } = await import("node:fs/promises");
  const { join } = await import("node:path");
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

export interface RecordingProxy {
  /** The proxy's OpenAI-compatible base URL (`.../v1`). */
  url: string;
  /** The Authorization header of every request, kept in memory only. */
  authorizations: string[];
  close(): Promise<void>;
}

/** A proxy in front of an OpenAI-compatible server that records each request's Authorization header. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const { createServer } = await import("node:http");
  const authorizations: string[] = [];
  const proxy = createServer(async (req, res) => {
    authorizations.push(String(req.headers.authorization));
    const body: Buffer[] = [];
    for await (const chunk of req) body.push(chunk as Buffer);
    const reply = await fetch(new URL(req.url!, new URL(target).origin), {
      method: req.method, headers: { "content-type": "application/json" }, ...(req.method === "POST" ? { body: Buffer.concat(body) } : {}),
    });
    res.writeHead(reply.status, { "content-type": "application/json" });
    res.end(Buffer.from(await reply.arrayBuffer()));
  });
  await new Promise<void>((resolvePromise) => proxy.listen(0, "127.0.0.1", resolvePromise));
  const { port } = proxy.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/v1`,
    authorizations,
    close: () => new Promise<void>((resolvePromise) => {
      proxy.close(() => resolvePromise());
      proxy.closeAllConnections(); // keep-alive clients would otherwise hold the close open
    }),
  };
}
