import { describe, expect, it } from 'vitest';
import { KnownJumpTargetsRule } from '../../../compiler/validate/rules/KnownJumpTargetsRule.ts';
import { at, dsl, harnessFor } from './harness.ts';

const { expectValid, expectErrors } = harnessFor(KnownJumpTargetsRule);

describe('KnownJumpTargetsRule', () => {
  it('accepts steps of the same scope, complete and fail', () => {
    expectValid(dsl`
      process p "P":
        trigger:
          when: manual
        steps:
          - step check:
              condition: input.amount > 10
              on_true: big
              on_false: complete
          - step big:
              service: charge
              on_success: small
              on_failure: fail
          - step small:
              service: charge
              goto: complete
    `);
  });

  it('reports an unknown on_failure at the name', () => {
    const source = dsl`
      process p "P":
        steps:
          - step create_shipment:
              service: ship
              on_success: notify_customer
              on_failure: escalate_to_support
          - step notify_customer:
              channel: notifications
              message: Shipped
    `;
    expectErrors(source, [at('DZ300', source, 'escalate_to_support')]);
  });

  it('reports every kind of jump: on_success, goto, on_true, on_false, outcome goto', () => {
    const source = dsl`
      process p "P":
        steps:
          - step a:
              service: s
              on_success: nowhere
          - step b:
              condition: input.x == 1
              on_true: also_nowhere
              on_false: still_nowhere
          - step c:
              human_task:
                surface: review
                outcomes:
                  - approve "Approve":
                      goto: missing_step
                  - reject "Reject":
                      goto: fail
          - step d:
              service: s
              goto: gone
    `;
    expectErrors(source, [
      at('DZ300', source, 'nowhere'),
      at('DZ300', source, 'also_nowhere'),
      at('DZ300', source, 'still_nowhere'),
      at('DZ300', source, 'missing_step'),
      at('DZ300', source, 'gone'),
    ]);
  });

  it('suggests a near name', () => {
    const source = dsl`
      process p "P":
        steps:
          - step a:
              service: s
              on_success: notify_custmer
          - step notify_customer:
              service: s
    `;
    const [found] = expectErrors(source, [at('DZ300', source, 'notify_custmer')]);
    expect(found.message).toContain('Did you mean "notify_customer"?');
  });

  it('does not let a parallel branch jump to a step outside the parallel', () => {
    const source = dsl`
      process p "P":
        steps:
          - parallel both:
              - step left:
                  service: s
                  on_failure: cleanup
              - step right:
                  service: s
              on_any_failure: wait_all
          - step cleanup:
              service: s
    `;
    expectErrors(source, [at('DZ300', source, 'cleanup')]);
  });

  it('does not let a parallel branch jump to a sibling branch', () => {
    const source = dsl`
      process p "P":
        steps:
          - parallel both:
              - step left:
                  service: s
                  on_success: right
              - step right:
                  service: s
                  on_failure: fail
    `;
    expectErrors(source, [at('DZ300', source, 'right', 1)]);
  });
});
