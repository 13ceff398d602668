import { describe, it } from 'vitest';
import { ReachableStepsRule } from '../../../compiler/validate/rules/ReachableStepsRule.ts';
import { at, dsl, harnessFor } from './harness.ts';

const { expectValid, expectErrors } = harnessFor(ReachableStepsRule);

describe('ReachableStepsRule', () => {
  it('follows next steps, jumps, on_failure, condition branches and outcome gotos', () => {
    expectValid(dsl`
      process p "P":
        steps:
          - step review:
              human_task:
                surface: review
                outcomes:
                  - approve "Approve":
                      goto: check
                  - reject "Reject":
                      goto: rejected
          - step check:
              condition: input.amount > 100
              on_true: big
          - step small:
              service: s
              on_success: complete
          - step big:
              service: s
              goto: complete
              on_failure: recover
          - step recover:
              service: s
              goto: fail
          - step rejected:
              service: s
    `);
  });

  it('reports a step after one that always jumps elsewhere', () => {
    const source = dsl`
      process p "P":
        steps:
          - step first:
              service: s
              on_success: last
          - step skipped:
              service: s
          - step last:
              service: s
    `;
    expectErrors(source, [at('DZ307', source, 'skipped')]);
  });

  it('reports a run of unreachable steps once, at its first step', () => {
    const source = dsl`
      process p "P":
        steps:
          - step first:
              service: s
              on_success: complete
          - step second:
              service: s
          - step third:
              service: s
    `;
    expectErrors(source, [at('DZ307', source, 'second')]);
  });

  it('reports steps after a condition whose branches both jump past them', () => {
    const source = dsl`
      process p "P":
        steps:
          - step check:
              condition: input.x == 1
              on_true: done
              on_false: complete
          - step orphan:
              service: s
          - step done:
              service: s
    `;
    expectErrors(source, [at('DZ307', source, 'orphan')]);
  });

  it('reports the steps after a human task whose outcomes all end the process', () => {
    const source = dsl`
      process p "P":
        steps:
          - step review:
              human_task:
                surface: review
                outcomes:
                  - approve "Approve":
                      goto: complete
                  - reject "Reject":
                      goto: fail
          - step after:
              service: s
    `;
    expectErrors(source, [at('DZ307', source, 'after')]);
  });

  it('continues after a human task without outcomes', () => {
    expectValid(dsl`
      process p "P":
        steps:
          - step review:
              human_task:
                surface: review
          - step after:
              service: s
    `);
  });

  it('checks inside foreach bodies, never between parallel branches', () => {
    const source = dsl`
      process p "P":
        input:
          orders: json
        steps:
          - parallel both:
              - step left:
                  service: s
                  on_success: complete
              - step right:
                  service: s
          - step each:
              foreach: orders
              steps:
                - step ship:
                    service: s
                    goto: complete
                - step unreached:
                    service: s
    `;
    expectErrors(source, [at('DZ307', source, 'unreached')]);
  });
});
