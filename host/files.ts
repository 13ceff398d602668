/**
 * Reading Dazzle inputs from disk, for every Node-side user of the compiler: the CLI, the local
 * runtime's dev console and the CDK construct (`ProcessSource.fromFiles`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { SourceFile } from '../compiler/parser/index.ts';

/** A path that names no file, or a directory with no inputs under it. The CLI prints it as a usage error. */
export class SourceFilesError extends Error {
  override readonly name = 'SourceFilesError';
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'cdk.out']);

const isInput = (name: string): boolean => name.endsWith('.dsl') || name === 'processes.json';

/**
 * The inputs named by `paths`: files as given, and every `*.dsl` and `processes.json` below a
 * directory (sorted). Names are reported as the user wrote them (relative to cwd when relative).
 */
export function collectInputs(paths: readonly string[], cwd: string): SourceFile[] {
  const files: SourceFile[] = [];
  const seen = new Set<string>();
  for (const given of paths) {
    const absolute = resolve(cwd, given);
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(absolute);
    } catch {
      throw new SourceFilesError(`no such file or directory: ${given}`);
    }
    const found = stat.isDirectory() ? walk(absolute) : [absolute];
    if (found.length === 0) throw new SourceFilesError(`no .dsl or processes.json files under ${given}`);
    for (const path of found) {
      if (seen.has(path)) continue;
      seen.add(path);
      const name = path === absolute ? given : displayName(given, absolute, path);
      files.push({ name, text: readFileSync(path, 'utf8') });
    }
  }
  return files;
}

function displayName(given: string, root: string, path: string): string {
  const rel = relative(root, path);
  return isAbsolute(given) ? path : join(given, rel);
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...walk(path));
    } else if (isInput(entry.name)) out.push(path);
  }
  return out;
}

/** The text of each input by name, for caret lines. */
export const textsByName = (files: readonly SourceFile[]): Map<string, string> =>
  new Map(files.map((f) => [f.name, f.text]));
