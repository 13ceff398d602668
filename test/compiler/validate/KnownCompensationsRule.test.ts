import { describe, expect, it } from 'vitest';
import { KnownCompensationsRule } from '../../../compiler/validate/rules/KnownCompensationsRule.ts';
import { at, dsl, harnessFor } from './harness.ts';

const { expectValid, expectErrors } = harnessFor(KnownCompensationsRule);

describe('KnownCompensationsRule', () => {
  it('accepts a declared compensation, also through compensate_with and in a parallel', () => {
    expectValid(dsl`
      process p "P":
        steps:
          - step charge:
              service: payments
              compensate: refund
          - parallel both:
              - step reserve:
                  service: stock
                  compensate_with: release
        compensations:
          - refund:
              service: payments
          - release:
              service: stock
    `);
  });

  it('warns that an undeclared one becomes an implicit service call', () => {
    const source = dsl`
      process p "P":
        steps:
          - step charge:
              service: payments
              compensate: refund_payment
        compensations:
          - refund_payments:
              service: payments
    `;
    const [found] = expectErrors(source, [at('DZ301', source, 'refund_payment')]);
    expect(found.severity).toBe('warning');
    expect(found.message).toContain('Did you mean "refund_payments"?');
  });
});
