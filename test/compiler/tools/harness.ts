import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { checkSources, loadSources } from '../../../compiler/frontend.ts';
import type { AppIR } from '../../../compiler/ir/types.ts';
import type { SourceFile } from '../../../compiler/parser/index.ts';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** Our own small apps (`helpdesk` → helpdesk.*.dsl), in Dazzle's file layout. */
export const FIXTURE_APPS = join(REPO, 'test/fixtures/apps');
export const EXAMPLES = join(REPO, 'examples/dsl');

/** Removes the common leading indentation of a template literal. */
export function dsl(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const lines = text.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** The IR of DSL (and processes.json) texts; fails the test on any error. */
export function app(...files: (string | SourceFile)[]): AppIR {
  const sources = files.map((f, i) => (typeof f === 'string' ? { name: `t${i}.dsl`, text: f } : f));
  const { ir, diagnostics } = checkSources(sources);
  expect(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return ir;
}

/** The IR of files that may have validation errors (parsing only). */
export const parsedApp = (files: SourceFile[]): AppIR => loadSources(files).ir;

/** The files of one app of `dir` (`helpdesk` → helpdesk.*.dsl). */
export function appFiles(appName: string, dir = FIXTURE_APPS): SourceFile[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${appName}.`) && f.endsWith('.dsl'))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
}

/** The examples of Dazzle's Processes docs page, one file. */
export const docsFiles = (): SourceFile[] => [
  {
    name: 'processes.dsl',
    text: readFileSync(join(REPO, 'test/fixtures/dazzle-docs/processes.dsl'), 'utf8'),
  },
];

export function exampleFiles(): SourceFile[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.dsl'))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(EXAMPLES, f), 'utf8') }));
}

/** The apps of `dir` that have stories. */
export const storyApps = (dir = FIXTURE_APPS): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.stories.dsl'))
    .map((f) => f.replace(/\.stories\.dsl$/, ''))
    .sort();
