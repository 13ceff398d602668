import { describe, expect, it } from 'vitest';
import { TimezonesRule } from '../../../compiler/validate/rules/TimezonesRule.ts';
import { at, dsl, harnessFor } from './harness.ts';

const { expectValid, expectErrors } = harnessFor(TimezonesRule);

describe('TimezonesRule', () => {
  it('accepts IANA names, the UTC default and a param()', () => {
    expectValid(dsl`
      schedule a "A":
        cron: "0 8 * * *"
        timezone: "Europe/London"
        steps:
          - step x:
              service: s
      schedule b "B":
        cron: "0 8 * * *"
        timezone: param("tz")
        steps:
          - step x:
              service: s
      process c "C":
        trigger:
          when: cron "0 8 * * *"
          timezone: "America/New_York"
        steps:
          - step x:
              service: s
    `);
  });

  it('reports unknown zones of schedules and triggers, inside the quotes', () => {
    const source = dsl`
      schedule a "A":
        cron: "0 8 * * *"
        timezone: "Europe/Londn"
        steps:
          - step x:
              service: s
      process c "C":
        trigger:
          when: cron "0 8 * * *"
          timezone: "Mars/Olympus"
        steps:
          - step x:
              service: s
    `;
    const [londn] = expectErrors(source, [at('DZ520', source, 'Europe/Londn'), at('DZ520', source, 'Mars')]);
    expect(londn.message).toContain('Europe/London');
  });
});
