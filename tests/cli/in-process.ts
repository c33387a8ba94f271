// `uvqa` in this process: the real command line (commander, the commands, the one-line error handling of
// main.ts) without a node start-up per call. stderr is captured; an error main.ts would let escape (a stack
// trace for the user) comes back as `uncaught`, so a test can require that there is none.
import { main } from "../../loaders/cli/main.ts";

export interface InProcessResult {
  code: number;
  stderr: string;
  uncaught?: unknown;
}

export async function uvqaInProcess(args: string[]): Promise<InProcessResult> {
  let stderr = "";
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await main(["node", "uvqa", ...args]), stderr };
  } catch (uncaught) {
    return { code: -1, stderr, uncaught };
  } finally {
    process.stderr.write = write;
  }
}
