import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.ts';
import { SourceMap } from '../../compiler/ir/locations.ts';
import type { AppIR } from '../../compiler/ir/types.ts';
import { parseSource } from '../../compiler/parser/index.ts';
import { validateApp } from '../../compiler/validate/index.ts';
import { dazzleCorpus } from './corpus.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = dazzleCorpus();

/**
 * Validates every `.dsl` file of `dir` as one input, the way the front end does. The corpus holds several apps whose story ids
 * overlap, so each definition belongs to the app of its file's `module` (else the file itself).
 */
function validateFolder(dir: string): Diagnostic[] {
  const sourceMap = new SourceMap();
  const ir: AppIR = { processes: [], schedules: [], stories: [] };
  const apps = new WeakMap<object, string>();
  const names = readdirSync(dir).filter((f) => f.endsWith('.dsl'));
  expect(names.length).toBeGreaterThan(0);
  for (const name of names.sort()) {
    const parsed = parseSource({ name, text: readFileSync(resolve(dir, name), 'utf8') }, sourceMap);
    const app = parsed.module?.split('.')[0] ?? name;
    for (const node of [...parsed.ir.processes, ...parsed.ir.schedules, ...parsed.ir.stories])
      apps.set(node, app);
    ir.processes.push(...parsed.ir.processes);
    ir.schedules.push(...parsed.ir.schedules);
    ir.stories.push(...parsed.ir.stories);
  }
  return validateApp(ir, sourceMap, {
    storiesLoaded: ir.stories.length > 0,
    appOf: (node) => apps.get(node) ?? '',
  });
}

const placesOf = (found: readonly Diagnostic[]): string[] =>
  found.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`);

describe('validation of real inputs', () => {
  it('finds exactly the real problems of the Dazzle corpus, each checked by reading the file', () => {
    expect(placesOf(validateFolder(corpus))).toEqual([
      // fixture_pra, process order_fulfillment: `on_failure: escalate_to_support` names no step.
      'fixture_pra.processes.dsl:137:21 DZ300',
    ]);
  });

  it('finds no errors in the example app', () => {
    const errors = validateFolder(resolve(repoRoot, 'examples/dsl')).filter((d) => d.severity === 'error');
    expect(placesOf(errors)).toEqual([]);
  });
});
