// DiDeMo moment descriptions (LisaAnne/LocalizingMoments, test split), to give the attribute category's
// videos all their captions, not only the one the question was made from.
import { z } from "zod";
import { invalid } from "../errors.ts";
import { readJson } from "../storage/jsonl.ts";

const Moment = z.object({ video: z.string(), description: z.string() }).passthrough();

/** Captions by video file name. */
export type DidemoCaptions = ReadonlyMap<string, readonly string[]>;

/** "x_1_f.mov" and "x_1_f." name the same video (UVQA's `vid` lost an extension once). */
export const videoStem = (name: string) => name.replace(/\.[a-z0-9]*$/i, "");

export async function readDidemoCaptions(file: string): Promise<DidemoCaptions> {
  const data = await readJson(file);
  if (!Array.isArray(data)) throw invalid("records", data, { file });
  const captions = new Map<string, string[]>();
  data.forEach((value, record) => {
    const moment = Moment.safeParse(value);
    if (!moment.success) throw invalid("moment", value, { file, record });
    const stem = videoStem(moment.data.video);
    const text = moment.data.description.trim();
    const list = captions.get(stem) ?? [];
    if (text && !list.includes(text)) list.push(text);
    captions.set(stem, list);
  });
  return captions;
}

export function captionsOf(index: DidemoCaptions, video: string): readonly string[] {
  return index.get(videoStem(video)) ?? [];
}
