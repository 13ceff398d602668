import { describe, it } from 'vitest';
import { OutcomeNamesRule } from '../../../compiler/validate/rules/OutcomeNamesRule.ts';
import { at, dsl, harnessFor } from './harness.ts';

const { expectValid, expectErrors } = harnessFor(OutcomeNamesRule);

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
});
