import { describe, it } from 'vitest';
import { UniqueStepNamesRule } from '../../../compiler/validate/rules/UniqueStepNamesRule.ts';
import { at, dsl, harnessFor } from './harness.ts';

const { expectValid, expectErrors } = harnessFor(UniqueStepNamesRule);

describe('UniqueStepNamesRule', () => {
  it('accepts distinct names, and the same name in two processes', () => {
    expectValid(dsl`
      process p "P":
        steps:
          - step work:
              service: s
      process q "Q":
        steps:
          - step work:
              service: s
    `);
  });

  it('reports a repeated name, also across nesting', () => {
    const source = dsl`
      process p "P":
        steps:
          - step work:
              service: s
          - parallel both:
              - step work:
                  service: s
              - step both:
                  service: s
    `;
    expectErrors(source, [at('DZ304', source, 'work', 2), at('DZ304', source, 'both', 2)]);
  });

  it('reports a step named like a terminal', () => {
    const source = dsl`
      process p "P":
        steps:
          - step complete:
              service: s
    `;
    expectErrors(source, [at('DZ324', source, 'complete')]);
  });
});
