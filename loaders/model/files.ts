// Where the learned model lives in the repository.
import { fileURLToPath } from "node:url";

export const MODEL_DIR = fileURLToPath(new URL("../../data/model/", import.meta.url));
export const MODEL_FILE = "answerability.onnx";
export const TRAINING_FILE = "training.json";
export const MODEL_PATH = `${MODEL_DIR}${MODEL_FILE}`;
export const DEFAULT_TRAINING_SEED = 20251;
