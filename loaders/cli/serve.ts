// `uvqa serve --port <p> [--host 127.0.0.1] [--latency-ms N] [--backend builtin|builtin-model]`: the built-in
// model behind an OpenAI-compatible HTTP API under the name `builtin` (the rule set) or `builtin-model` (the
// learned model) (question + scene facts as text in, answer out).
import { InvalidArgumentError, Option, type Command } from "commander";
import { LEARNED_MODEL_NAME, learnedChat } from "../inference/learned-model.ts";
import { builtinChat } from "../inference/builtin-model.ts";
import { startChatServer } from "../inference/server.ts";
import { BUILTIN_JUDGE_MODEL, builtinJudgeChat } from "../judges/serve-judge.ts";

function nonNegative(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError("expected a non-negative integer");
  return Number(value);
}

export function register(program: Command): void {
  program
    .command("serve")
    .description("serve the built-in model over an OpenAI-compatible HTTP API (/v1/models, /v1/chat/completions)")
    .requiredOption("--port <p>", "port (0: any free port, printed)", nonNegative)
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--latency-ms <n>", "wait this long before each answer (benchmarks)", nonNegative, 0)
    .addOption(new Option("--backend <name>", "which built-in model answers").choices(["builtin", LEARNED_MODEL_NAME]).default("builtin"))
    .option("--judge", `answer LLM-judge prompts in their JSON format with the built-in judge (model ${BUILTIN_JUDGE_MODEL})`)
    .action(async (options: { port: number; host: string; latencyMs: number; judge?: boolean; backend: string }) => {
      const learned = !options.judge && options.backend === LEARNED_MODEL_NAME ? learnedChat() : undefined;
      // Load (and check) the model before listening, so a missing or stale file fails at start.
      if (learned) await learned.model;
      const modelName = options.judge ? BUILTIN_JUDGE_MODEL : options.backend;
      const model = options.judge ? builtinJudgeChat : learned ? learned.chat : builtinChat;
      const running = await startChatServer({ modelName, model, port: options.port, host: options.host, latencyMs: options.latencyMs });
      process.stdout.write(`uvqa serve: listening on ${running.url} (model ${modelName})\n`);
      await new Promise<void>((resolve) => {
        const stop = () => void running.close().then(resolve);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}
