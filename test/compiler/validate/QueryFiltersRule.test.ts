import { describe, expect, it } from 'vitest';
import { QueryFiltersRule } from '../../../compiler/validate/rules/QueryFiltersRule.ts';
import { at, dsl, harnessFor } from './harness.ts';

const { expectValid, expectErrors } = harnessFor(QueryFiltersRule);

describe('QueryFiltersRule', () => {
  it('accepts plain fields and every known operator', () => {
    expectValid(dsl`
      process p "P":
        steps:
          - step find:
              query: Task
              filter:
                status: open
                due_date__lt: today
                status__not_in: [done, cancelled]
                title__icontains: urgent
                owner__isnull: true
              limit: 10
    `);
  });

  it('reports an unknown operator and lists the known ones', () => {
    const source = dsl`
      process p "P":
        steps:
          - step find:
              query: Task
              filter:
                due_date__before: today
                status__notin: [done]
    `;
    const [before, notin] = expectErrors(source, [
      at('DZ316', source, 'due_date__before'),
      at('DZ316', source, 'status__notin'),
    ]);
    expect(before.message).toContain('eq ne gt gte lt lte in not_in contains icontains isnull');
    expect(notin.message).toContain('Did you mean "not_in"?');
  });
});
