// JSON Lines in and out, with errors that name the file, line and field.
import { isUtf8 } from "node:buffer";
import { open, readFile, type FileHandle } from "node:fs/promises";
import type { z } from "zod";
import { UvqaError, parseAt } from "../errors.ts";
import { readLineBytes, type LineBytesEnd } from "./line-bytes.ts";

/** Where the first byte that is not valid UTF-8 sits: 0-based byte offset, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = 0; i < n; ) {
    const b = bytes[i]!;
    if (b < 0x80) { i++; continue; }
    let need: number, min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8 either.
    if (code < min || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Decodes UTF-8 strictly: a byte sequence that is not UTF-8 is an error naming the file, line and byte
 * (never silently turned into U+FFFD). A leading byte order mark is dropped.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    let line = 1, start = 0;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) [line, start] = [line + 1, i + 1];
    const hex = bytes[at]!.toString(16).toUpperCase().padStart(2, "0");
    throw new UvqaError(`invalid UTF-8: byte 0x${hex} at column ${at - start + 1} (${file}:${line})`, 2);
  }
  return text;
}

function readFailure(error: unknown, file: string): UvqaError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new UvqaError(`no such file: ${file}`, 2);
  if (code === "EISDIR") return new UvqaError(`${file} is a folder, not a file`, 2);
  return new UvqaError(`cannot read ${file}: ${(error as Error).message}`, 2);
}

export async function readText(file: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw readFailure(error, file);
  }
  return decodeUtf8(bytes, file);
}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * Calls `each(text, line)` with every non-blank line of a text file (trimmed, with its 1-based line number), in
 * order, reading the file in chunks: a file of a million lines is never one string. The same file as
 * `readText` then splitting on "\n": strict UTF-8 (the first byte that is not UTF-8 is an error naming its line
 * and column, whatever `each` threw on an earlier line), a leading byte order mark dropped, the same errors for
 * a missing file or a folder. An error `each` throws is thrown once the rest of the file is known to be UTF-8.
 */
export async function scanLines(file: string, each: (text: string, line: number) => void): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    throw readFailure(error, file);
  }
  let failure: unknown = null;
  let decodeFailed = false;
  try {
    let number = 1;
    // Each line checked as UTF-8 (reading stops at the first that is not), decoded and trimmed; after a failure
    // of `each` the rest is only checked.
    const line = (bytes: Buffer, start: number, end: number) => {
      // A leading byte order mark is dropped, as the decoder drops it.
      if (number === 1 && end - start >= 3 && BOM.every((b, i) => bytes[start + i] === b)) start += 3;
      if (!isUtf8(bytes.subarray(start, end))) return false;
      if (failure === null) {
        const body = bytes.toString("utf8", start, end).trim();
        if (body) {
          try {
            each(body, number);
          } catch (error) {
            failure = error;
          }
        }
      }
      number++;
      return true;
    };
    let end: LineBytesEnd;
    try {
      end = await readLineBytes(handle, line);
    } catch (error) {
      throw readFailure(error, file);
    }
    // The last line, with or without a final newline (an empty last line is blank).
    decodeFailed = end.rest === null || !line(end.rest, 0, end.rest.length);
  } finally {
    await handle.close();
  }
  // Not UTF-8 somewhere: the first bad byte is named as readText names it (the error path reads the file whole).
  if (decodeFailed) decodeUtf8(await readFile(file), file);
  if (failure !== null) throw failure;
}

/** One line's row: its JSON parsed and checked against `schema`, or an error naming the file and line. */
function jsonlRow<S extends z.ZodType>(text: string, schema: S, file: string, line: number): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UvqaError(`invalid JSON: ${text.length > 60 ? text.slice(0, 57) + "..." : text} (${file}:${line})`, 2);
  }
  return parseAt(schema, value, { file, line });
}

/** Parses JSONL text keeping each row's 1-based line number; blank lines are skipped. */
export function parseJsonlLines<S extends z.ZodType>(text: string, schema: S, file: string): { value: z.output<S>; line: number }[] {
  const rows: { value: z.output<S>; line: number }[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line) rows.push({ value: jsonlRow(line, schema, file, i + 1), line: i + 1 });
  }
  return rows;
}

/**
 * `parseJsonlLines(await readText(file), ...)` through scanLines: the same rows, lines and errors (strict UTF-8
 * first, a leading byte order mark dropped), each line decoded from its bytes (100 MB of items: about a quarter
 * less time than splitting one decoded string).
 */
export async function readJsonlLines<S extends z.ZodType>(file: string, schema: S): Promise<{ value: z.output<S>; line: number }[]> {
  const rows: { value: z.output<S>; line: number }[] = [];
  await scanLines(file, (text, line) => rows.push({ value: jsonlRow(text, schema, file, line), line }));
  return rows;
}

export function parseJsonl<S extends z.ZodType>(text: string, schema: S, file: string): z.output<S>[] {
  return parseJsonlLines(text, schema, file).map((row) => row.value);
}

export async function readJsonl<S extends z.ZodType>(file: string, schema: S): Promise<z.output<S>[]> {
  return parseJsonl(await readText(file), schema, file);
}

export function toJsonl(rows: readonly unknown[]): string {
  return rows.map((row) => JSON.stringify(row)).join("\n") + (rows.length ? "\n" : "");
}

/** Reads a JSON file, naming the file on a syntax error. */
export async function readJson(file: string): Promise<unknown> {
  const text = await readText(file);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UvqaError(`invalid JSON: ${(error as Error).message} (${file})`, 2);
  }
}
