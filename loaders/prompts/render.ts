// Prompt rendering: template + item (+ media) -> chat messages, and the hash stored with each response.
import { createHash } from "node:crypto";
import { UvqaError } from "../errors.ts";
import type { Item } from "../items/schema.ts";
import type { ExperimentConfig, ModelConfig, PromptConfig } from "../config/schema.ts";
import { BUILTIN_PROMPTS } from "./builtin.ts";
import { sceneToText } from "./scene.ts";

export type ContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string } }
  | { type: "video_url"; video_url: { url: string } };

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string | ContentPart[];
}

/** What goes with the text: sampled frames (as data URLs) or a video URL. */
export interface Media {
  /** JPEG frames as `data:image/jpeg;base64,...` URLs, in time order. */
  images?: string[];
  videoUrl?: string;
}

/** The scene facts travel between these tags, so the built-in model (and `uvqa serve`) can find them. */
export const CONTEXT_OPEN = "<video_facts>";
export const CONTEXT_CLOSE = "</video_facts>";

export function findPrompt(config: Pick<ExperimentConfig, "prompts"> | null, id: string): PromptConfig {
  const found = config?.prompts.find((p) => p.id === id) ?? BUILTIN_PROMPTS.find((p) => p.id === id);
  if (!found) throw new UvqaError(`unknown prompt: ${id} (built in: ${BUILTIN_PROMPTS.map((p) => p.id).join(", ")})`, 2);
  return found;
}

/** Replaces `{question}` and `{context}`; `{{` and `}}` stand for literal braces. */
export function renderTemplate(template: string, values: { question: string; context: string }): string {
  return template.replace(/\{\{|\}\}|\{(question|context)\}/g, (match, name: string | undefined) => {
    if (match === "{{") return "{";
    if (match === "}}") return "}";
    return values[name as "question" | "context"];
  });
}

/** The context block for an item: its scene facts as text, tagged; "" when the model takes no context. */
export function contextBlock(item: Item, model: Pick<ModelConfig, "context">): string {
  if ((model.context ?? "none") === "none" || !item.scene) return "";
  return `${CONTEXT_OPEN}\n${sceneToText(item.scene)}\n${CONTEXT_CLOSE}`;
}

/**
 * The messages sent for one item: an optional system message, then one user message holding the media
 * (frames as image parts, or a video URL part) followed by the rendered template. When the template
 * has no `{context}`, a non-empty context block goes before it.
 */
export function renderMessages(prompt: PromptConfig, item: Item, model: Pick<ModelConfig, "context">, media: Media = {}): ChatMessage[] {
  const context = contextBlock(item, model);
  let text = renderTemplate(prompt.template, { question: item.question, context });
  if (context && !/\{context\}/.test(prompt.template)) text = `${context}\n\n${text}`;
  const messages: ChatMessage[] = [];
  if (prompt.system) messages.push({ role: "system", content: prompt.system });
  const parts: ContentPart[] = [];
  for (const url of media.images ?? []) parts.push({ type: "image_url", image_url: { url } });
  if (media.videoUrl) parts.push({ type: "video_url", video_url: { url: media.videoUrl } });
  if (parts.length === 0) messages.push({ role: "user", content: text });
  else messages.push({ role: "user", content: [...parts, { type: "text", text }] });
  return messages;
}

/** A message's text: its string content, or its text parts joined by newlines (images and videos left out). */
export function messageText(message: ChatMessage): string {
  if (typeof message.content === "string") return message.content;
  return message.content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n");
}

/** The text of every message, joined by newlines (what token estimates count). */
export function messagesText(messages: readonly ChatMessage[]): string {
  return messages.map(messageText).join("\n");
}

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Messages with every data URL replaced by `sha256:<hash of its bytes>`: small, stable, hashable. */
export function canonicalMessages(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.map((message) => {
    if (typeof message.content === "string") return message;
    return {
      role: message.role,
      content: message.content.map((part) => {
        if (part.type !== "image_url") return part;
        const url = part.image_url.url;
        const comma = url.startsWith("data:") ? url.indexOf(",") : -1;
        if (comma < 0) return part;
        const bytes = url.slice(0, comma).endsWith(";base64") ? Buffer.from(url.slice(comma + 1), "base64") : Buffer.from(decodeURIComponent(url.slice(comma + 1)));
        return { type: "image_url", image_url: { url: `sha256:${sha256(bytes)}` } };
      }),
    };
  });
}

/** sha256 of the rendered messages (frames by their hashes), stored with each response. */
export function promptHash(messages: readonly ChatMessage[]): string {
  return sha256(JSON.stringify(canonicalMessages(messages)));
}
