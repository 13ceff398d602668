import { describe, expect, it } from 'vitest';
import type { StepScope } from '../../../compiler/validate/context.ts';
import { cyclesOf, successorsOf } from '../../../compiler/validate/flow.ts';
import { step } from './ir.ts';

describe('flow', () => {
  it('finds each cycle once, self-loops included, and no acyclic part', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['a', 'c']],
      ['c', ['d']],
      ['d', ['d']],
      ['e', ['a']],
    ]);
    expect(cyclesOf(graph).map((cycle) => [...cycle].sort())).toEqual([['d'], ['a', 'b']]);
  });

  it('continues with on_success, else the next step, else complete; never between parallel branches', () => {
    const steps = [step('a', { on_success: 'c', on_failure: 'fail' }), step('b'), step('c')];
    const root: StepScope = { kind: 'root', steps, outer: [] };
    expect(successorsOf(steps[0], root, 0)).toEqual(['c', 'fail']);
    expect(successorsOf(steps[1], root, 1)).toEqual(['c']);
    expect(successorsOf(steps[2], root, 2)).toEqual(['complete']);
    expect(successorsOf(steps[1], { ...root, kind: 'parallel' }, 1)).toEqual(['complete']);
  });
});
