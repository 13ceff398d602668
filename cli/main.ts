import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { registerCompile } from './commands/compile.ts';
import { registerCost } from './commands/cost.ts';
import { registerCoverage } from './commands/coverage.ts';
import { registerDev } from './commands/dev.ts';
import { registerDiagram } from './commands/diagram.ts';
import { registerInspect } from './commands/inspect.ts';
import { registerIr } from './commands/ir.ts';
import { registerPropose } from './commands/propose.ts';
import { registerRun } from './commands/run.ts';
import { registerSave } from './commands/save.ts';
import { registerValidate } from './commands/validate.ts';
import { type CliContext, type RegisterCommand, UsageError } from './context.ts';

/** Every command, in help order. Add a command with one line here and a file in `commands/`. */
const COMMANDS: readonly RegisterCommand[] = [
  registerIr,
  registerValidate,
  registerCompile,
  registerInspect,
  registerCoverage,
  registerPropose,
  registerSave,
  registerDiagram,
  registerCost,
  registerRun,
  registerDev,
];

/** Exit codes: 0 ok, 1 errors in the inputs, 2 usage errors (unknown command/option, bad path). */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const program = new Command('dazzle-sfn')
    .description('Compile Dazzle processes and schedules to AWS Step Functions')
    .exitOverride()
    .showHelpAfterError('(run dazzle-sfn --help for usage)')
    .configureOutput({
      writeOut: (s) => ctx.out(s.replace(/\n$/, '')),
      writeErr: (s) => ctx.err(s.replace(/\n$/, '')),
    });
  for (const register of COMMANDS) register(program, ctx);
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      ctx.err(`dazzle-sfn: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

/** Runs the command line of this process and sets its exit code. */
export async function main(): Promise<void> {
  const ctx: CliContext = {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    exitCode: 0,
  };
  const argv = process.argv.slice(2);
  process.exitCode = await runCli(argv.length === 0 ? ['--help'] : argv, ctx);
}

// `tsx cli/main.ts …` runs it directly; the `dazzle-sfn` bin (bin/dazzle-sfn.js) calls main().
const isMain = (() => {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (isMain) await main();
