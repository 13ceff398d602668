import { describe, expect, it } from 'vitest';
import type { AppIR, ProcessStep } from '../../../compiler/ir/types.ts';
import { StepKindsRule } from '../../../compiler/validate/rules/StepKindsRule.ts';
import { at, dsl, harnessFor } from './harness.ts';
import { processOf, step } from './ir.ts';

const { expectValid, expectErrors, codesOfIR } = harnessFor(StepKindsRule);

describe('StepKindsRule', () => {
  it('accepts every kind written in the Dazzle and the documentation form', () => {
    expectValid(dsl`
      process p "P":
        steps:
          - step a:
              service: s
          - name: b
            kind: send
            channel: email
            message: Hello
          - step c:
              wait: 1h
          - step d:
              wait: paid
    `);
  });

  it('reports a step with no kind-setting field', () => {
    const source = dsl`
      process p "P":
        steps:
          - step nothing:
              timeout: 30s
    `;
    expectErrors(source, [at('DZ309', source, 'nothing')]);
  });

  it('reports IR steps with no kind, an unknown kind, or without the field their kind needs', () => {
    const kindless = { ...step('a'), kind: undefined } as unknown as ProcessStep;
    const unknown = { ...step('b'), kind: 'servise' } as unknown as ProcessStep;
    const serviceless = { ...step('c'), service: '' } as ProcessStep;
    const ir: AppIR = {
      processes: [processOf([kindless, unknown, serviceless])],
      schedules: [],
      stories: [],
    };
    expect(codesOfIR(ir)).toEqual(['DZ309', 'DZ309', 'DZ310']);
  });
});
