import { describe, expect, it } from 'vitest';
import { TimeoutsRule } from '../../../compiler/validate/rules/TimeoutsRule.ts';
import { at, dsl, harnessFor } from './harness.ts';
import { processOf, step } from './ir.ts';

const { expectValid, expectErrors, codesOfIR } = harnessFor(TimeoutsRule);

describe('TimeoutsRule', () => {
  it('accepts steps that fit, and a signal wait whatever the process timeout', () => {
    expectValid(dsl`
      process p "P":
        steps:
          - step a:
              service: s
              timeout: 2h
          - step paid:
              wait: payment_received
          - step review:
              human_task:
                surface: review
                timeout: 1d
        timeout: 1d
    `);
  });

  it('warns about a step, a wait and a human task longer than the process', () => {
    const source = dsl`
      process p "P":
        steps:
          - step a:
              service: s
              timeout: 3h
          - step pause:
              wait: 2d
          - step review:
              human_task:
                surface: review
                timeout: 7d
        timeout: 2h
    `;
    const found = expectErrors(source, [
      at('DZ314', source, '3h'),
      at('DZ314', source, '2d'),
      at('DZ314', source, '7d'),
    ]);
    expect(found.every((d) => d.severity === 'warning')).toBe(true);
  });

  it('compares with the schedule timeout too', () => {
    const source = dsl`
      schedule s "S":
        interval: 5m
        steps:
          - step a:
              service: s
              timeout: 2h
        timeout: 1h
    `;
    expectErrors(source, [at('DZ314', source, '2h')]);
  });

  it('does not compare with a timeout given as a deploy-time param()', () => {
    expectValid(dsl`
      schedule s "S":
        interval: 5m
        steps:
          - step a:
              service: s
              timeout: 2h
        timeout: param("sync_timeout")
    `);
  });

  it('reports durations that are not positive (from IR)', () => {
    const ir = {
      processes: [processOf([step('a', { timeout_seconds: 0 })])],
      schedules: [],
      stories: [],
    };
    expect(codesOfIR(ir)).toEqual(['DZ322']);
  });
});
