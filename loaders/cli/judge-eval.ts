// `uvqa judge-eval [--uvqa <dir>] [--vcgbench <dir>] [--hardset <file>] [--out <file.json>]`:
// how well the built-in judge's `refused` (and `reason_ok`) agrees with labelled responses. It reports;
// its exit status does not depend on reaching any target.
import type { Command } from "commander";
import { fileURLToPath } from "node:url";
import { readUvqaDir, readVcgbenchDir } from "../datasets/index.ts";
import { BUILTIN_JUDGE_ID } from "../judges/builtin.ts";
import { HardCase, evaluateSet, hardCaseToLabelled, referenceCases, type SetReport } from "../judges/validation.ts";
import { checkOutputFile, writeFileAtomic } from "../storage/atomic.ts";
import { readJsonl } from "../storage/jsonl.ts";

export const DEFAULT_HARDSET = fileURLToPath(new URL("../../data/judge/hardset.jsonl", import.meta.url));
export const defaultDataDir = (): string => process.env.UVQA_DATA_DIR ?? "../shared/uvqa";

export interface JudgeEvalReport {
  judge: string;
  sets: SetReport[];
}

export async function runJudgeEval(options: { uvqa?: string; vcgbench?: string; hardset?: string }): Promise<JudgeEvalReport> {
  const uvqaDir = options.uvqa ?? defaultDataDir();
  const vcgDir = options.vcgbench ?? uvqaDir;
  const uvqa = await readUvqaDir(uvqaDir);
  const vcg = await readVcgbenchDir(vcgDir);
  const hard = await readJsonl(options.hardset ?? DEFAULT_HARDSET, HardCase);
  return {
    judge: BUILTIN_JUDGE_ID,
    sets: [
      evaluateSet("uvqa-reference-refusals", referenceCases(uvqa.items)),
      evaluateSet("vcgbench-reference-answers", referenceCases(vcg.items)),
      evaluateSet("hardset", hard.map(hardCaseToLabelled)),
    ],
  };
}

const pct = (x: number | null): string => (x === null ? "  -  " : x.toFixed(3));

export function formatReport(report: JudgeEvalReport, maxErrors = 40): string {
  const lines = [`judge: ${report.judge}`, "", "set                          n     acc    prec   recall  reason_ok (n)"];
  for (const s of report.sets) {
    lines.push(`${s.name.padEnd(26)} ${String(s.n).padStart(5)}  ${pct(s.accuracy)}  ${pct(s.precision)}  ${pct(s.recall)}   ${pct(s.reason_ok.accuracy)} (${s.reason_ok.n})`);
  }
  for (const s of report.sets) {
    lines.push("", `${s.name}: accuracy of refused by kind`);
    for (const [kind, k] of Object.entries(s.by_kind)) lines.push(`  ${kind.padEnd(24)} ${String(k.n).padStart(5)}  ${k.accuracy.toFixed(3)}`);
    for (const [group, g] of Object.entries(s.by_group)) lines.push(`  ${group.padEnd(24)} ${String(g.n).padStart(5)}  ${g.accuracy.toFixed(3)}`);
    lines.push(`${s.name}: ${s.errors.length} error(s)${s.errors.length > maxErrors ? ` (first ${maxErrors})` : ""}`);
    for (const e of s.errors.slice(0, maxErrors)) {
      lines.push(`  ${e.id} [${e.kind}] ${e.field}: expected ${e.expected}, got ${e.got} (${e.why})`);
      lines.push(`    Q: ${e.question}`);
      lines.push(`    R: ${e.response.replace(/\s+/g, " ").slice(0, 200)}`);
    }
  }
  return lines.join("\n") + "\n";
}

export function register(program: Command): void {
  program
    .command("judge-eval")
    .description("validate the built-in judge's refusal detection on the public reference answers and the hard set")
    .option("--uvqa <dir>", "UVQA files (eval_*.json); default $UVQA_DATA_DIR or ../shared/uvqa")
    .option("--vcgbench <dir>", "Video-ChatGPT benchmark QA files; default the --uvqa folder")
    .option("--hardset <file>", "hand-written hard set (JSONL)", DEFAULT_HARDSET)
    .option("--out <file.json>", "write the full report (figures and every error) as JSON")
    .option("--max-errors <n>", "errors listed per set", (v) => Number(v), 40)
    .action(async (options) => {
      if (options.out) await checkOutputFile(options.out);
      const report = await runJudgeEval(options);
      process.stdout.write(formatReport(report, options.maxErrors));
      if (options.out) await writeFileAtomic(options.out, JSON.stringify(report, null, 2) + "\n");
    });
}
