// The CLI loads only the module of the command it runs: each key of the table must be the name its module
// registers, or `uvqa <name>` would load the wrong module (commander: unknown command).
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { commandsFor } from "../../loaders/cli/main.ts";

const argv = (...args: string[]) => ["node", "uvqa", ...args];

describe("uvqa's command table", () => {
  it("loads every module for --help or an unknown command, and they register 13 commands in help order", async () => {
    expect(commandsFor(argv("--help"))).toHaveLength(commandsFor(argv("no-such-command")).length);
    const program = new Command("uvqa");
    for (const load of commandsFor(argv())) (await load()).register(program);
    expect(program.commands.map((c) => c.name())).toEqual([
      "score", "compare", "report", "infer", "serve", "items", "import", "batch", "generate", "judge", "judge-eval",
      "judge-agreement", "model-eval",
    ]);
  });

  it("loads exactly the named command's module, the one that registers that name", async () => {
    for (const name of ["score", "import", "judge", "judge-eval", "batch", "model-eval"]) {
      const loads = commandsFor(argv(name, "--out", "x"));
      expect(loads).toHaveLength(1);
      const program = new Command("uvqa");
      (await loads[0]!()).register(program);
      expect(program.commands.map((c) => c.name())).toEqual([name]);
    }
  });

  it("finds the command after leading options", async () => {
    const program = new Command("uvqa");
    for (const load of commandsFor(argv("--no-color", "compare"))) (await load()).register(program);
    expect(program.commands.map((c) => c.name())).toEqual(["compare"]);
  });
});
