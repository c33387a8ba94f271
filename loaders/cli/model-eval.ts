// `uvqa model-eval [--uvqa <dir>] [--model <file.onnx>] [--folds 5] [--cv-epochs N] [--resamples N] [--out <file.json>]`:
// the learned model and the rule set side by side on the public UVQA items with their answerable twins, and the
// learned recipe cross-validated with folds grouped by video (loaders/model/model-eval.ts). It reports; its exit
// status does not depend on reaching the target. Training code is loaded only when the command runs.
import type { Command } from "commander";
import { writeFileAtomic } from "../storage/atomic.ts";
import { integer } from "./args.ts";

/** The default of --cv-epochs: the epochs `npm run train` trains (loaders/model/train/fit.ts DEFAULT_FIT). */
export const TRAIN_EPOCHS = 14;

export function register(program: Command): void {
  program
    .command("model-eval")
    .description("the learned model beside the rule set on the public UVQA items and their twins, with grouped cross-validation")
    .option("--uvqa <dir>", "folder with the UVQA files (default $UVQA_DATA_DIR or ../shared/uvqa)")
    .option("--model <file.onnx>", "the learned model (default data/model/answerability.onnx)")
    .option("--folds <k>", "cross-validation folds grouped by video (0: none)", integer(0), 5)
    .option("--cv-epochs <n>", "training epochs of each fold's model", integer(1), TRAIN_EPOCHS)
    .option("--resamples <n>", "bootstrap resamples", integer(0), 1000)
    .option("--seed <n>", "bootstrap seed", integer())
    .option("--out <file.json>", "also write the figures as JSON")
    .action(async (options: import("../model/model-eval.ts").ModelEvalOptions & { out?: string }) => {
      const { runModelEval, formatModelEval } = await import("../model/model-eval.ts");
      const report = await runModelEval(options, (line) => process.stderr.write(`uvqa model-eval: ${line}\n`));
      process.stdout.write(formatModelEval(report));
      if (options.out) await writeFileAtomic(options.out, JSON.stringify(report, null, 1) + "\n");
    });
}
