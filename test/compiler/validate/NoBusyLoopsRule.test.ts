import { describe, it } from 'vitest';
import { NoBusyLoopsRule } from '../../../compiler/validate/rules/NoBusyLoopsRule.ts';
import { at, dsl, harnessFor } from './harness.ts';

const { expectValid, expectErrors } = harnessFor(NoBusyLoopsRule);

describe('NoBusyLoopsRule', () => {
  it('accepts a loop that waits', () => {
    expectValid(dsl`
      process p "P":
        steps:
          - step poll:
              service: status
          - step ready:
              condition: poll.done == true
              on_true: complete
          - step pause:
              wait: 5m
              goto: poll
    `);
  });

  it('accepts a loop through a human task', () => {
    expectValid(dsl`
      process p "P":
        steps:
          - step draft:
              service: write
          - step review:
              human_task:
                surface: review
                outcomes:
                  - approve "Approve":
                      goto: complete
                  - redo "Redo":
                      goto: draft
    `);
  });

  it('reports a loop with no pause once, at the jump back', () => {
    const source = dsl`
      process p "P":
        steps:
          - step poll:
              service: status
          - step ready:
              condition: poll.done == true
              on_true: complete
              on_false: poll
    `;
    expectErrors(source, [at('DZ308', source, 'poll', 3)]);
  });

  it('reports a retry loop through on_failure and a step jumping to itself', () => {
    const source = dsl`
      process p "P":
        steps:
          - step call:
              service: flaky
              on_failure: call
          - step spin:
              service: s
              on_success: spin
    `;
    expectErrors(
      source,
      [at('DZ308', source, 'on_failure: call'), at('DZ308', source, 'on_success: spin')].map((e, i) => ({
        ...e,
        column: e.column + (i === 0 ? 'on_failure: ' : 'on_success: ').length,
      })),
    );
  });
});
