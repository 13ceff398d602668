import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../compiler/ir/types.ts';
import { RetrySettingsRule } from '../../../compiler/validate/rules/RetrySettingsRule.ts';
import { at, dsl, harnessFor } from './harness.ts';
import { processOf, step } from './ir.ts';

const { expectValid, expectErrors, codesOfIR } = harnessFor(RetrySettingsRule);

describe('RetrySettingsRule', () => {
  it('accepts sane settings', () => {
    expectValid(dsl`
      process p "P":
        steps:
          - step a:
              service: s
              retry:
                max_attempts: 1
                backoff: linear
                interval: 1s
                backoff_coefficient: 1
                max_interval: 5m
    `);
  });

  it('reports zero attempts and a coefficient below 1 at their lines', () => {
    const source = dsl`
      process p "P":
        steps:
          - step a:
              service: s
              retry:
                max_attempts: 0
                backoff_coefficient: 0.5
    `;
    expectErrors(source, [at('DZ313', source, '0', 1), at('DZ313', source, '0.5')]);
  });

  it('reports non-positive intervals from IR, in steps and compensations', () => {
    const retry = { ...DEFAULTS.retry, initial_interval_seconds: 0, max_interval_seconds: -1 };
    const process = processOf([step('a', { retry })], {
      compensations: [{ name: 'undo', service: 's', inputs: [], timeout_seconds: 30, retry }],
    });
    expect(codesOfIR({ processes: [process], schedules: [], stories: [] })).toEqual([
      'DZ313',
      'DZ313',
      'DZ313',
      'DZ313',
    ]);
  });
});
