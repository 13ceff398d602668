import { describe, it } from 'vitest';
import { FailFastCompensationsRule } from '../../../compiler/validate/rules/FailFastCompensationsRule.ts';
import { at, dsl, harnessFor } from './harness.ts';

const { expectValid, expectErrors } = harnessFor(FailFastCompensationsRule);

describe('FailFastCompensationsRule', () => {
  it('accepts compensable steps in rollback and wait_all parallels and at the top', () => {
    expectValid(dsl`
      process p "P":
        steps:
          - step charge:
              service: payments
              compensate: refund
          - parallel both:
              - step reserve:
                  service: stock
                  compensate: release
              on_any_failure: rollback
          - parallel all:
              - step hold:
                  service: stock
                  compensate: release
              on_any_failure: wait_all
    `);
  });

  it('warns at compensate in a fail_fast parallel, also nested deeper', () => {
    const source = dsl`
      process p "P":
        steps:
          - parallel both:
              - step reserve:
                  service: stock
                  compensate: release
              - step each:
                  foreach: input.items
                  steps:
                    - step hold:
                        service: stock
                        compensate: release
              on_any_failure: fail_fast
    `;
    expectErrors(source, [at('DZ325', source, 'release'), at('DZ325', source, 'release', 2)]);
  });
});
