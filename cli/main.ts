import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Help } from 'commander';
import { SourceFilesError } from '../host/files.ts';
import { type CliContext, CliError, type RegisterCommand, UsageError } from './context.ts';

/**
 * Every command, in help order. A command's module (and the compiler, runtime or CDK it pulls in)
 * is imported only when that command runs or its own help is asked for; `--help` lists the commands
 * from this table (`term` and `description` must match the module's definition, which a test checks).
 * Add a command with an entry here and a file in `commands/`.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    term: 'ir <paths...>',
    description: 'print the parsed IR as JSON {processes, schedules, stories}',
    load: async () => (await import('./commands/ir.ts')).registerIr,
  },
  {
    term: 'validate [options] <paths...>',
    description: 'check .dsl and processes.json inputs; exit 1 when there are errors',
    load: async () => (await import('./commands/validate.ts')).registerValidate,
  },
  {
    term: 'compile [options] <paths...>',
    description: 'compile processes and schedules to Step Functions ASL and a deployment manifest',
    load: async () => (await import('./commands/compile.ts')).registerCompile,
  },
  {
    term: 'inspect [options] <paths-and-name...>',
    description: 'show the steps, trigger and linked stories of a process or schedule',
    load: async () => (await import('./commands/inspect.ts')).registerInspect,
  },
  {
    term: 'coverage [options] <paths...>',
    description: 'story coverage: covered / partial / uncovered stories and their missing aspects',
    load: async () => (await import('./commands/coverage.ts')).registerCoverage,
  },
  {
    term: 'propose [options] <paths...>',
    description: 'workflow design briefs for uncovered and partial stories',
    load: async () => (await import('./commands/propose.ts')).registerPropose,
  },
  {
    term: 'save [options] <spec>',
    description: 'validate ProcessSpec JSON and merge it into .dazzle/processes/processes.json',
    load: async () => (await import('./commands/save.ts')).registerSave,
  },
  {
    term: 'diagram [options] <paths-and-name...>',
    description: 'a Mermaid flowchart of a process or schedule; --svg FILE renders it as SVG',
    load: async () => (await import('./commands/diagram.ts')).registerDiagram,
  },
  {
    term: 'cost [options] <paths...>',
    description: 'estimate transitions, Lambda invocations and AWS cost per run and per N runs',
    load: async () => (await import('./commands/cost.ts')).registerCost,
  },
  {
    term: 'run [options] <paths-and-name...>',
    description: 'run one execution locally on a virtual clock and print its result as JSON',
    load: async () => (await import('./commands/run.ts')).registerRun,
  },
  {
    term: 'dev [options] <paths...>',
    description: 'serve the HTTP API locally, running the compiled processes on the embedded runtime',
    load: async () => (await import('./commands/dev.ts')).registerDev,
  },
];

export interface CommandEntry {
  /** The command as `--help` lists it: name, `[options]` when it has any, arguments. */
  readonly term: string;
  readonly description: string;
  readonly load: () => Promise<RegisterCommand>;
}

const nameOf = (entry: CommandEntry): string => entry.term.split(' ')[0];

/**
 * The command the arguments run (for `help <command>`, that command): the first argument that is
 * not an option, as commander reads it (the program itself has no options but `--help`).
 */
function requestedCommand(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((c) => nameOf(c) === name);
}

/** The version in this package's package.json (found from here, in the sources and in dist/). */
function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'dazzle-sfn' && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}

/**
 * Exit codes: 0 ok, 1 errors in the inputs, 2 usage errors (unknown command/option, bad path:
 * `UsageError`, or the `SourceFilesError` of reading the inputs).
 */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const program = new Command('dazzle-sfn')
    .description('Compile Dazzle processes and schedules to AWS Step Functions')
    .version(packageVersion(), '-V, --version', 'print the version of dazzle-sfn')
    .exitOverride()
    .showHelpAfterError('(run dazzle-sfn --help for usage)')
    .configureOutput({
      writeOut: (s) => ctx.out(s.replace(/\n$/, '')),
      writeErr: (s) => ctx.err(s.replace(/\n$/, '')),
    });
  const requested = requestedCommand(argv);
  const terms = new Map<string, string>();
  for (const entry of COMMANDS) {
    if (entry === requested) (await entry.load())(program, ctx);
    else program.command(nameOf(entry)).description(entry.description);
    terms.set(nameOf(entry), entry.term);
  }
  program.configureHelp({
    subcommandTerm: (cmd) => terms.get(cmd.name()) ?? new Help().subcommandTerm(cmd),
  });
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError || error instanceof SourceFilesError) {
      ctx.err(`dazzle-sfn: ${error.message}`);
      return 2;
    }
    if (error instanceof CliError) {
      ctx.err(`dazzle-sfn: ${error.message}`);
      return 1;
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
