// Data loader: the learned model file (data/model/answerability.onnx), for the model panel.
import { readFileSync } from "node:fs";
import { MODEL_PATH } from "../../loaders/model/files.ts";

process.stdout.write(readFileSync(MODEL_PATH));
