// A tiny real HTTP server on 127.0.0.1 that answers chat completions the way LLM-mode generation asks,
// deterministically from the prompt: by a hash of the perturbed fact it replies "Not applicable", an
// untagged reply, a tagged reply whose answer does not refuse, or a good tagged reply. It records what it
// decided so the test can work out the expected counts. (`uvqa serve`'s built-in model does not write
// questions, and `uvqa serve` is not ours to change.)
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type Decision = "not_applicable" | "untagged" | "no_refusal" | "good";

export interface WriterServer {
  url: string;
  requests: number;
  decisions: Map<string, Decision>;
  close(): Promise<void>;
}

export function decide(fact: string): Decision {
  const n = parseInt(createHash("sha256").update(fact).digest("hex").slice(0, 8), 16) % 5;
  return (["not_applicable", "untagged", "no_refusal", "good", "good"] as const)[n]!;
}

export function reply(prompt: string): { fact: string; decision: Decision; text: string } {
  const fact = /^Perturbed fact \([^)]*\): (.+)$/m.exec(prompt)?.[1] ?? "";
  const changed = /^Changed element: "([^"]+)"/m.exec(prompt)?.[1] ?? "";
  const decision = decide(fact);
  const question = `Why is the ${fact}?`;
  const text = {
    not_applicable: "Not applicable",
    untagged: `Question: ${question}\nAnswer: The question is unanswerable.`,
    no_refusal: `<question>${question}</question>\n<answer>Because the ${changed} is there.</answer>`,
    good: `<question>${question}</question>\n<answer>This question is unanswerable: the video does not show ${fact}, so no reason can be given.</answer>`,
  }[decision];
  return { fact, decision, text };
}

export async function startWriterServer(): Promise<WriterServer> {
  const state = { requests: 0, decisions: new Map<string, Decision>() };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "no route" } }));
        return;
      }
      state.requests++;
      const request = JSON.parse(body) as { model: string; messages: Array<{ role: string; content: string }> };
      const prompt = request.messages.filter((m) => m.role === "user").map((m) => m.content).join("\n");
      const { fact, decision, text } = reply(prompt);
      state.decisions.set(fact, decision);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({
        id: `chatcmpl-${state.requests}`, object: "chat.completion", created: 0, model: request.model,
        choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
        usage: { prompt_tokens: Math.ceil(prompt.length / 4), completion_tokens: Math.ceil(text.length / 4), total_tokens: 0 },
      }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get requests() { return state.requests; },
    decisions: state.decisions,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
