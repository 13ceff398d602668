import { describe, it } from 'vitest';
import { ScheduleFrequencyRule } from '../../../compiler/validate/rules/ScheduleFrequencyRule.ts';
import { at, dsl, harnessFor } from './harness.ts';

const { expectValid, expectErrors } = harnessFor(ScheduleFrequencyRule);

describe('ScheduleFrequencyRule', () => {
  it('accepts one of cron and interval, in whole minutes', () => {
    expectValid(dsl`
      schedule a "A":
        cron: "0 8 * * *"
        steps:
          - step x:
              service: s
      schedule b "B":
        interval: 2h
        steps:
          - step x:
              service: s
      process c "C":
        trigger: interval 5m
        steps:
          - step x:
              service: s
    `);
  });

  it('reports neither, both, and intervals EventBridge Scheduler cannot run', () => {
    const source = dsl`
      schedule neither "Neither":
        steps:
          - step x:
              service: s
      schedule both "Both":
        cron: "0 8 * * *"
        interval: 1h
        steps:
          - step x:
              service: s
      schedule seconds "Seconds":
        interval: 90s
        steps:
          - step x:
              service: s
      process c "C":
        trigger:
          when: interval 30s
        steps:
          - step x:
              service: s
    `;
    expectErrors(source, [
      at('DZ318', source, 'schedule neither'),
      at('DZ318', source, '1h'),
      at('DZ319', source, '90s'),
      at('DZ319', source, '30s'),
    ]);
  });
});
