import { describe, it } from 'vitest';
import { UniqueCompensationNamesRule } from '../../../compiler/validate/rules/UniqueCompensationNamesRule.ts';
import { at, dsl, harnessFor } from './harness.ts';

const { expectValid, expectErrors } = harnessFor(UniqueCompensationNamesRule);

describe('UniqueCompensationNamesRule', () => {
  it('accepts distinct names', () => {
    expectValid(dsl`
      process p "P":
        steps:
          - step a:
              service: s
        compensations:
          - undo_a:
              service: s
          - undo_b:
              service: s
    `);
  });

  it('reports the second of two compensations with one name', () => {
    const source = dsl`
      process p "P":
        steps:
          - step a:
              service: s
        compensations:
          - undo:
              service: s
          - undo:
              service: t
    `;
    expectErrors(source, [at('DZ305', source, 'undo', 2)]);
  });
});
