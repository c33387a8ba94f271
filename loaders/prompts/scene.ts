// The scene facts as text: the format belongs to loaders/responders; prompts and the built-in model
// take it from here.
export { parseSceneText, sceneToText } from "../responders/index.ts";
