// Many lines written to an open file through one reused 1 MiB buffer, each line whole, in order. A large
// import or cache flush (hundreds of megabytes) then never builds the whole text as one string and one
// buffer: about half the CPU time, most of it the kernel's (page faults on fresh memory).
import type { FileHandle } from "node:fs/promises";

const SIZE = 1 << 20;
/** The buffer between writes; a second writer at the same time (two caches flushing) gets its own. */
let idle: Buffer | null = null;

async function writeAll(handle: FileHandle, buffer: Buffer, length: number): Promise<void> {
  let offset = 0;
  while (offset < length) offset += (await handle.write(buffer, offset, length - offset)).bytesWritten;
}

/** Writes each line followed by "\n". */
export async function writeLines(handle: FileHandle, lines: readonly string[]): Promise<void> {
  const buffer = idle ?? Buffer.allocUnsafe(SIZE);
  idle = null;
  try {
    let used = 0;
    for (const line of lines) {
      // A UTF-16 code unit takes at most 3 bytes in UTF-8.
      if (used + line.length * 3 + 1 > SIZE) {
        await writeAll(handle, buffer, used);
        used = 0;
        if (line.length * 3 + 1 > SIZE) {
          const big = Buffer.from(line + "\n");
          await writeAll(handle, big, big.length);
          continue;
        }
      }
      used += buffer.write(line, used);
      buffer[used++] = 10;
    }
    await writeAll(handle, buffer, used);
  } finally {
    idle = buffer;
  }
}
