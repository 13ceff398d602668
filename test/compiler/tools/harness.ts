import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { checkSources, loadSources } from '../../../compiler/frontend.ts';
import type { AppIR } from '../../../compiler/ir/types.ts';
import type { SourceFile } from '../../../compiler/parser/index.ts';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const CORPUS = resolve(REPO, '../shared/corpus/dazzle');
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

/** The files of one corpus app (`simple_task` → simple_task.*.dsl). */
export function corpusFiles(appName: string): SourceFile[] {
  return readdirSync(CORPUS)
    .filter((f) => f.startsWith(`${appName}.`) && f.endsWith('.dsl'))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(CORPUS, f), 'utf8') }));
}

export function exampleFiles(): SourceFile[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.dsl'))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(EXAMPLES, f), 'utf8') }));
}

/** Corpus apps that have stories. */
export const CORPUS_STORY_APPS = (): string[] =>
  readdirSync(CORPUS)
    .filter((f) => f.endsWith('.stories.dsl'))
    .map((f) => f.replace(/\.stories\.dsl$/, ''))
    .sort();
