// The Video-ChatGPT quantitative benchmark QA files (ActivityNet videos), read as answerable items:
// generic and temporal `[{Q, A, video_name}]`, consistency `[{Q1, Q2, A, video_name}]` (two phrasings
// of one question, so two items: .../q1 and .../q2).
import { access } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { UvqaError, invalid, parseAt } from "../errors.ts";
import type { Item } from "../items/schema.ts";
import { readJson } from "../storage/jsonl.ts";

const text = z.string().trim().min(1);
const Qa = z.object({ Q: text, A: z.string(), video_name: text }).passthrough();
const ConsistencyQa = z.object({ Q1: text, Q2: text, A: z.string(), video_name: text }).passthrough();

export const VCGBENCH_TYPES = ["generic", "temporal", "consistency"] as const;
export type VcgbenchType = (typeof VCGBENCH_TYPES)[number];

/** The names a type's file goes by, in order of preference (the public copy prefixes `vcgbench_`). */
export const vcgbenchFileNames = (type: VcgbenchType) => [`vcgbench_${type}_qa.json`, `${type}_qa.json`];

function answerable(id: string, type: VcgbenchType, video: string, question: string, answer: string): Item {
  return {
    id,
    dataset: "vcgbench",
    category: "answerable",
    video,
    question,
    reference: answer.trim(),
    question_type: type,
    source: "activitynet",
  };
}

export async function readVcgbenchFile(file: string, type: VcgbenchType): Promise<Item[]> {
  const data = await readJson(file);
  if (!Array.isArray(data)) throw invalid("records", data, { file });
  if (type === "consistency") {
    return data.flatMap((value, record) => {
      const r = parseAt(ConsistencyQa, value, { file, record });
      const id = `vcgbench/consistency/${record}`;
      return [
        answerable(`${id}/q1`, type, r.video_name, r.Q1, r.A),
        answerable(`${id}/q2`, type, r.video_name, r.Q2, r.A),
      ];
    });
  }
  return data.map((value, record) => {
    const r = parseAt(Qa, value, { file, record });
    return answerable(`vcgbench/${type}/${record}`, type, r.video_name, r.Q, r.A);
  });
}

const exists = (file: string) => access(file).then(() => true, () => false);

/** Reads each type's file found in `dir` (one per type); an error when there is none. */
export async function readVcgbenchDir(dir: string): Promise<{ items: Item[]; files: string[] }> {
  const items: Item[] = [];
  const files: string[] = [];
  for (const type of VCGBENCH_TYPES) {
    for (const name of vcgbenchFileNames(type)) {
      const file = join(dir, name);
      if (!(await exists(file))) continue;
      files.push(file);
      items.push(...(await readVcgbenchFile(file, type)));
      break;
    }
  }
  if (!files.length) {
    const expected = VCGBENCH_TYPES.flatMap(vcgbenchFileNames).join(", ");
    throw new UvqaError(`no Video-ChatGPT benchmark files in ${dir} (expected one of ${expected})`, 2);
  }
  return { items, files };
}
