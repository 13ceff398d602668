import type { Command } from 'commander';

/** What a command needs from its environment; tests pass their own to capture output. */
export interface CliContext {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** The process exit code the command asks for (0 unless set). */
  exitCode: number;
}

/** A command module registers itself on the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** A usage error (bad path, missing argument): printed without a stack, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * A failure the user can act on that is not a usage error (an output path that cannot be written):
 * printed as one `dazzle-sfn: …` line without a stack, exit code 1.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
}
