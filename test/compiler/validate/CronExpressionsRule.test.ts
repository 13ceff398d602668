import { describe, it } from 'vitest';
import { CronExpressionsRule } from '../../../compiler/validate/rules/CronExpressionsRule.ts';
import { at, dsl, harnessFor } from './harness.ts';

const { expectValid, expectErrors } = harnessFor(CronExpressionsRule);

describe('CronExpressionsRule', () => {
  it('accepts Unix cron, names, a param() and a dom+dow pair (the compiler reports that split)', () => {
    expectValid(dsl`
      schedule a "A":
        cron: "0 9 * * MON"
        steps:
          - step x:
              service: s
      schedule b "B":
        cron: param("nightly_cron")
        steps:
          - step x:
              service: s
      schedule c "C":
        cron: "0 8 1 * 1"
        steps:
          - step x:
              service: s
      process d "D":
        trigger:
          when: cron "*/15 * * * *"
        steps:
          - step x:
              service: s
    `);
  });

  it('reports the bad field of a schedule and of a cron trigger', () => {
    const source = dsl`
      schedule a "A":
        cron: "0 25 * * *"
        steps:
          - step x:
              service: s
      schedule b "B":
        cron: "0 8 * *"
        steps:
          - step x:
              service: s
      process d "D":
        trigger: cron "0 8 * * FUN"
        steps:
          - step x:
              service: s
    `;
    expectErrors(source, [
      at('DZ511', source, '25'),
      at('DZ510', source, '0 8 * *"'),
      at('DZ511', source, 'FUN'),
    ]);
  });
});
