// The `builtin-model` backend: the learned answerability model (data/model/answerability.onnx) behind the
// same chat interface as `builtin`. It reads the question and the scene facts from the messages and decides
// answerability itself, whatever the instruction (it is trained to refuse unanswerable questions). Requests
// that arrive together (inferRun's concurrency) are answered in one batch.
import type { ChatMessage } from "../prompts/index.ts";
import type { LoadedModel } from "../model/node.ts";
import type { Verdict } from "../model/decode.ts";
import type { Question } from "../model/runtime.ts";
import { parseChat } from "./builtin-model.ts";

export const LEARNED_MODEL_NAME = "builtin-model";

interface Waiting {
  question: Question;
  resolve: (verdict: Verdict) => void;
  reject: (error: unknown) => void;
}

/** Batches predictions: calls made in the same turn of the event loop share one model run. */
export function batchedPredictor(model: Promise<LoadedModel>, maxBatch = 512): (question: Question) => Promise<Verdict> {
  let queue: Waiting[] = [];
  const flush = async () => {
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(maxBatch);
    if (queue.length) setImmediate(() => void flush());
    try {
      const verdicts = await (await model).predict(batch.map((w) => w.question));
      batch.forEach((w, i) => w.resolve(verdicts[i]!));
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  };
  return (question) => new Promise<Verdict>((resolve, reject) => {
    if (queue.push({ question, resolve, reject }) === 1) setImmediate(() => void flush());
  });
}

/** The chat function `uvqa serve --model builtin-model` and the backend share. */
export function learnedChat(file?: string): { model: Promise<LoadedModel>; chat: (messages: readonly ChatMessage[]) => Promise<string> } {
  // onnxruntime-web is loaded when a learned model is first used, not by every `uvqa` command.
  const model = import("../model/node.ts").then((m) => m.loadNodeModel(file));
  const predict = batchedPredictor(model);
  return {
    model,
    chat: async (messages) => {
      const { question, scene } = parseChat(messages);
      return (await predict({ question, scene })).response;
    },
  };
}
