// An OpenAI-compatible HTTP server for a chat model function: `/v1/models`, `/v1/chat/completions`
// (non-streaming) and `/v1/stats` (what it received: requests, image and video parts, image hashes).
// `chatServerHandler` takes the model function, so another responder (an LLM judge's JSON, say) is one
// option away.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import type { ChatMessage } from "../prompts/index.ts";
import { sha256 } from "../prompts/render.ts";
import { roughTokens } from "./backend.ts";

export type ChatModelFn = (messages: ChatMessage[]) => string | Promise<string>;

const Part = z.union([
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("image_url"), image_url: z.object({ url: z.string().min(1) }).passthrough() }),
  z.object({ type: z.literal("video_url"), video_url: z.object({ url: z.string().min(1) }).passthrough() }),
]);

export const ChatRequest = z.object({
  model: z.string().min(1),
  messages: z.array(z.object({
    role: z.enum(["system", "developer", "user", "assistant"]),
    content: z.union([z.string(), z.array(Part)]),
  })).min(1),
  stream: z.boolean().optional(),
  temperature: z.number().optional(),
  max_tokens: z.number().int().optional(),
  seed: z.number().int().optional(),
}).passthrough();

export interface ServerStats {
  requests: number;
  completions: number;
  errors: number;
  image_parts: number;
  video_parts: number;
  /** sha256 of each image received (data URLs decoded), up to 10,000. */
  image_hashes: string[];
  video_urls: string[];
}

export function emptyStats(): ServerStats {
  return { requests: 0, completions: 0, errors: 0, image_parts: 0, video_parts: 0, image_hashes: [], video_urls: [] };
}

export interface HandlerOptions {
  /** The name served (`builtin`). */
  modelName: string;
  model: ChatModelFn;
  latencyMs?: number;
  stats?: ServerStats;
  now?: () => number;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function apiError(res: ServerResponse, status: number, message: string, type: string, code: string | null = null): void {
  send(res, status, { error: { message, type, param: null, code } });
}

const MAX_BODY = 256 << 20;

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function imageHash(url: string): string {
  const comma = url.startsWith("data:") ? url.indexOf(",") : -1;
  if (comma < 0) return sha256(url);
  return sha256(Buffer.from(url.slice(comma + 1), "base64"));
}

export function chatServerHandler(options: HandlerOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const stats = options.stats ?? emptyStats();
  const now = options.now ?? Date.now;
  let counter = 0;
  return async (req, res) => {
    try {
      const path = (req.url ?? "/").split("?")[0]!.replace(/\/+$/, "");
      if (req.method === "GET" && path === "/v1/models") {
        return send(res, 200, { object: "list", data: [{ id: options.modelName, object: "model", created: 0, owned_by: "uvqa-lab" }] });
      }
      if (req.method === "GET" && path === "/v1/stats") return send(res, 200, stats);
      if (path !== "/v1/chat/completions") return apiError(res, 404, `no route ${req.method} ${path}`, "invalid_request_error");
      if (req.method !== "POST") return apiError(res, 405, "use POST", "invalid_request_error");
      stats.requests++;
      const text = await readBody(req);
      if (text === null) return apiError(res, 413, "request body too large", "invalid_request_error");
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        stats.errors++;
        return apiError(res, 400, "the body is not JSON", "invalid_request_error");
      }
      const parsed = ChatRequest.safeParse(json);
      if (!parsed.success) {
        stats.errors++;
        const issue = parsed.error.issues[0]!;
        return apiError(res, 400, `invalid ${issue.path.join(".") || "body"}: ${issue.message}`, "invalid_request_error");
      }
      const body = parsed.data;
      if (body.stream) return apiError(res, 400, "streaming is not supported", "invalid_request_error");
      if (body.model !== options.modelName) return apiError(res, 404, `the model ${body.model} does not exist`, "invalid_request_error", "model_not_found");
      let images = 0;
      let promptChars = 0;
      for (const message of body.messages) {
        if (typeof message.content === "string") {
          promptChars += message.content.length;
          continue;
        }
        for (const part of message.content) {
          if (part.type === "text") promptChars += part.text.length;
          else if (part.type === "image_url") {
            images++;
            if (stats.image_hashes.length < 10_000) stats.image_hashes.push(imageHash(part.image_url.url));
          } else {
            stats.video_parts++;
            if (stats.video_urls.length < 10_000) stats.video_urls.push(part.video_url.url);
          }
        }
      }
      stats.image_parts += images;
      const messages = body.messages.map((m) => ({ ...m, role: m.role === "developer" ? "system" : m.role })) as ChatMessage[];
      const content = await options.model(messages);
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      stats.completions++;
      const prompt_tokens = Math.ceil(promptChars / 4) + images * 85;
      const completion_tokens = roughTokens(content);
      send(res, 200, {
        id: `chatcmpl-uvqa-${++counter}`,
        object: "chat.completion",
        created: Math.floor(now() / 1000),
        model: options.modelName,
        choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop", logprobs: null }],
        usage: { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens },
      }, { "x-uvqa-image-parts": String(images) });
    } catch (error) {
      stats.errors++;
      if (!res.headersSent) apiError(res, 500, (error as Error).message, "server_error");
      else res.destroy();
    }
  };
}

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  stats: ServerStats;
  close(): Promise<void>;
}

export async function startChatServer(options: Omit<HandlerOptions, "stats"> & { port?: number; host?: string }): Promise<RunningServer> {
  const stats = emptyStats();
  const handler = chatServerHandler({ ...options, stats });
  const server = createServer((req, res) => void handler(req, res));
  server.keepAliveTimeout = 30_000;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}/v1`,
    stats,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
