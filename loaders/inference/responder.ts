// The built-in responder, as the inference backends see it (loaders/responders owns it).
export { parseSceneText, respond } from "../responders/index.ts";
