// Real processes for the import, batch and LLM-generation tests: `uvqa <command>` as a child process and
// `uvqa serve --port 0` (the built-in model on 127.0.0.1), stopped by its own pid.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(fileURLToPath(import.meta.url), "../../..");
const bin = resolve(repoRoot, "bin/uvqa.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[]): Promise<CliResult> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((done) => child.once("close", (code) => done({ code, stdout, stderr })));
}

export interface Served {
  /** Base URL, ending in /v1. */
  url: string;
  stop(): Promise<void>;
}

export function startServe(): Promise<Served> {
  const child = spawn(process.execPath, [bin, "serve", "--port", "0"], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolvePromise, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`uvqa serve did not start: ${err}`)), 30_000);
    child.stderr.on("data", (chunk) => (err += chunk));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolvePromise({
        url: match[1]!,
        stop: () => new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once("exit", () => done());
          child.kill("SIGTERM");
        }),
      });
    });
    child.once("exit", (code) => reject(new Error(`uvqa serve exited (${code}): ${err}`)));
  });
}

export function jsonl(text: string): unknown[] {
  return text.split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line));
}
