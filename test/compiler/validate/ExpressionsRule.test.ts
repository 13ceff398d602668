import { describe, it } from 'vitest';
import { ExpressionsRule } from '../../../compiler/validate/rules/ExpressionsRule.ts';
import { at, dsl, harnessFor, where } from './harness.ts';

const { expectValid, expectErrors } = harnessFor(ExpressionsRule);

describe('ExpressionsRule', () => {
  it('accepts conditions, values and paths over inputs, steps, outputs and the trigger entity', () => {
    expectValid(dsl`
      process p "P":
        trigger:
          when: entity Invoice status -> submitted
        input:
          priority: str
        steps:
          - step check:
              condition: priority = urgent and Invoice.total > 10000
              on_true: load
          - step load:
              service: s
              output: loaded
              inputs:
                - Invoice.id -> invoice
                - action -> refund
          - step review:
              human_task:
                surface: review
                assignee: Invoice.submitted_by.manager
                outcomes:
                  - approve "Approve":
                      sets:
                        - Invoice.status -> approved
          - step close:
              effects:
                - update Task:
                    where: linked_id = self.id and loaded.count > 0
                    set:
                      - Task.status -> archived
    `);
  });

  it('reports a bad condition at its column', () => {
    const source = dsl`
      process p "P":
        steps:
          - step check:
              condition: input.amount > > 3
              on_true: complete
    `;
    expectErrors(source, [at('DZ400', source, '> 3')]);
  });

  it('reports a bad quoted condition at its column inside the quotes', () => {
    const source = dsl`
      process p "P":
        steps:
          - step check:
              condition: "input.amount >= and 3"
              on_true: complete
    `;
    expectErrors(source, [at('DZ400', source, 'and 3')]);
  });

  it('reports a bad where, set value and llm input', () => {
    const source = dsl`
      process p "P":
        steps:
          - step close:
              effects:
                - update Task:
                    where: (linked_id = self.id
                    set:
                      - Task.note -> len()
          - step summarize:
              llm_intent: summarize
              input_map:
                text: input.body..x
    `;
    expectErrors(source, [
      // The missing ")" is reported at the end of the where, just after `self.id`.
      { code: 'DZ400', line: where(source, 'self.id').line, column: where(source, 'self.id').column + 7 },
      at('DZ403', source, 'len'),
      at('DZ400', source, '.x'),
    ]);
  });

  it('warns about a root nothing supplies when no trigger data can', () => {
    const source = dsl`
      process p "P":
        trigger:
          when: manual
        input:
          amount: int
        steps:
          - step check:
              condition: amont > 3 and Invoce.total > 1
              on_true: complete
          - step call:
              service: s
              inputs:
                - context.description -> text
    `;
    expectErrors(source, [
      at('DZ323', source, 'amont'),
      at('DZ323', source, 'Invoce.total'),
      at('DZ323', source, 'context.description'),
    ]);
  });

  it('warns about item outside a foreach, not inside one', () => {
    const source = dsl`
      process p "P":
        trigger:
          when: entity Order created
        input:
          lines: json
        steps:
          - step each:
              foreach: lines
              steps:
                - step ship:
                    service: s
                    inputs:
                      - item.sku -> sku
          - step after:
              service: s
              inputs:
                - item_index -> position
    `;
    expectErrors(source, [at('DZ323', source, 'item_index')]);
  });

  it('lets a lowercase root fall back to the trigger entity', () => {
    expectValid(dsl`
      process p "P":
        trigger:
          when: entity Task created
        steps:
          - step summarize:
              llm_intent: summarize_text
              input_map:
                text: context.description
          - step check:
              condition: priority = urgent
              on_true: complete
    `);
  });
});
