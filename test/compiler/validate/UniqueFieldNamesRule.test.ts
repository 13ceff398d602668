import { describe, it } from 'vitest';
import { UniqueFieldNamesRule } from '../../../compiler/validate/rules/UniqueFieldNamesRule.ts';
import { at, dsl, harnessFor } from './harness.ts';

const { expectValid, expectErrors } = harnessFor(UniqueFieldNamesRule);

describe('UniqueFieldNamesRule', () => {
  it('accepts distinct inputs, outputs, outcomes and form fields', () => {
    expectValid(dsl`
      process p "P":
        input:
          order_id: uuid required
          note: str
        output:
          note: str
        steps:
          - step review:
              human_task:
                surface: review
                form:
                  approved: bool required
                  note: text
                outcomes:
                  - approve "Approve":
                      goto: complete
                  - reject "Reject":
                      goto: fail
    `);
  });

  it('reports repeated inputs, outputs, outcomes and form fields', () => {
    const source = dsl`
      process p "P":
        input:
          order_id: uuid required
          order_id: str
        output:
          total: int
          total: int
        steps:
          - step review:
              human_task:
                surface: review
                form:
                  approved: bool required
                  approved: bool
                outcomes:
                  - approve "Approve":
                      goto: complete
                  - approve "Approve again":
                      goto: fail
    `;
    expectErrors(source, [
      at('DZ306', source, 'order_id', 2),
      at('DZ306', source, 'total', 2),
      at('DZ306', source, 'approved', 2),
      at('DZ306', source, 'approve "Approve again"'),
    ]);
  });
});
