// A lean `fetch` for the openai client, over undici's `request` with a keep-alive pool. The global fetch
// (WHATWG streams, Headers and Response objects for every reply) costs more CPU per request than a local
// model server does, which would cap a batch long before the server. Replies are read whole (chat
// completions are small) into a minimal Response: status, headers.get, text, json, arrayBuffer; that is
// all the openai client reads when it does not stream. Bodies other than strings and bytes go through
// the global fetch.
import { Agent, request } from "undici";

export interface PooledFetch {
  fetch: typeof fetch;
  close(): Promise<void>;
}

type RawHeaders = Record<string, string | string[] | undefined>;

function headerRecord(headers: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (headers instanceof Headers) headers.forEach((value, key) => (out[key] = value));
  else if (Array.isArray(headers)) for (const [key, value] of headers) out[key!.toLowerCase()] = value!;
  else for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = String(value);
  return out;
}

/** Read-only headers over undici's lower-cased record. */
class ReplyHeaders {
  constructor(private readonly raw: RawHeaders) {}
  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  }
  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }
  forEach(callback: (value: string, key: string) => void): void {
    for (const [key, value] of this.entries()) callback(value, key);
  }
  *entries(): IterableIterator<[string, string]> {
    for (const key of Object.keys(this.raw)) {
      const value = this.get(key);
      if (value !== null) yield [key, value];
    }
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

class ReplyResponse {
  readonly ok: boolean;
  readonly statusText = "";
  readonly redirected = false;
  readonly type = "basic";
  readonly body = null;
  bodyUsed = false;
  constructor(readonly status: number, readonly headers: ReplyHeaders, readonly url: string, private readonly content: string) {
    this.ok = status >= 200 && status < 300;
  }
  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.content;
  }
  async json(): Promise<unknown> {
    this.bodyUsed = true;
    return JSON.parse(this.content);
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    const bytes = Buffer.from(this.content);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  clone(): ReplyResponse {
    return new ReplyResponse(this.status, this.headers, this.url, this.content);
  }
}

export function pooledFetch(options: { keepAliveMs?: number } = {}): PooledFetch {
  const dispatcher = new Agent({ keepAliveTimeout: options.keepAliveMs ?? 30_000, connections: null, pipelining: 1 });
  const pooled = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const body = init?.body;
    if (body !== undefined && body !== null && typeof body !== "string" && !(body instanceof Uint8Array)) return fetch(input, init);
    const reply = await request(url, {
      method: (init?.method ?? "GET") as "GET",
      headers: headerRecord(init?.headers),
      ...(body !== undefined && body !== null ? { body } : {}),
      ...(init?.signal ? { signal: init.signal } : {}),
      dispatcher,
    });
    const text = await reply.body.text();
    return new ReplyResponse(reply.statusCode, new ReplyHeaders(reply.headers), url, text) as unknown as Response;
  };
  return { fetch: pooled as typeof fetch, close: () => dispatcher.close() };
}
