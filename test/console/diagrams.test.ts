/**
 * The console's flow pictures come from the IR of the compile being run, never from re-reading the
 * sources: a program that exists only in memory is drawn, and a new IR (a reload) is drawn anew.
 */
import { describe, expect, it } from 'vitest';
import { checkSources } from '../../compiler/frontend.ts';
import { diagramsFor } from '../../local/console/diagrams.ts';

const program = (step: string) =>
  checkSources([
    {
      name: 'in-memory.dsl',
      text: `process p:\n  trigger: manual\n  steps:\n    - step ${step}:\n        service: a\n`,
    },
  ]).ir;

describe('console diagrams', () => {
  it('draws the IR it is given, with no source files on disk', () => {
    const diagrams = diagramsFor(program('first'));
    expect([...diagrams.keys()]).toEqual(['process-p']);
    expect(diagrams.get('process-p')?.svg).toContain('<svg');
    expect(Object.keys(diagrams.get('process-p')?.nodes ?? {})).toContain('first');
  });

  it('draws a reloaded program anew and nothing without an IR', () => {
    expect(Object.keys(diagramsFor(program('second')).get('process-p')?.nodes ?? {})).toContain('second');
    expect(diagramsFor(undefined).size).toBe(0);
  });
});
