// What the model panel (src/model.md) and the browser tests import: the learned model's text features,
// runtime and decoding, with no Node API (bundled for the browser).
export { LABELS, EVIDENCE_LABELS, IO } from "./architecture.ts";
export { encode, batchOf, FEATURE_VERSION, TOKEN_FEATURES, GLOBAL_FEATURES } from "./features.ts";
export { decode, DEFAULT_THRESHOLD, type Verdict, type Evidence, type RawOutput } from "./decode.ts";
export { loadModel, type AnswerabilityModel, type Ort, type Question } from "./runtime.ts";
export { openModel, webgpuUnavailable, type OpenedModel } from "./providers.ts";
export { parseSceneText, sceneToText } from "../responders/scene-text.ts";
