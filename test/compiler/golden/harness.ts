import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { aslFileName, type CompileResult } from '../../../compiler/index.ts';
import type { SourceFile } from '../../../compiler/parser/index.ts';
import { aslValidator } from '../../../host/asl-validator.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const GOLDEN_DIR = join(ROOT, 'test/compiler/golden');
export const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** The `.dsl` files of a directory as compile inputs (names relative to the directory). */
export function dslFiles(dir: string, filter: (name: string) => boolean = () => true): SourceFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.dsl') && filter(f))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
}

/** Asserts (or with UPDATE_GOLDEN=1 rewrites) every artifact against `dir`, exactly. */
export function expectGolden(result: CompileResult, dir: string): void {
  const artifacts = result.artifacts;
  expect(artifacts, JSON.stringify(result.diagnostics, null, 2)).toBeDefined();
  if (!artifacts) return;
  const expected = new Map<string, string>([
    ...Object.entries(artifacts.asl).map(([name, text]) => [aslFileName(name), text] as [string, string]),
    ['manifest.json', artifacts.manifestText],
  ]);
  if (UPDATE) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of expected) writeFileSync(join(dir, file), text);
    return;
  }
  expect(existsSync(dir), `${dir} missing: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(readdirSync(dir).sort()).toEqual([...expected.keys()].sort());
  for (const [file, text] of expected) expect(text, file).toBe(readFileSync(join(dir, file), 'utf8'));
}

/** asl-validator on a copy (it mutates its argument). */
export function expectValidAsl(name: string, text: string): void {
  const result = aslValidator()(JSON.parse(text));
  expect(result.isValid, `${name}: ${result.errorsText('\n')}`).toBe(true);
}
