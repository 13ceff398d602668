import { describe, expect, it } from 'vitest';
import type { ProcessStep } from '../../../compiler/ir/types.ts';
import { ForeachSourcesRule } from '../../../compiler/validate/rules/ForeachSourcesRule.ts';
import { at, dsl, harnessFor } from './harness.ts';
import { processOf, step } from './ir.ts';

const { expectValid, expectErrors, codesOfIR } = harnessFor(ForeachSourcesRule);

describe('ForeachSourcesRule', () => {
  it('accepts earlier steps, output mappings, inputs, trigger data and an outer item', () => {
    expectValid(dsl`
      process p "P":
        input:
          orders: json
        steps:
          - step find:
              query: Order
          - step load:
              service: s
              output: batch
          - step by_step:
              foreach: find
              steps:
                - step lines:
                    foreach: item.lines
                    steps:
                      - step ship:
                          service: s
          - step by_output:
              foreach: batch.items
              concurrency: 0
              steps:
                - step a:
                    service: s
          - step by_input:
              foreach: input.orders
              steps:
                - step b:
                    service: s
          - step by_bare_input:
              foreach: orders
              steps:
                - step c:
                    service: s
          - step by_trigger:
              foreach: trigger.lines
              steps:
                - step d:
                    service: s
    `);
  });

  it('reports a later step, an unknown name and an undeclared input', () => {
    const source = dsl`
      process p "P":
        input:
          orders: json
        steps:
          - step early:
              foreach: late
              steps:
                - step a:
                    service: s
          - step late:
              query: Order
          - step unknown:
              foreach: ordres
              steps:
                - step b:
                    service: s
          - step undeclared:
              foreach: input.lines
              steps:
                - step c:
                    service: s
    `;
    expectErrors(source, [
      at('DZ312', source, 'late', 1),
      at('DZ312', source, 'ordres'),
      at('DZ312', source, 'input.lines'),
    ]);
  });

  it('reports a negative concurrency (the DSL cannot write one; processes.json can)', () => {
    const each = step('each', {
      kind: 'foreach',
      foreach_source: 'orders',
      foreach_concurrency: -1,
      foreach_steps: [step('a')],
    } as Partial<ProcessStep>);
    const process = processOf([each], { inputs: [{ name: 'orders', type: 'json', required: true }] });
    expect(codesOfIR({ processes: [process], schedules: [], stories: [] })).toEqual(['DZ317']);
  });
});
