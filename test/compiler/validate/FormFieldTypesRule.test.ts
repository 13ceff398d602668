import { describe, it } from 'vitest';
import { FormFieldTypesRule } from '../../../compiler/validate/rules/FormFieldTypesRule.ts';
import { at, dsl, harnessFor } from './harness.ts';

const { expectValid, expectErrors } = harnessFor(FormFieldTypesRule);

describe('FormFieldTypesRule', () => {
  it('accepts Dazzle field types, with their arguments', () => {
    expectValid(dsl`
      process p "P":
        steps:
          - step review:
              human_task:
                surface: review
                form:
                  approved: bool required
                  notes: text
                  title: str(200)
                  amount: decimal(10,2)
                  level: enum[low,high]
                  owner: ref User
                  due: date
    `);
  });

  it('warns about unknown types', () => {
    const source = dsl`
      process p "P":
        steps:
          - step review:
              human_task:
                surface: review
                form:
                  approved: boolean required
                  size: integer
    `;
    expectErrors(source, [at('DZ315', source, 'boolean'), at('DZ315', source, 'integer')]);
  });
});
