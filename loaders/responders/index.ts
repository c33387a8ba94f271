// The built-in responders' public surface (used by the builtin inference backend and `uvqa serve`).
export { respond, asksToRefuse, refusalReason, answer, questionForm, attributeAsked, factText, RESPONDER_NAME, RESPONDER_VERSION } from "./respond.ts";
export type { ResponderInput } from "./respond.ts";
export { ground, findMentions, sceneEntities, relationFails } from "./ground.ts";
export type { Grounding, Mention, AttributeMismatch } from "./ground.ts";
export { parseSceneText, sceneToText, SCENE_TEXT_HEADER } from "./scene-text.ts";
