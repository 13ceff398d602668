import { describe, expect, it } from 'vitest';
import { OutcomeNamesRule } from '../../../compiler/validate/rules/OutcomeNamesRule.ts';
import { at, dsl, harnessFor } from './harness.ts';
import { processOf, step } from './ir.ts';

const { expectValid, expectErrors, codesOfIR } = harnessFor(OutcomeNamesRule);

/** SendTaskFailure's `error` is at most 256 characters; `HumanTask.Outcome.` takes 18 of them. */
const task = (name: string) => dsl`
  process p "P":
    steps:
      - step review:
          human_task:
            surface: review
            outcomes:
              - approve "Approve":
                  goto: complete
              - ${name} "Other":
                  goto: fail
`;

describe('OutcomeNamesRule', () => {
  it('accepts an outcome name of 238 characters (its error is exactly 256)', () => {
    expectValid(task(`r${'e'.repeat(237)}`));
  });

  it('reports one of 239 characters at the outcome', () => {
    const name = `r${'e'.repeat(238)}`;
    const source = task(name);
    expectErrors(source, [at('DZ326', source, name)]);
  });

  it.each(['"__proto__"', '"needs review"', 'needs-review', '_hidden', '2nd'])(
    'reports %s (not an identifier) at the outcome',
    (name) => {
      const source = task(name);
      expectErrors(source, [at('DZ327', source, name)]);
    },
  );

  it('accepts letters, digits and _ after a first letter', () => {
    expectValid(task('Send_back2'));
  });

  it('reports a processes.json outcome named __proto__', () => {
    const review = step('review', {
      kind: 'human_task',
      human_task: {
        timeout_seconds: 60,
        outcomes: [
          { name: 'approve', label: 'Approve', sets: [], goto: 'complete', style: 'primary' },
          { name: '__proto__', label: 'Other', sets: [], goto: 'fail', style: 'primary' },
        ],
      },
    });
    expect(codesOfIR({ processes: [processOf([review])], schedules: [], stories: [] })).toEqual(['DZ327']);
  });
});
