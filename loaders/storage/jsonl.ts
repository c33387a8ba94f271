// JSON Lines in and out, with errors that name the file, line and field.
import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { UvqaError, parseAt } from "../errors.ts";

export async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UvqaError(code === "ENOENT" ? `no such file: ${file}` : `cannot read ${file}: ${(error as Error).message}`, 2);
  }
}

/** Parses JSONL text keeping each row's 1-based line number; blank lines are skipped. */
export function parseJsonlLines<S extends z.ZodType>(text: string, schema: S, file: string): { value: z.output<S>; line: number }[] {
  const rows: { value: z.output<S>; line: number }[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UvqaError(`invalid JSON: ${line.length > 60 ? line.slice(0, 57) + "..." : line} (${file}:${i + 1})`, 2);
    }
    rows.push({ value: parseAt(schema, value, { file, line: i + 1 }), line: i + 1 });
  }
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
