/**
 * Writing what a command produces. Failures are one-line `CliError`s (exit 1), never a stack.
 * The output directory is created one level at a time, not with `mkdirSync(…, {recursive})`:
 * Node's recursive mkdir retries forever, CPU busy, under a directory that refuses new entries
 * (`/proc/x`), and reports a path under a file as a raw EEXIST/ENOTDIR.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from './context.ts';

/** `ENOENT: no such file or directory, mkdir '/proc/x'` → `no such file or directory`. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /^[A-Z]+: ([^,]+)/.exec(message)?.[1] ?? message;
}

const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/** Makes `dir` (absolute) and its missing parents; `shown` is how the user wrote it. */
export function ensureDirectory(dir: string, shown: string): void {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    try {
      if (!statSync(at).isDirectory())
        throw new CliError(`cannot write to ${shown}: ${at} is a file, not a directory`);
      break;
    } catch (error) {
      if (error instanceof CliError) throw error;
      const code = codeOf(error);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(at) === at)
        throw new CliError(`cannot write to ${shown}: ${reason(error)}`);
      missing.push(at);
    }
  }
  for (const at of missing.reverse()) {
    try {
      mkdirSync(at);
    } catch (error) {
      throw new CliError(`cannot create the directory ${shown}: ${reason(error)} (${at})`);
    }
  }
}

/** Writes `files` (name → text) into `dir`, creating it; `shown` is how the user wrote `dir`. */
export function writeOutputDirectory(dir: string, shown: string, files: Record<string, string>): void {
  ensureDirectory(dir, shown);
  for (const [name, text] of Object.entries(files)) writeOutputFile(join(dir, name), join(shown, name), text);
}

/** Writes one file whose directory must exist; `shown` is how the user wrote the path. */
export function writeOutputFile(file: string, shown: string, text: string): void {
  try {
    writeFileSync(file, text, 'utf8');
  } catch (error) {
    throw new CliError(`cannot write ${shown}: ${reason(error)}`);
  }
}
