import { resolve } from 'node:path';
import type { CliContext } from '../../cli/context.ts';
import { runCli } from '../../cli/main.ts';

export const repoRoot = resolve(import.meta.dirname, '../..');

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in this process in `cwd`, capturing stdout and stderr. */
export async function runIn(cwd: string, ...argv: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = { cwd, out: (t) => out.push(t), err: (t) => err.push(t), exitCode: 0 };
  const code = await runCli(argv, ctx);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
